// /partner: the agency's referrals, newest first, by status and lateness. The filters live in
// the address so a reload or a link keeps them.
import { useState } from "react";
import { Link, useSearchParams } from "react-router-dom";

import { api, type Page as ApiPage } from "../../api/client";
import { useAction, useApi } from "../../api/useApi";
import { Field } from "../../components/Field";
import { Page } from "../../components/Page";
import { Empty, ErrorMessage, Show } from "../../components/States";
import { formatDateTime, humanise } from "../../format";
import { OverdueBadge, PriorityBadge, StatusBadge } from "./badges";
import { STATUSES, type PartnerMe, type ReferralStatus, type ReferralSummary } from "./types";

export function ReferralList() {
  const [params, setParams] = useSearchParams();
  const status = (params.get("status") ?? "") as ReferralStatus | "";
  const overdue = params.get("overdue") === "true";
  const me = useApi<PartnerMe>("/partners/me");

  function filter(name: string, value: string) {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  }

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
          <select value={status} onChange={(e) => filter("status", e.target.value)}>
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
            <input type="checkbox" checked={overdue} onChange={(e) => filter("overdue", e.target.checked ? "true" : "")} />
            Overdue only (past the due date and still open)
          </label>
        </div>
      </form>
      {/* A new filter starts again from the first page. */}
      <ReferralPages key={`${status}|${overdue}`} status={status} overdue={overdue} />
    </Page>
  );
}

function ReferralPages({ status, overdue }: { status: ReferralStatus | ""; overdue: boolean }) {
  const query = { status: status || undefined, overdue: overdue || undefined };
  const first = useApi<ApiPage<ReferralSummary>>("/referrals", { query });
  const [more, setMore] = useState<ApiPage<ReferralSummary>[]>([]);
  const next = useAction((cursor: string) => api<ApiPage<ReferralSummary>>("/referrals", { query: { ...query, cursor } }));

  return (
    <Show loaded={first} what="Loading your referrals">
      {(page) => {
        const items = [...page.items, ...more.flatMap((p) => p.items)];
        const cursor = (more.at(-1) ?? page).next_cursor;
        if (items.length === 0) {
          return (
            <Empty>
              {status || overdue
                ? "No referral matches these filters."
                : "The force has not referred anything to your agency yet."}
            </Empty>
          );
        }
        return (
          <div className="panel">
            <div className="table-wrap" data-testid="partner-referral-list">
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
            {next.error && <ErrorMessage error={next.error} />}
            {cursor && (
              <div className="actions">
                <button
                  type="button"
                  className="secondary"
                  disabled={next.running}
                  onClick={async () => {
                    const loaded = await next.run(cursor);
                    if (loaded) setMore((pages) => [...pages, loaded]);
                  }}
                >
                  {next.running ? "Loading…" : "Load more"}
                </button>
              </div>
            )}
          </div>
        );
      }}
    </Show>
  );
}
