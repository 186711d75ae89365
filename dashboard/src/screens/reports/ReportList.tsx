import { useState, type FormEvent } from "react";
import { Link } from "react-router-dom";

import { Field } from "../../components/Field";
import { Page } from "../../components/Page";
import { ShowPaged, usePaged } from "../../components/Paged";
import { useAddressFilters } from "../../components/useAddressFilters";
import { formatDateTime, humanise } from "../../format";
import { PriorityBadge, StatusBadge, UrgentBadge, useNames } from "./labels";
import { PRIORITIES, STATUSES, type Report } from "./types";

const FILTERS = ["status", "category", "priority", "area", "q"] as const;

/** /reports: the officers' search, filtered by status, category, priority, area and words; the
 * filters live in the address so that the back button and a shared link keep them. */
export function ReportList() {
  const { filters, shown, set } = useAddressFilters(FILTERS);
  const names = useNames();
  const reports = usePaged<Report>("/reports", { ...filters, limit: 25 });
  const [words, setWords] = useState(filters.q);

  function search(event: FormEvent) {
    event.preventDefault();
    set({ q: words.trim() });
  }

  return (
    <Page title="Reports">
      <form className="panel report-filters" onSubmit={search} aria-label="Filter the reports">
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
        <Field label="Category">
          <select value={shown.category} onChange={(e) => set({ category: e.target.value })}>
            <option value="">Any category</option>
            {names.categories.map((c) => (
              <option key={c.slug} value={c.slug}>
                {c.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Priority">
          <select value={shown.priority} onChange={(e) => set({ priority: e.target.value })}>
            <option value="">Any priority</option>
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {humanise(p)}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Area">
          <select value={shown.area} onChange={(e) => set({ area: e.target.value })}>
            <option value="">Any area</option>
            {names.areas.map((a) => (
              <option key={a.slug} value={a.slug}>
                {a.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Words" hint="In the description or the place">
          <input type="search" value={words} onChange={(e) => setWords(e.target.value)} minLength={2} />
        </Field>
        <div className="actions">
          <button type="submit">Search</button>
        </div>
      </form>

      <section className="panel" aria-labelledby="results-title">
        <h2 id="results-title">Results</h2>
        <ShowPaged paged={reports} what="reports" empty="No report matches these filters.">
          {(items) => (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Report</th>
                    <th scope="col">What</th>
                    <th scope="col">Status</th>
                    <th scope="col">When</th>
                    <th scope="col">Where</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((r) => (
                    <tr key={r.id}>
                      <th scope="row">
                        <Link to={`/reports/${r.id}`}>{r.reference}</Link>
                      </th>
                      <td>
                        <strong>{names.category(r.category)}</strong>
                        {r.kind === "intelligence" && " (intelligence)"}
                        <p className="report-excerpt">{r.description}</p>
                      </td>
                      <td>
                        <div className="report-badges">
                          <StatusBadge status={r.status} />
                          <PriorityBadge priority={r.priority} />
                          {r.urgent && <UrgentBadge />}
                        </div>
                      </td>
                      <td>{formatDateTime(r.occurred_from)}</td>
                      <td>{r.areas.length ? r.areas.map(names.area).join(", ") : (r.location_text ?? "—")}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </ShowPaged>
      </section>
    </Page>
  );
}
