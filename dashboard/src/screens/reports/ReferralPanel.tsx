import { useState, type FormEvent } from "react";

import { api, type Page } from "../../api/client";
import { useAction, useApi } from "../../api/useApi";
import { Field } from "../../components/Field";
import { Panel } from "../../components/Page";
import { Empty, ErrorMessage, Show } from "../../components/States";
import { formatDateTime, humanise } from "../../format";
import {
  REFERRAL_PRIORITIES,
  type Partner,
  type Referral,
  type ReferralCreate,
  type ReferralPriority,
  type Report,
} from "./types";

const OPEN = new Set<Referral["status"]>(["pending", "accepted"]);
const STATUS_CLASS: Record<Referral["status"], string> = {
  pending: "badge badge-info",
  accepted: "badge badge-ok",
  declined: "badge badge-urgent",
  completed: "badge badge-ok",
};

export function ReferralStatus({ referral }: { referral: Referral }) {
  return (
    <>
      <span className={STATUS_CLASS[referral.status]}>{humanise(referral.status)}</span>
      {referral.overdue && <span className="badge badge-urgent">Overdue</span>}
    </>
  );
}

/** The report's referrals to partner agencies (GET /referrals?report_id=) and a new one
 * (POST /referrals): a partner, the reason written for them, a priority and a due date. */
export function ReferralPanel({ report, onChanged }: { report: Report; onChanged: () => void }) {
  const partners = useApi<Partner[]>("/partners", { query: { active: true } });
  const referrals = useApi<Page<Referral>>("/referrals", { query: { report_id: report.id, limit: 100 } });
  const [partnerId, setPartnerId] = useState("");
  const [reason, setReason] = useState("");
  const [priority, setPriority] = useState<ReferralPriority>("normal");
  const [due, setDue] = useState("");
  const [made, setMade] = useState<string | null>(null);
  const refer = useAction((body: ReferralCreate) => api<Referral[]>("/referrals", { method: "POST", json: body }));

  const partnerName = (id: string) => partners.data?.find((p) => p.id === id)?.name ?? "A partner agency";
  // A partner with an open referral of this report cannot be sent another (the API refuses).
  const referredTo = new Set((referrals.data?.items ?? []).filter((r) => OPEN.has(r.status)).map((r) => r.partner_id));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setMade(null);
    const body: ReferralCreate = { report_id: report.id, partner_ids: [partnerId], reason: reason.trim(), priority };
    if (due) body.due_at = new Date(due).toISOString();
    if (await refer.run(body)) {
      setMade(partnerName(partnerId));
      setPartnerId("");
      setReason("");
      setDue("");
      referrals.reload();
      onChanged();
    }
  }

  return (
    <Panel title="Referrals">
      <Show loaded={referrals} what="Loading the referrals">
        {(page) =>
          page.items.length === 0 ? (
            <Empty>Not referred to any partner agency.</Empty>
          ) : (
            <ul className="list" aria-label="Referrals of this report">
              {page.items.map((r) => (
                <li key={r.id}>
                  <strong>{partnerName(r.partner_id)}</strong> <ReferralStatus referral={r} />
                  <div className="meta">
                    {humanise(r.priority)} priority · due {formatDateTime(r.due_at)} · referred{" "}
                    {formatDateTime(r.created_at)}
                  </div>
                  <div>{r.reason}</div>
                </li>
              ))}
            </ul>
          )
        }
      </Show>
      <h3>Refer to a partner</h3>
      {!report.share_consent && (
        <p className="hint">
          The reporter did not agree to sharing: the partner receives an anonymised summary of the report.
        </p>
      )}
      <Show loaded={partners} what="Loading the partner agencies">
        {(list) => (
          <form className="form" onSubmit={submit}>
            <Field label="Partner agency">
              <select value={partnerId} onChange={(e) => setPartnerId(e.target.value)} required>
                <option value="">Choose a partner</option>
                {list.map((p) => (
                  <option key={p.id} value={p.id} disabled={referredTo.has(p.id)}>
                    {p.name}
                    {referredTo.has(p.id) ? " (already referred)" : ""}
                  </option>
                ))}
              </select>
            </Field>
            <Field label="Reason" hint="Written for the partner: what you ask them to do (at least 10 characters)">
              <textarea value={reason} onChange={(e) => setReason(e.target.value)} required minLength={10} maxLength={5000} />
            </Field>
            <Field label="Referral priority">
              <select value={priority} onChange={(e) => setPriority(e.target.value as ReferralPriority)}>
                {REFERRAL_PRIORITIES.map((p) => (
                  <option key={p} value={p}>
                    {humanise(p)}
                  </option>
                ))}
              </select>
            </Field>
            <Field label="Due by" hint="Optional: left empty, the agreed time for the priority">
              <input type="datetime-local" value={due} onChange={(e) => setDue(e.target.value)} />
            </Field>
            <div className="actions">
              <button type="submit" disabled={refer.running}>
                Refer
              </button>
            </div>
          </form>
        )}
      </Show>
      {made && (
        <p className="notice" role="status">
          Referred to {made}.
        </p>
      )}
      {refer.error && <ErrorMessage error={refer.error} />}
    </Panel>
  );
}
