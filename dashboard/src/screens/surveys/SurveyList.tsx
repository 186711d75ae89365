import { useEffect, useState } from "react";
import { Link, useSearchParams } from "react-router-dom";

import { api, url, type Page as ApiPage } from "../../api/client";
import { useAction, useApi } from "../../api/useApi";
import { Field } from "../../components/Field";
import { Page } from "../../components/Page";
import { Empty, ErrorMessage, Show } from "../../components/States";
import { formatDateTime, humanise, number } from "../../format";
import type { SurveyStatus, SurveySummary } from "./types";

const PAGE_SIZE = 20;

export function StatusBadge({ status }: { status: SurveyStatus }) {
  const tone = status === "published" ? "badge-ok" : status === "draft" ? "badge-info" : "";
  return <span className={`badge ${tone}`}>{humanise(status)}</span>;
}

/** Every survey, newest first, by status, a page at a time. */
export function SurveyList() {
  const [params, setParams] = useSearchParams();
  const status = (params.get("status") ?? "") as SurveyStatus | "";
  const first = useApi<ApiPage<SurveySummary>>(url("/surveys", { status, limit: PAGE_SIZE }));
  const [later, setLater] = useState<SurveySummary[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  useEffect(() => {
    setLater([]);
    setCursor(first.data?.next_cursor ?? null);
  }, [first.data]);
  const more = useAction(async () => {
    const page = await api<ApiPage<SurveySummary>>(url("/surveys", { status, limit: PAGE_SIZE, cursor }));
    setLater((previous) => [...previous, ...page.items]);
    setCursor(page.next_cursor);
  });
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
            <select
              value={status}
              onChange={(e) => setParams(e.target.value ? { status: e.target.value } : {}, { replace: true })}
            >
              <option value="">All surveys</option>
              <option value="draft">Drafts</option>
              <option value="published">Published</option>
              <option value="closed">Closed</option>
            </select>
          </Field>
        </div>
        <Show loaded={first} what="Loading the surveys">
          {(page) => {
            const surveys = [...page.items, ...later];
            if (surveys.length === 0) return <Empty>No surveys {status ? `are ${status}` : "yet"}.</Empty>;
            return (
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
                    {surveys.map((s) => (
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
            );
          }}
        </Show>
        {more.error && <ErrorMessage error={more.error} retry={() => void more.run()} />}
        {cursor && first.data && (
          <button type="button" className="secondary" onClick={() => void more.run()} disabled={more.running}>
            {more.running ? "Loading…" : "Load more"}
          </button>
        )}
      </div>
    </Page>
  );
}
