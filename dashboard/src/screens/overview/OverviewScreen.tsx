import { useMemo, useState } from "react";
import { Link } from "react-router-dom";

import type { Page as ApiPage } from "../../api/client";
import { useApi } from "../../api/useApi";
import { Field } from "../../components/Field";
import { Page, Panel } from "../../components/Page";
import { Empty, Show } from "../../components/States";
import { BarChart, LineChart, type Series } from "../../components/charts";
import { formatDateTime, formatTime, humanise, number } from "../../format";
import { ReferralStatus } from "../reports/ReferralPanel";
import { PriorityBadge, StatusBadge, UrgentBadge, useNames } from "../reports/labels";
import type { Conversation, Partner, Referral, Report } from "../reports/types";
import type { DayCount, Meeting, ReportStats } from "./types";

const OPEN_STATUSES = ["received", "triaged", "in_progress", "referred"];
const WINDOWS = [7, 30, 90];
// The browser's zone: days in the charts and "today" are the officer's own.
const TZ = Intl.DateTimeFormat().resolvedOptions().timeZone;
const DAY = 24 * 60 * 60 * 1000;

/** YYYY-MM-DD of `at` on the officer's clock. */
const dayOf = (at: Date) => at.toLocaleDateString("en-CA", { timeZone: TZ });

/** "12" or, when the server has more than the page it sent, "100+". */
const countOf = (page: ApiPage<unknown>) => `${page.items.length}${page.next_cursor ? "+" : ""}`;

/** One line per key over every day of the window, zero on days without reports. */
function series(counts: DayCount[], days: string[], name: (key: string | null) => string): Series[] {
  const keys = [...new Set(counts.map((c) => c.key))];
  return keys.map((key) => {
    const byDay = new Map(counts.filter((c) => c.key === key).map((c) => [c.day, c.count]));
    return { name: name(key), points: days.map((day) => ({ at: new Date(day), value: byDay.get(day) ?? 0 })) };
  });
}

function ReportItems({ page, empty }: { page: ApiPage<Report>; empty: string }) {
  const names = useNames();
  if (page.items.length === 0) return <Empty>{empty}</Empty>;
  return (
    <ul className="list">
      {page.items.map((r) => (
        <li key={r.id}>
          <Link to={`/reports/${r.id}`}>{r.reference}</Link> {names.category(r.category)}{" "}
          <span className="report-badges">
            <StatusBadge status={r.status} />
            <PriorityBadge priority={r.priority} />
            {r.urgent && <UrgentBadge />}
          </span>
          <div className="meta">
            {formatDateTime(r.occurred_from)} · {r.location_text ?? r.areas.map(names.area).join(", ")}
          </div>
        </li>
      ))}
    </ul>
  );
}

function Charts({ days: windowDays }: { days: number }) {
  const names = useNames();
  // Fixed when the window is chosen: a new "since" every render would ask again every render.
  const span = useMemo(() => {
    const since = new Date(Date.now() - windowDays * DAY);
    const days = Array.from({ length: windowDays + 1 }, (_, i) => dayOf(new Date(since.getTime() + i * DAY)));
    return { since: since.toISOString(), days: [...new Set(days)] };
  }, [windowDays]);
  const stats = useApi<ReportStats>("/reports/stats", { query: { since: span.since, tz: TZ } });
  return (
    <Show loaded={stats} what="Counting the reports">
      {(s) => (
        <>
          <p className="overview-total">
            <span className="stat">{number(s.total)}</span>{" "}
            <span className="stat-label">
              reports of incidents in the last {windowDays} days
              {s.by_status.length > 0 &&
                `: ${s.by_status.map((c) => `${number(c.count)} ${humanise(c.key ?? "").toLowerCase()}`).join(", ")}`}
            </span>
          </p>
          <div className="grid overview-charts">
            <BarChart
              title="Reports by category"
              bars={s.by_category.map((c) => ({ label: names.category(c.key ?? ""), value: c.count }))}
            />
            <BarChart title="Reports by area" bars={s.by_area.map((c) => ({ label: names.area(c.key), value: c.count }))} />
            <LineChart
              title="Reports by category, per day"
              series={series(s.by_day_and_category, span.days, (key) => names.category(key ?? ""))}
            />
            <LineChart title="Reports by area, per day" series={series(s.by_day_and_area, span.days, names.area)} />
          </div>
        </>
      )}
    </Show>
  );
}

