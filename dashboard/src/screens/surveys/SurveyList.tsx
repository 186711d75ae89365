import { Link } from "react-router-dom";

import { Field } from "../../components/Field";
import { Page } from "../../components/Page";
import { ShowPaged, usePaged } from "../../components/Paged";
import { useAddressFilters } from "../../components/useAddressFilters";
import { formatDateTime, humanise, number } from "../../format";
import type { SurveyStatus, SurveySummary } from "./types";

const PAGE_SIZE = 20;

export function StatusBadge({ status }: { status: SurveyStatus }) {
  const tone = status === "published" ? "badge-ok" : status === "draft" ? "badge-info" : "";
  return <span className={`badge ${tone}`}>{humanise(status)}</span>;
}

/** Every survey, newest first, by status, a page at a time. */
export function SurveyList() {
  const { filters, shown, set } = useAddressFilters(["status"]);
  const surveys = usePaged<SurveySummary>("/surveys", { status: filters.status, limit: PAGE_SIZE });
  return (
    <Page
      title="Surveys"
      actions={
        <Link className="button" to="new">
          New survey
        </Link>
      }
    >
      <div className="panel">
        <div className="survey-row">
          <Field label="Show">
            <select value={shown.status} onChange={(e) => set({ status: e.target.value })}>
              <option value="">All surveys</option>
              <option value="draft">Drafts</option>
              <option value="published">Published</option>
              <option value="closed">Closed</option>
            </select>
          </Field>
        </div>
        <ShowPaged paged={surveys} what="surveys" empty={filters.status ? `No surveys are ${filters.status}.` : "No surveys yet."}>
          {(items) => (
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">Surveys, newest first</caption>
                <thead>
                  <tr>
                    <th scope="col">Title</th>
                    <th scope="col">Status</th>
                    <th scope="col">Audience</th>
                    <th scope="col">Responses</th>
                    <th scope="col">Opens</th>
                    <th scope="col">Closes</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((s) => (
                    <tr key={s.id}>
                      <td>
                        <Link to={s.id}>{s.title}</Link>
                      </td>
                      <td>
                        <StatusBadge status={s.status} />
                      </td>
                      <td>
                        {humanise(s.audience)}
                        {s.anonymous ? ", anonymous" : ", identified"}
                      </td>
                      <td>{number(s.responses)}</td>
                      <td>{s.status === "draft" && !s.opens_at ? "When published" : formatDateTime(s.opens_at)}</td>
                      <td>{s.closes_at ? formatDateTime(s.closes_at) : "When closed"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </ShowPaged>
      </div>
    </Page>
  );
}
