import { Link } from "react-router-dom";

import type { Loaded } from "../../api/useApi";
import { useAuth } from "../../auth/AuthContext";
import { Panel } from "../../components/Page";
import { Empty, Show } from "../../components/States";
import { formatDateTime, humanise } from "../../format";
import type { EntryKind, TimelineEntry } from "./types";

const TITLES: Record<EntryKind, string> = {
  submitted: "Reported",
  triaged: "Triaged",
  status_changed: "Status changed",
  internal_note: "Internal note",
  public_update: "Update to the reporter",
  information_added: "The reporter added information",
  evidence_attached: "Evidence attached",
  linked: "Linked to another report",
  referral_outcome: "Referral outcome",
  withdrawn: "Withdrawn by the reporter",
  reporter_erased: "The reporter erased their account",
};

const text = (value: unknown) => (typeof value === "string" ? value : undefined);

/** What the entry's data adds to its text, for the force's eyes. */
function Details({ entry, me }: { entry: TimelineEntry; me: string | undefined }) {
  const data = entry.data;
  if (entry.kind === "status_changed" && text(data.reason)) return <p className="meta">Reason: {text(data.reason)}</p>;
  if (entry.kind === "triaged") {
    const parts = Object.entries(data).map(([field, value]) => {
      // An officer's id means nothing to the reader: who it is, as far as the screen knows.
      if (field === "assigned_officer_id") return `Officer: ${value === null ? "nobody" : value === me ? "you" : "another officer"}`;
      const shown = Array.isArray(value) ? value.join(", ") || "none" : String(value ?? "none");
      return `${humanise(field)}: ${humanise(shown)}`;
    });
    return parts.length ? <p className="meta">{parts.join(" · ")}</p> : null;
  }
  if (entry.kind === "linked" && text(data.related_report_id)) {
    return (
      <p className="meta">
        With <Link to={`/reports/${text(data.related_report_id)}`}>{text(data.reference) ?? "the related report"}</Link>
      </p>
    );
  }
  if (entry.kind === "referral_outcome") {
    return (
      <p className="meta">
        {text(data.partner_name)}: {humanise(text(data.outcome) ?? "")}
      </p>
    );
  }
  return null;
}

export function TimelinePanel({ timeline }: { timeline: Loaded<TimelineEntry[]> }) {
  const { account } = useAuth();
  return (
    <Panel title="Timeline">
      <Show loaded={timeline} what="Loading the timeline">
        {(entries) =>
          entries.length === 0 ? (
            <Empty>Nothing has happened yet.</Empty>
          ) : (
            <ol className="thread report-timeline">
              {entries.map((entry) => (
                <li key={entry.id} className={entry.visibility === "internal" ? "message" : "message report-entry-public"}>
                  <div className="report-entry-head">
                    <strong>{TITLES[entry.kind] ?? humanise(entry.kind)}</strong>{" "}
                    <span className={entry.visibility === "internal" ? "badge" : "badge badge-info"}>
                      {entry.visibility === "internal" ? "Internal" : "Seen by the reporter"}
                    </span>
                  </div>
                  {entry.body && <p className="report-entry-body">{entry.body}</p>}
                  <Details entry={entry} me={account?.id} />
                  <p className="meta">
                    {formatDateTime(entry.at)} · {humanise(entry.actor_role)}
                  </p>
                </li>
              ))}
            </ol>
          )
        }
      </Show>
    </Panel>
  );
}
