// What the agency can do with a referral, offered by its status: accept or decline a pending
// one; post updates, record the outcome or decline an accepted one. The API has the last word:
// a refusal (someone else at the agency declined it meanwhile, say) shows its message.
import { useId, useState, type FormEvent, type ReactNode } from "react";

import { api } from "../../api/client";
import { useAction } from "../../api/useApi";
import { Field } from "../../components/Field";
import { Empty, ErrorMessage } from "../../components/States";
import { humanise } from "../../format";
import { OUTCOMES, type Outcome, type Referral } from "./types";

type Run = (step: string, json: unknown, done: string) => Promise<boolean>;

export function ReferralActions({ referral, changed }: { referral: Referral; changed: () => void }) {
  const [done, setDone] = useState<string>();
  const action = useAction((step: string, json: unknown) =>
    api<Referral>(`/referrals/${referral.id}/${step}`, { method: "POST", json }),
  );
  const run: Run = async (step, json, message) => {
    setDone(undefined);
    const answer = await action.run(step, json);
    // Done or refused, show the referral as it is now: a refusal usually means it moved on.
    changed();
    if (answer === undefined) return false;
    setDone(message);
    return true;
  };
  const open = referral.status === "pending" || referral.status === "accepted";
  return (
    <>
      {action.error && <ErrorMessage error={action.error} />}
      {done && (
        <p className="notice" role="status">
          {done}
        </p>
      )}
      {referral.status === "pending" && (
        <Section title="Accept">
          <p className="hint">Accepting tells the force your agency is taking this on.</p>
          <button type="button" disabled={action.running} onClick={() => void run("accept", undefined, "Referral accepted.")}>
            Accept referral
          </button>
        </Section>
      )}
      {referral.status === "accepted" && <OutcomeForm run={run} busy={action.running} />}
      {open && <UpdateForm run={run} busy={action.running} />}
      {open && <DeclineForm run={run} busy={action.running} />}
      {referral.status === "declined" && (
        <Empty>Your agency declined this referral: nothing more can be done on it. The force may refer the report again.</Empty>
      )}
      {referral.status === "completed" && <Empty>The outcome is recorded: this referral is complete.</Empty>}
    </>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <section className="partner-action" aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      {children}
    </section>
  );
}

function UpdateForm({ run, busy }: { run: Run; busy: boolean }) {
  const [note, setNote] = useState("");
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (await run("updates", { note: note.trim() }, "Update posted.")) setNote("");
  }
  return (
    <Section title="Post an update">
      <form className="form" onSubmit={submit}>
        <Field label="Update for the force" hint="Progress on this referral. The force reads it; the reporter does not.">
          <textarea required maxLength={5000} value={note} onChange={(e) => setNote(e.target.value)} />
        </Field>
        <div className="actions">
          <button type="submit" disabled={busy}>
            Post update
          </button>
        </div>
      </form>
    </Section>
  );
}

function OutcomeForm({ run, busy }: { run: Run; busy: boolean }) {
  const [outcome, setOutcome] = useState<Outcome | "">("");
  const [summary, setSummary] = useState("");
  const [details, setDetails] = useState("");
  async function submit(event: FormEvent) {
    event.preventDefault();
    const body = { outcome, public_summary: summary.trim(), details: details.trim() || undefined };
    if (await run("outcome", body, "Outcome recorded: the referral is complete.")) {
      setOutcome("");
      setSummary("");
      setDetails("");
    }
  }
  return (
    <Section title="Record the outcome">
      <form className="form" onSubmit={submit}>
        <Field label="Outcome">
          <select required value={outcome} onChange={(e) => setOutcome(e.target.value as Outcome)}>
            <option value="">Choose what was done</option>
            {OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {humanise(o)}
              </option>
            ))}
          </select>
        </Field>
        <Field
          label="Summary for the reporter"
          hint="10 to 1,000 characters. The reporter reads this on their report and in their conversation: write it for them, without internal detail."
        >
          <textarea required minLength={10} maxLength={1000} value={summary} onChange={(e) => setSummary(e.target.value)} />
        </Field>
        <Field label="Details for the force (optional)" hint="Never shown to the reporter.">
          <textarea maxLength={10_000} value={details} onChange={(e) => setDetails(e.target.value)} />
        </Field>
        <div className="actions">
          <button type="submit" disabled={busy}>
            Record outcome
          </button>
        </div>
      </form>
    </Section>
  );
}

function DeclineForm({ run, busy }: { run: Run; busy: boolean }) {
  const [reason, setReason] = useState("");
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (await run("decline", { reason: reason.trim() }, "Referral declined.")) setReason("");
  }
  return (
    <Section title="Decline">
      <form className="form" onSubmit={submit}>
        <Field label="Reason for declining" hint="10 characters or more, for the force: why your agency cannot take this on.">
          <textarea required minLength={10} maxLength={5000} value={reason} onChange={(e) => setReason(e.target.value)} />
        </Field>
        <div className="actions">
          <button type="submit" className="danger" disabled={busy}>
            Decline referral
          </button>
        </div>
      </form>
    </Section>
  );
}