/** /: what needs the officer now (new and urgent reports, conversations, overdue referrals,
 * today's meetings) and the picture of the last weeks, every figure counted by the server. */
export function OverviewScreen() {
  const today = useMemo(() => dayOf(new Date()), []);
  const [windowDays, setWindowDays] = useState(30);
  const urgent = useApi<ApiPage<Report>>("/reports", { query: { urgent: true, status: OPEN_STATUSES, limit: 10 } });
  const fresh = useApi<ApiPage<Report>>("/reports", { query: { status: "received", limit: 10 } });
  const conversations = useApi<ApiPage<Conversation>>("/conversations", { query: { status: "open", limit: 100 } });
  const overdue = useApi<ApiPage<Referral>>("/referrals", { query: { overdue: true, limit: 10 } });
  const partners = useApi<Partner[]>("/partners");
  const meetings = useApi<ApiPage<Meeting>>("/meetings", { query: { from: today, to: today, tz: TZ, limit: 50 } });
  const partnerName = (id: string) => partners.data?.find((p) => p.id === id)?.name ?? "A partner agency";

  return (
    <Page title="Overview">
      <div className="grid overview-grid">
        <Panel title="Open conversations">
          <Show loaded={conversations} what="Counting conversations">
            {(page) => (
              <>
                <p className="stat">{countOf(page)}</p>
                <p className="stat-label">
                  open, {page.items.filter((c) => c.unread > 0).length} with unread messages
                </p>
                <p>
                  <Link to="/conversations">Go to the conversations</Link>
                </p>
              </>
            )}
          </Show>
        </Panel>
        <Panel title="Overdue referrals">
          <Show loaded={overdue} what="Loading overdue referrals">
            {(page) =>
              page.items.length === 0 ? (
                <Empty>No referral is overdue.</Empty>
              ) : (
                <>
                  <p className="stat-label">
                    <span className="stat">{countOf(page)}</span> past their due date
                  </p>
                  <ul className="list">
                    {page.items.map((r) => (
                      <li key={r.id}>
                        <strong>{partnerName(r.partner_id)}</strong> <ReferralStatus referral={r} />
                        <div className="meta">
                          Due {formatDateTime(r.due_at)} · <Link to={`/reports/${r.report_id}`}>the report</Link>
                        </div>
                      </li>
                    ))}
                  </ul>
                </>
              )
            }
          </Show>
        </Panel>
        <Panel title="Today's meetings">
          <Show loaded={meetings} what="Loading today's meetings">
            {(page) =>
              page.items.length === 0 ? (
                <Empty>No meeting today.</Empty>
              ) : (
                <ul className="list">
                  {[...page.items]
                    .sort((a, b) => a.starts_at.localeCompare(b.starts_at))
                    .map((m) => (
                      <li key={m.id}>
                        <strong>
                          {formatTime(m.starts_at)}–{formatTime(m.ends_at)}
                        </strong>{" "}
                        {m.meeting_type_name} {m.status !== "booked" && <span className="badge">{humanise(m.status)}</span>}
                        <div className="meta">{m.online ? "Online" : m.location_name}</div>
                      </li>
                    ))}
                </ul>
              )
            }
          </Show>
          <p>
            <Link to="/meetings">All meetings</Link>
          </p>
        </Panel>
      </div>
      <div className="grid overview-grid">
        <Panel title="Urgent reports">
          <Show loaded={urgent} what="Loading urgent reports">
            {(page) => <ReportItems page={page} empty="No open urgent report." />}
          </Show>
        </Panel>
        <Panel title="New reports">
          <Show loaded={fresh} what="Loading new reports">
            {(page) => (
              <>
                <ReportItems page={page} empty="No report waits for triage." />
                {page.next_cursor && (
                  <p>
                    <Link to="/reports?status=received">All new reports</Link>
                  </p>
                )}
              </>
            )}
          </Show>
        </Panel>
      </div>
      <section className="panel overview-picture" aria-labelledby="picture-title">
        <div className="overview-picture-head">
          <h2 id="picture-title">The picture</h2>
          <Field label="Over">
            <select value={windowDays} onChange={(e) => setWindowDays(Number(e.target.value))}>
              {WINDOWS.map((d) => (
                <option key={d} value={d}>
                  the last {d} days
                </option>
              ))}
            </select>
          </Field>
        </div>
        <Charts days={windowDays} />
      </section>
    </Page>
  );
}
