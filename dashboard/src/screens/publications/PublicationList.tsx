// Every publication in any state, newest first, by state and kind (the filters live in the
// address, so that a reload or a shared link shows the same list).
import { Link } from "react-router-dom";

import { Field } from "../../components/Field";
import { Page } from "../../components/Page";
import { ShowPaged, usePaged } from "../../components/Paged";
import { useAddressFilters } from "../../components/useAddressFilters";
import { formatDateTime } from "../../format";
import { KIND_LABELS, STATUS_LABELS, SeverityBadge, StatusBadge, useTargets } from "./labels";
import type { Publication } from "./types";

export function PublicationList() {
  const { filters, shown, set } = useAddressFilters(["status", "kind"]);
  const list = usePaged<Publication>("/publications", filters);
  const { nameOf } = useTargets();

  return (
    <Page
      title="Publications"
      actions={
        <Link to="/publications/new" className="button">
          New publication
        </Link>
      }
    >
      <section className="panel" aria-labelledby="publications-list">
        <h2 id="publications-list">News, appeals and warnings</h2>
        <form className="form list-filters" onSubmit={(event) => event.preventDefault()} aria-label="Filter the publications">
          <Field label="State">
            <select value={shown.status} onChange={(event) => set({ status: event.target.value })}>
              <option value="">Any state</option>
              {Object.entries(STATUS_LABELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Kind">
            <select value={shown.kind} onChange={(event) => set({ kind: event.target.value })}>
              <option value="">Any kind</option>
              {Object.entries(KIND_LABELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </Field>
        </form>
        <ShowPaged paged={list} what="publications" empty="No publication matches these filters.">
          {(items) => (
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">Publications, newest first</caption>
                <thead>
                  <tr>
                    <th scope="col">Title</th>
                    <th scope="col">Kind</th>
                    <th scope="col">State</th>
                    <th scope="col">Areas</th>
                    <th scope="col">Published</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((p) => (
                    <tr key={p.id}>
                      <th scope="row">
                        <Link to={`/publications/${p.id}`}>{p.title}</Link>
                      </th>
                      <td>
                        {KIND_LABELS[p.kind]} {p.severity && <SeverityBadge severity={p.severity} />}
                      </td>
                      <td>
                        <StatusBadge status={p.status} />
                      </td>
                      <td>{p.areas.length ? p.areas.map(nameOf).join(", ") : "Everywhere"}</td>
                      <td>{p.status === "scheduled" ? `Due ${formatDateTime(p.publish_at)}` : formatDateTime(p.published_at)}</td>
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
