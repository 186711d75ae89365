import { useState } from "react";
import { Link } from "react-router-dom";

import { api } from "../../api/client";
import { useAction, useApi } from "../../api/useApi";
import { Field } from "../../components/Field";
import { Panel } from "../../components/Page";
import { Empty, ErrorMessage, Show } from "../../components/States";
import { formatDateTime, percent } from "../../format";
import { StatusBadge, useNames } from "./labels";
import type { Duplicate, Link as ReportLink } from "./types";

/** Linked reports (GET /reports/{id}/links) and likely duplicates to link (GET .../duplicates,
 * POST .../links). The API keeps links for good: there is no unlinking. */
export function RelatedPanel({ reportId, onChanged }: { reportId: string; onChanged: () => void }) {
  const names = useNames();
  const links = useApi<ReportLink[]>(`/reports/${reportId}/links`);
  const duplicates = useApi<Duplicate[]>(`/reports/${reportId}/duplicates`);
  const [reason, setReason] = useState("");
  const [linked, setLinked] = useState<string | null>(null);
  const link = useAction((related: Duplicate) =>
    api<ReportLink>(`/reports/${reportId}/links`, {
      method: "POST",
      json: { related_report_id: related.report_id, reason: reason.trim() },
    }),
  );

  async function linkTo(related: Duplicate) {
    setLinked(null);
    if (await link.run(related)) {
      setLinked(related.reference);
      setReason("");
      links.reload();
      duplicates.reload();
      onChanged();
    }
  }

  return (
    <Panel title="Related reports">
      <Show loaded={links} what="Loading the linked reports">
        {(items) =>
          items.length === 0 ? (
            <Empty>No linked report.</Empty>
          ) : (
            <ul className="list" aria-label="Linked reports">
              {items.map((l) => (
                <li key={l.related_report_id}>
                  <Link to={`/reports/${l.related_report_id}`}>{l.related_reference}</Link>: {l.reason}
                  <div className="meta">Linked {formatDateTime(l.created_at)}</div>
                </li>
              ))}
            </ul>
          )
        }
      </Show>
      <h3>Possible duplicates</h3>
      <Show loaded={duplicates} what="Looking for duplicates">
        {(items) => {
          const open = items.filter((d) => !d.linked);
          if (open.length === 0) return <Empty>No likely duplicate.</Empty>;
          return (
            <>
              <Field label="Reason for linking" hint="Needed to link a report below (at least 3 characters)">
                <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} />
              </Field>
              <ul className="list" aria-label="Possible duplicates">
                {open.map((d) => (
                  <li key={d.report_id}>
                    <Link to={`/reports/${d.report_id}`}>{d.reference}</Link> {names.category(d.category)}{" "}
                    <StatusBadge status={d.status} />
                    <div className="meta">
                      {percent(d.score, 1)} likely · {d.hours_apart} h apart
                      {d.distance_m !== null && ` · ${Math.round(d.distance_m)} m away`}
                    </div>
                    <p className="report-excerpt">{d.description}</p>
                    <button
                      type="button"
                      className="secondary"
                      disabled={link.running || reason.trim().length < 3}
                      onClick={() => void linkTo(d)}
                    >
                      Link {d.reference}
                    </button>
                  </li>
                ))}
              </ul>
            </>
          );
        }}
      </Show>
      {linked && (
        <p className="notice" role="status">
          Linked to {linked}.
        </p>
      )}
      {link.error && <ErrorMessage error={link.error} />}
    </Panel>
  );
}
