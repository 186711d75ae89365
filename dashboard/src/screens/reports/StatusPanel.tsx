import { useState, type FormEvent } from "react";

import { api } from "../../api/client";
import { useAction } from "../../api/useApi";
import { Field } from "../../components/Field";
import { Panel } from "../../components/Page";
import { ErrorMessage } from "../../components/States";
import { humanise } from "../../format";
import type { Report, ReportStatus, StatusChange } from "./types";

/** Move the report on (POST /reports/{id}/status): only to the statuses the API says the
 * workflow allows from where it is; the reason stays internal, the message goes to the
 * reporter. */
export function StatusPanel({ report, onChanged }: { report: Report; onChanged: () => void }) {
  const moves = report.allowed_moves;
  const [to, setTo] = useState<ReportStatus | "">("");
  const [reason, setReason] = useState("");
  const [message, setMessage] = useState("");
  const [done, setDone] = useState<ReportStatus | null>(null);
  const change = useAction((body: StatusChange) =>
    api<Report>(`/reports/${report.id}/status`, { method: "POST", json: body }),
  );

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (to === "") return;
    setDone(null);
    const body: StatusChange = { status: to, reason: reason.trim() };
    if (message.trim()) body.public_message = message.trim();
    if (await change.run(body)) {
      setDone(to);
      setTo("");
      setReason("");
      setMessage("");
      onChanged();
    }
  }

  return (
    <Panel title="Status">
      <p>
        Now: <strong>{humanise(report.status)}</strong>
      </p>
      {moves.length === 0 ? (
        <p>A {humanise(report.status).toLowerCase()} report cannot move on.</p>
      ) : (
        <form className="form" onSubmit={submit}>
          <Field label="New status">
            <select value={to} onChange={(e) => setTo(e.target.value as ReportStatus | "")} required>
              <option value="">Choose a status</option>
              {moves.map((s) => (
                <option key={s} value={s}>
                  {humanise(s)}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Reason" hint="Internal: the reporter does not see it">
            <textarea value={reason} onChange={(e) => setReason(e.target.value)} required minLength={3} maxLength={2000} />
          </Field>
          <Field label="Message to the reporter" hint="Optional; published as an update they can read">
            <textarea value={message} onChange={(e) => setMessage(e.target.value)} maxLength={5000} />
          </Field>
          <div className="actions">
            <button type="submit" disabled={change.running}>
              Change status
            </button>
          </div>
        </form>
      )}
      {done && (
        <p className="notice" role="status">
          Status changed to {humanise(done).toLowerCase()}.
        </p>
      )}
      {change.error && <ErrorMessage error={change.error} />}
    </Panel>
  );
}
