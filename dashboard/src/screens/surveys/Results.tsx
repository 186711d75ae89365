import { useEffect, useState } from "react";

import { api, url, type Page } from "../../api/client";
import { useApi, useAction } from "../../api/useApi";
import { BarChart } from "../../components/charts";
import { Panel } from "../../components/Page";
import { Empty, ErrorMessage, Show } from "../../components/States";
import { formatDate, formatTime, number } from "../../format";
import type { QuestionResult, Results as ResultsData, TextAnswer } from "./types";

// Live results: read again this often while the screen is open.
const REFRESH_MS = 10_000;

const SCALES = new Set(["likert", "rating", "number"]);

/** A survey's live results, a chart per question, read again every 10 s or on demand. */
export function Results({ surveyId, live }: { surveyId: string; live: boolean }) {
  const results = useApi<ResultsData>(`/surveys/${surveyId}/results`);
  const [readAt, setReadAt] = useState<Date>();
  const { reload } = results;
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [live, reload]);
  useEffect(() => {
    if (results.data && !results.loading) setReadAt(new Date());
  }, [results.data, results.loading]);
  return (
    <Panel title="Results" className="survey-results">
      <div className="actions">
        <button type="button" className="secondary" onClick={reload} disabled={results.loading}>
          {results.loading && results.data ? "Refreshing…" : "Refresh now"}
        </button>
        <span className="meta" aria-live="polite">
          {readAt && `As of ${formatTime(readAt.toISOString())}`}
          {live && " · refreshes every 10 seconds"}
        </span>
      </div>
      <Show loaded={results} what="Loading the results">
        {(data) => (
          <>
            <p>
              {data.responses === null
                ? `Fewer than ${data.suppress_below} responses so far: figures are shown from ${data.suppress_below}.`
                : `${number(data.responses)} responses.`}
            </p>
            {data.questions.length === 0 ? (
              <Empty>No published version has asked any question yet.</Empty>
            ) : (
              <div className="grid survey-charts">
                {data.questions.map((q, n) => (
                  <QuestionFigures key={q.question} surveyId={surveyId} result={q} number={n + 1} below={data.suppress_below} />
                ))}
              </div>
            )}
          </>
        )}
      </Show>
    </Panel>
  );
}

function QuestionFigures({ surveyId, result, number: n, below }: { surveyId: string; result: QuestionResult; number: number; below: number }) {
  const title = `${n}. ${result.text}`;
  const few = `fewer than ${below} responses`;
  if (result.suppressed || result.answered === null) {
    return (
      <section className="survey-chart" aria-label={title}>
        <h3>{title}</h3>
        <p className="survey-suppressed">Not shown: {few} answered this question.</p>
      </section>
    );
  }
  const hidden = [...result.options, ...result.ranking].filter((o) => o.suppressed);
  return (
    <section className="survey-chart" aria-label={title}>
      <h3>{title}</h3>
      <p className="meta">{number(result.answered)} answered</p>
      {result.kind === "likert" && result.options.length > 1 && (
        <p className="meta">
          Scale positions: 1 = {result.options[0]?.label}, {result.options.length} = {result.options.at(-1)?.label}
        </p>
      )}
      {SCALES.has(result.kind) && (
        <dl className="survey-stats">
          <div>
            <dt>Mean</dt>
            <dd>{result.mean ?? "—"}</dd>
          </div>
          <div>
            <dt>Median</dt>
            <dd>{result.median ?? "—"}</dd>
          </div>
        </dl>
      )}
      {result.kind === "ranking" ? (
        <>
          <BarChart
            title="Score (higher is preferred)"
            bars={result.ranking.filter((o) => !o.suppressed).map((o) => ({ label: o.label, value: o.score ?? 0 }))}
          />
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">{title}: mean rank and first places</caption>
              <thead>
                <tr>
                  <th scope="col">Option</th>
                  <th scope="col">Mean rank</th>
                  <th scope="col">First places</th>
                </tr>
              </thead>
              <tbody>
                {result.ranking.map((o) => (
                  <tr key={o.value}>
                    <th scope="row">{o.label}</th>
                    <td>{o.mean_rank ?? "—"}</td>
                    <td>{o.first ?? (o.suppressed ? few : "—")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : (
        result.options.length > 0 && (
          <BarChart
            title="Answers, by count"
            bars={result.options.filter((o) => !o.suppressed).map((o) => ({ label: o.label, value: o.count ?? 0 }))}
          />
        )
      )}
      {hidden.length > 0 && (
        <p className="survey-suppressed">
          Not shown, {few}: {hidden.map((o) => o.label).join(", ")}.
        </p>
      )}
      {result.kind === "text" && <TextAnswers surveyId={surveyId} question={result.question} />}
    </section>
  );
}

/** A free-text question's answers, the latest day first, a page at a time on request. */
function TextAnswers({ surveyId, question }: { surveyId: string; question: string }) {
  const [answers, setAnswers] = useState<TextAnswer[]>();
  const [cursor, setCursor] = useState<string | null>(null);
  const more = useAction(async (after: string | null) => {
    const page = await api<Page<TextAnswer>>(url(`/surveys/${surveyId}/results/text/${question}`, { cursor: after, limit: 20 }));
    setAnswers((previous) => [...(after ? previous ?? [] : []), ...page.items]);
    setCursor(page.next_cursor);
  });
  if (answers === undefined) {
    return (
      <>
        <button type="button" className="secondary" onClick={() => void more.run(null)} disabled={more.running}>
          {more.running ? "Loading…" : "Read the answers"}
        </button>
        {more.error && <ErrorMessage error={more.error} />}
      </>
    );
  }
  return (
    <>
      {answers.length === 0 ? (
        <Empty>No answers yet.</Empty>
      ) : (
        <ul className="list survey-answers">
          {answers.map((a) => (
            <li key={a.response_id}>
              <p>{a.text}</p>
              <span className="meta">{formatDate(a.submitted_day)}</span>
            </li>
          ))}
        </ul>
      )}
      {more.error && <ErrorMessage error={more.error} />}
      {cursor && (
        <button type="button" className="secondary" onClick={() => void more.run(cursor)} disabled={more.running}>
          {more.running ? "Loading…" : "Load more answers"}
        </button>
      )}
    </>
  );
}
