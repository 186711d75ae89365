// /partner: the agency's referrals, newest first, by status and lateness. The filters live in
// the address so a reload or a link keeps them.
import { Link } from "react-router-dom";

import { useApi } from "../../api/useApi";
import { Field } from "../../components/Field";
import { Page } from "../../components/Page";
import { ShowPaged, usePaged } from "../../components/Paged";
import { Show } from "../../components/States";
import { useAddressFilters } from "../../components/useAddressFilters";
import { formatDateTime, humanise } from "../../format";
import { OverdueBadge, PriorityBadge, StatusBadge } from "./badges";
import { STATUSES, type PartnerMe, type ReferralSummary } from "./types";

export function ReferralList() {
  const { filters, shown, set } = useAddressFilters(["status", "overdue"]);
  const me = useApi<PartnerMe>("/partners/me");
  const referrals = usePaged<ReferralSummary>("/referrals", {
    status: filters.status || undefined,
    overdue: filters.overdue === "true" || undefined,
  });

  return (
    <Page title="My referrals">
      <Show loaded={me} what="Loading your agency">
        {(partner) => (
          <p>
            Reports the force has referred to <strong>{partner.name}</strong>, newest first. Open one to accept or
            decline it, post updates and record the outcome.
          </p>
        )}
      </Show>
      <form className="panel partner-filters" aria-label="Filter referrals" onSubmit={(e) => e.preventDefault()}>
        <Field label="Status">
          <select value={shown.status} onChange={(e) => set({ status: e.target.value })}>
            <option value="">Any status</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {humanise(s)}
              </option>
            ))}
          </select>
        </Field>
        <div className="checks">
          <label>
            <input type="checkbox" checked={shown.overdue === "true"}
              onChange={(e) => set({ overdue: e.target.checked ? "true" : "" })} />
            Overdue only (past the due date and still open)
          </label>
        </div>
      </form>
      <ShowPaged
        paged={referrals}
        what="referrals"
        empty={filters.status || filters.overdue ? "No referral matches these filters." : "The force has not referred anything to your agency yet."}
      >
        {(items) => (
          <div className="panel table-wrap" data-testid="partner-referral-list">
            <table>
              <caption className="visually-hidden">Referrals to your agency</caption>
              <thead>
                <tr>
                  <th scope="col">Referral</th>
                  <th scope="col">Priority</th>
                  <th scope="col">Due</th>
                  <th scope="col">Status</th>
                  <th scope="col">Referred</th>
                </tr>
              </thead>
              <tbody>
                {items.map((r) => (
                  <tr key={r.id}>
                    <td>
                      <Link to={r.id} className="partner-reason">
                        {r.reason}
                      </Link>
                    </td>
                    <td>
                      <PriorityBadge priority={r.priority} />
                    </td>
                    <td>
                      {formatDateTime(r.due_at)} <OverdueBadge overdue={r.overdue} />
                    </td>
                    <td>
                      <StatusBadge status={r.status} />
                    </td>
                    <td>{formatDateTime(r.created_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </ShowPaged>
    </Page>
  );
}
