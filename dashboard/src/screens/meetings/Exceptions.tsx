import { useState, type FormEvent } from "react";

import { api } from "../../api/client";
import { useAction } from "../../api/useApi";
import type { Account } from "../../auth/AuthContext";
import { Field } from "../../components/Field";
import { Panel } from "../../components/Page";
import { ShowPaged, usePaged } from "../../components/Paged";
import { ErrorMessage } from "../../components/States";
import { formatDateTime, humanise } from "../../format";
import { formatShortDay, isMidnight, isoDay, ZONE } from "./clock";
import type { AvailabilityException, ExceptionCreate, ExceptionKind } from "./types";

const KINDS: { kind: ExceptionKind; label: string }[] = [
  { kind: "leave", label: "Leave" },
  { kind: "other", label: "Other (training, court, a shift change…)" },
];

const blank = () => ({ kind: "leave" as ExceptionKind, wholeDays: true, firstDay: isoDay(), lastDay: isoDay(), from: "", until: "", reason: "" });

/** When an exception applies: whole days (midnight to midnight on this clock) or a period. */
function period(e: AvailabilityException): string {
  if (isMidnight(e.starts_at) && isMidnight(e.ends_at)) {
    const last = new Date(new Date(e.ends_at).getTime() - 1).toISOString();
    const first = formatShortDay(e.starts_at);
    const end = formatShortDay(last);
    return first === end ? `${first} (all day)` : `${first} to ${end} (whole days)`;
  }
  return `${formatDateTime(e.starts_at)} to ${formatDateTime(e.ends_at)}`;
}

/** The officer's leave and other time away: no slots are offered then. */
export function Exceptions({ account }: { account: Account }) {
  // Those still to come or going on now.
  const exceptions = usePaged<AvailabilityException>("/availability/exceptions", {
    officer_id: account.id,
    from: isoDay(),
    limit: 50,
  });
  const [form, setForm] = useState(blank);
  const [notice, setNotice] = useState<string>();
  const add = useAction(async (exception: ExceptionCreate) => {
    await api<AvailabilityException>("/availability/exceptions", { method: "POST", json: exception });
    setForm(blank());
    setNotice("Added: no slots are offered then.");
    exceptions.reload();
  });
  const remove = useAction(async (exception: AvailabilityException) => {
    await api(`/availability/exceptions/${exception.id}`, { method: "DELETE" });
    setNotice(`Removed: ${period(exception)} is offered again.`);
    exceptions.reload();
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    setNotice(undefined);
    const common = { officer_id: account.id, kind: form.kind, reason: form.reason.trim(), timezone: ZONE };
    void add.run(
      form.wholeDays
        ? { ...common, starts_on: form.firstDay, ends_on: form.lastDay }
        : { ...common, starts_at: new Date(form.from).toISOString(), ends_at: new Date(form.until).toISOString() },
    );
  }

  return (
    <Panel title="Leave and other exceptions">
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {remove.error && <ErrorMessage error={remove.error} />}
      <ShowPaged paged={exceptions} what="exceptions" empty="No leave or other exceptions from today.">
        {(items) => (
          <ul className="list">
            {[...items]
              .sort((a, b) => a.starts_at.localeCompare(b.starts_at))
              .map((e) => (
                <li key={e.id} className="meetings-row">
                  <div>
                    <span className="badge badge-info">{humanise(e.kind)}</span> <strong>{period(e)}</strong>
                    {e.reason && (
                      <>
                        <br />
                        {e.reason}
                      </>
                    )}
                  </div>
                  <button
                    type="button"
                    className="secondary"
                    aria-label={`Remove ${humanise(e.kind).toLowerCase()} ${period(e)}`}
                    disabled={remove.running}
                    onClick={() => void remove.run(e)}
                  >
                    Remove
                  </button>
                </li>
              ))}
          </ul>
        )}
      </ShowPaged>

      <h3>Add an exception</h3>
      <form className="form" onSubmit={submit}>
        <Field label="Kind">
          <select value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value as ExceptionKind })}>
            {KINDS.map((k) => (
              <option key={k.kind} value={k.kind}>
                {k.label}
              </option>
            ))}
          </select>
        </Field>
        <fieldset>
          <legend>How long</legend>
          <div className="meetings-checks">
            <label>
              <input type="radio" name="exception-length" checked={form.wholeDays} onChange={() => setForm({ ...form, wholeDays: true })} />{" "}
              Whole days
            </label>
            <label>
              <input type="radio" name="exception-length" checked={!form.wholeDays} onChange={() => setForm({ ...form, wholeDays: false })} />{" "}
              Part of a day
            </label>
          </div>
        </fieldset>
        {form.wholeDays ? (
          <div className="meetings-fields">
            <Field label="First day off">
              <input type="date" required value={form.firstDay} onChange={(e) => setForm({ ...form, firstDay: e.target.value })} />
            </Field>
            <Field label="Last day off">
              <input type="date" required value={form.lastDay} onChange={(e) => setForm({ ...form, lastDay: e.target.value })} />
            </Field>
          </div>
        ) : (
          <div className="meetings-fields">
            <Field label="Away from">
              <input type="datetime-local" required value={form.from} onChange={(e) => setForm({ ...form, from: e.target.value })} />
            </Field>
            <Field label="Back at">
              <input type="datetime-local" required value={form.until} onChange={(e) => setForm({ ...form, until: e.target.value })} />
            </Field>
          </div>
        )}
        <Field label="Reason" hint="Optional.">
          <input value={form.reason} maxLength={300} onChange={(e) => setForm({ ...form, reason: e.target.value })} />
        </Field>
        {add.error && <ErrorMessage error={add.error} />}
        <div className="actions">
          <button type="submit" disabled={add.running}>
            {add.running ? "Adding…" : "Add the exception"}
          </button>
        </div>
      </form>
    </Panel>
  );
}
