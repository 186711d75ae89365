// /partner/:referralId: one referral as its agency receives it: the force's terms, the report
// as shared under the agreement, its history, and what the agency can do next.
import { Link, useParams } from "react-router-dom";

import { useApi } from "../../api/useApi";
import { Page, Panel } from "../../components/Page";
import { Show } from "../../components/States";
import { formatDateTime, humanise } from "../../format";
import { OverdueBadge, PriorityBadge, StatusBadge } from "./badges";
import { ReferralActions } from "./ReferralActions";
import { SharedReportView } from "./SharedReportView";
import type { PartnerMe, Referral } from "./types";

export function ReferralDetail() {
  const { referralId } = useParams();
  const referral = useApi<Referral>(`/referrals/${referralId}`);
  // Only to name the agreement on screen: the referral's `report` is already minimised.
  const me = useApi<PartnerMe>("/partners/me");
  return (
    <Page title="Referral" actions={<Link to="/partner">All my referrals</Link>}>
      <Show loaded={referral} what="Loading the referral">
        {(r) => (
          <div className="split">
            <div className="partner-column">
              <Panel title="Terms">
                <dl className="partner-terms">
                  <div>
                    <dt>Status</dt>
                    <dd>
                      <StatusBadge status={r.status} />
                    </dd>
                  </div>
                  <div>
                    <dt>Priority</dt>
                    <dd>
                      <PriorityBadge priority={r.priority} />
                    </dd>
                  </div>
                  <div>
                    <dt>Due</dt>
                    <dd>
                      {formatDateTime(r.due_at)} <OverdueBadge overdue={r.overdue} />
                    </dd>
                  </div>
                  <div>
                    <dt>Referred</dt>
                    <dd>{formatDateTime(r.created_at)}</dd>
                  </div>
                  <div>
                    <dt>Why the force referred it</dt>
                    <dd className="partner-text">{r.reason}</dd>
                  </div>
                </dl>
              </Panel>
              <Panel title="Actions">
                <ReferralActions referral={r} changed={referral.reload} />
              </Panel>
            </div>
            <div className="partner-column">
              <Panel title="The report as shared with you">
                <SharedReportView report={r.report} shared={r.report_shared} partner={me.data} />
              </Panel>
              {r.outcome && (
                <Panel title="Outcome">
                  <dl className="partner-terms">
                    <div>
                      <dt>Outcome</dt>
                      <dd>{humanise(r.outcome)}</dd>
                    </div>
                    <div>
                      <dt>For the reporter</dt>
                      <dd className="partner-text">{r.outcome_summary}</dd>
                    </div>
                    {r.outcome_details && (
                      <div>
                        <dt>For the force only</dt>
                        <dd className="partner-text">{r.outcome_details}</dd>
                      </div>
                    )}
                    <div>
                      <dt>Recorded</dt>
                      <dd>{formatDateTime(r.outcome_recorded_at)}</dd>
                    </div>
                  </dl>
                </Panel>
              )}
              <Panel title="History">
                <History referral={r} />
              </Panel>
            </div>
          </div>
        )}
      </Show>
    </Page>
  );
}

interface Entry {
  key: string;
  at: string;
  ours: boolean;
  what: string;
  text?: string | null;
}

/** The referral's life from its own timestamps and notes, oldest first. */
function History({ referral: r }: { referral: Referral }) {
  const entries: Entry[] = [
    { key: "created", at: r.created_at, ours: false, what: "The force referred this to your agency" },
    ...r.updates.map((u) => ({
      key: u.id,
      at: u.created_at,
      ours: u.by === "partner",
      what: u.by === "partner" ? "Your agency posted an update" : "The force added a note",
      text: u.note,
    })),
  ];
  if (r.accepted_at) entries.push({ key: "accepted", at: r.accepted_at, ours: true, what: "Your agency accepted it" });
  if (r.declined_at) {
    entries.push({ key: "declined", at: r.declined_at, ours: true, what: "Your agency declined it", text: r.decline_reason });
  }
  if (r.outcome && r.outcome_recorded_at) {
    entries.push({
      key: "outcome",
      at: r.outcome_recorded_at,
      ours: true,
      what: `Your agency recorded the outcome: ${humanise(r.outcome)}`,
      text: r.outcome_summary,
    });
  }
  entries.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return (
    <ol className="thread partner-history" aria-label="What happened to this referral">
      {entries.map((e) => (
        <li key={e.key} className={e.ours ? "message message-staff" : "message"}>
          <p className="meta">
            <time dateTime={e.at}>{formatDateTime(e.at)}</time> · {e.what}
          </p>
          {e.text && <p className="partner-text">{e.text}</p>}
        </li>
      ))}
    </ol>
  );
}
