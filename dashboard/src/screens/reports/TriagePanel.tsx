import { useState, type FormEvent } from "react";

import { api } from "../../api/client";
import { useAction } from "../../api/useApi";
import { useAuth } from "../../auth/AuthContext";
import { Field } from "../../components/Field";
import { Panel } from "../../components/Page";
import { ErrorMessage } from "../../components/States";
import { useStaff } from "../../components/useStaff";
import { humanise } from "../../format";
import { PRIORITIES, type Priority, type Report, type Triage } from "./types";
import { ended } from "./workflow";

// The officer field: leave it as it is, take the report, or leave it to the team.
// "keep", "nobody", or a colleague's account id (the staff directory names them).
type Officer = string;

function tagsOf(text: string): string[] {
  return text
    .split(",")
    .map((t) => t.trim().toLowerCase().replace(/\s+/g, "-"))
    .filter(Boolean);
}

/** Priority, assignment and tags (PATCH /reports/{id}/triage). The category is the reporter's
 * and the API does not change it. */
export function TriagePanel({ report, onChanged }: { report: Report; onChanged: () => void }) {
  const { account } = useAuth();
  const { staff, nameOf } = useStaff();
  const [priority, setPriority] = useState<Priority>(report.priority);
  const [team, setTeam] = useState(report.assigned_team ?? "");
  const [officer, setOfficer] = useState<Officer>("keep");
  const [tags, setTags] = useState(report.tags.join(", "));
  const [saved, setSaved] = useState(false);
  const [unchanged, setUnchanged] = useState(false);
  const save = useAction((triage: Triage) =>
    api<Report>(`/reports/${report.id}/triage`, { method: "PATCH", json: triage }),
  );
  const mine = report.assigned_officer_id !== null && report.assigned_officer_id === account?.id;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    setUnchanged(false);
    // Only what changed: the timeline records the fields sent.
    const triage: Triage = {};
    if (priority !== report.priority) triage.priority = priority;
    if ((team.trim() || null) !== report.assigned_team) triage.assigned_team = team.trim() || null;
    if (tagsOf(tags).join() !== report.tags.join()) triage.tags = tagsOf(tags);
    if (officer === "nobody") triage.assigned_officer_id = null;
    else if (officer !== "keep") triage.assigned_officer_id = officer;
    if (Object.keys(triage).length === 0) {
      setUnchanged(true);
      return;
    }
    if (await save.run(triage)) {
      setSaved(true);
      setOfficer("keep");
      onChanged();
    }
  }

  if (ended(report.status)) {
    return (
      <Panel title="Triage">
        <p>
          This report is {humanise(report.status).toLowerCase()}: its triage can no longer change.
        </p>
      </Panel>
    );
  }
  return (
    <Panel title="Triage">
      <form className="form" onSubmit={submit}>
        <Field label="Priority">
          <select value={priority} onChange={(e) => setPriority(e.target.value as Priority)}>
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {humanise(p)}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Officer">
          <select value={officer} onChange={(e) => setOfficer(e.target.value)}>
            <option value="keep">
              {report.assigned_officer_id === null ? "Nobody yet" : nameOf(report.assigned_officer_id)} (unchanged)
            </option>
            {!mine && account && <option value={account.id}>Assign to me</option>}
            {report.assigned_officer_id !== null && <option value="nobody">Nobody: leave it to the team</option>}
            {staff
              ?.filter((m) => m.id !== account?.id && m.id !== report.assigned_officer_id)
              .map((m) => (
                <option key={m.id} value={m.id}>
                  Assign to {m.display_name}
                </option>
              ))}
          </select>
        </Field>
        <Field label="Team" hint="The team that works it, e.g. university-neighbourhood">
          <input value={team} onChange={(e) => setTeam(e.target.value)} maxLength={100} />
        </Field>
        <Field label="Tags" hint="Separated by commas, e.g. bike-theft, repeat-location">
          <input value={tags} onChange={(e) => setTags(e.target.value)} />
        </Field>
        <div className="actions">
          <button type="submit" disabled={save.running}>
            Save triage
          </button>
        </div>
        {saved && (
          <p className="notice" role="status">
            Triage saved.
          </p>
        )}
        {unchanged && (
          <p className="hint" role="status">
            Nothing changed: there is nothing to save.
          </p>
        )}
        {save.error && <ErrorMessage error={save.error} />}
      </form>
    </Panel>
  );
}
