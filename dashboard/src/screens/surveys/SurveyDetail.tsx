import { useState } from "react";
import { Link, useLocation, useParams } from "react-router-dom";

import { api, download } from "../../api/client";
import { useAction, useApi } from "../../api/useApi";
import { Page, Panel } from "../../components/Page";
import { ErrorMessage, Show } from "../../components/States";
import { formatDateTime, humanise, number } from "../../format";
import { fromContent, fromDistribution } from "./draft";
import { Results } from "./Results";
import { SurveyForm, type Submit } from "./SurveyForm";
import { StatusBadge } from "./SurveyList";
import type { NamedArea, Survey, Topic, Version } from "./types";

interface Arrival {
  notice?: string;
  publishError?: string;
}

/** One survey: what it is and who it asks; the builder while a draft; live results once
 * published; close it, export its responses, or edit its questions as a new version. */
export function SurveyDetail() {
  const { id } = useParams();
  const survey = useApi<Survey>(`/surveys/${id}`);
  return (
    <Show loaded={survey} what="Loading the survey">
      {(data) => <SurveyPage survey={data} reload={survey.reload} />}
    </Show>
  );
}

function SurveyPage({ survey, reload }: { survey: Survey; reload: () => void }) {
  const arrival = (useLocation().state ?? {}) as Arrival;
  const [notice, setNotice] = useState(arrival.notice);
  const [closing, setClosing] = useState(false);
  const [editing, setEditing] = useState(false);
  const exportCsv = useAction(() => download(`/surveys/${survey.id}/export.csv`, `survey-${survey.slug}.csv`));
  const close = useAction(async () => {
    await api<Survey>(`/surveys/${survey.id}/close`, { method: "POST" });
    setClosing(false);
    setNotice("Closed: the survey takes no more responses.");
    reload();
  });
  // The version being edited: the draft (a new survey's first, or a published one's next).
  const editable = survey.draft_version ?? (survey.status === "published" && editing ? survey.current_version : null);
  return (
    <Page
      title={survey.title}
      actions={
        <div className="actions">
          <Link to=".." relative="path" className="button secondary">
            All surveys
          </Link>
          {survey.status !== "draft" && (
            <button type="button" className="secondary" onClick={() => void exportCsv.run()} disabled={exportCsv.running}>
              {exportCsv.running ? "Exporting…" : "Export CSV"}
            </button>
          )}
          {survey.status === "published" && !closing && (
            <button type="button" className="danger" onClick={() => setClosing(true)}>
              Close survey
            </button>
          )}
        </div>
      }
    >
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {arrival.publishError && survey.status === "draft" && (
        <div className="state state-error" role="alert">
          <p>
            <strong>Saved as a draft, but not published:</strong> {arrival.publishError}
          </p>
        </div>
      )}
      {exportCsv.error && <ErrorMessage error={exportCsv.error} />}
      {closing && (
        <div className="panel survey-confirm" role="group" aria-labelledby="close-question">
          <p id="close-question">
            <strong>Close this survey now?</strong> Nobody can answer it any more, and unfinished responses are
            deleted. Its results stay.
          </p>
          {close.error && <ErrorMessage error={close.error} />}
          <div className="actions">
            <button type="button" className="danger" onClick={() => void close.run()} disabled={close.running}>
              {close.running ? "Closing…" : "Yes, close it"}
            </button>
            <button type="button" className="secondary" onClick={() => setClosing(false)}>
              Keep it open
            </button>
          </div>
        </div>
      )}
      <Overview survey={survey} />
      {survey.status !== "draft" && <Results surveyId={survey.id} live={survey.status === "published"} />}
      {survey.status === "published" && survey.draft_version === null && !editing && (
        <div className="actions survey-edit">
          <button type="button" className="secondary" onClick={() => setEditing(true)}>
            Edit the questions (as version {survey.current_version + 1})
          </button>
        </div>
      )}
      {editable !== null && (
        <Builder
          survey={survey}
          number={editable}
          onDone={(message) => {
            setNotice(message);
            setEditing(false);
            reload();
          }}
        />
      )}
    </Page>
  );
}

function Overview({ survey }: { survey: Survey }) {
  const areas = useApi<NamedArea[]>(survey.areas.length ? "/areas" : null);
  const topics = useApi<Topic[]>(survey.topics.length ? "/topics" : null);
  const name = (list: { slug: string; name: string }[] | undefined, slug: string) =>
    list?.find((x) => x.slug === slug)?.name ?? humanise(slug);
  return (
    <Panel title="Overview">
      <dl className="survey-facts">
        <div>
          <dt>Status</dt>
          <dd>
            <StatusBadge status={survey.status} />
          </dd>
        </div>
        <div>
          <dt>Who is asked</dt>
          <dd>
            {humanise(survey.audience)}
            {survey.areas.length > 0 && `: ${survey.areas.map((a) => name(areas.data, a)).join(", ")}`}
            {survey.topics.length > 0 && ` (topics: ${survey.topics.map((t) => name(topics.data, t)).join(", ")})`}
            {survey.account_ids.length > 0 && `: ${number(survey.account_ids.length)} accounts`}
          </dd>
        </div>
        <div>
          <dt>Responses</dt>
          <dd>
            {number(survey.responses)}, {survey.anonymous ? "anonymous" : "identified"}
          </dd>
        </div>
        <div>
          <dt>Opens</dt>
          <dd>{survey.opens_at ? formatDateTime(survey.opens_at) : "When published"}</dd>
        </div>
        <div>
          <dt>Closes</dt>
          <dd>
            {survey.closed_at
              ? `Closed ${formatDateTime(survey.closed_at)}`
              : survey.closes_at
                ? formatDateTime(survey.closes_at)
                : "When an officer closes it"}
          </dd>
        </div>
        <div>
          <dt>Version</dt>
          <dd>
            {survey.current_version ? `${survey.current_version} live` : "Not published"}
            {survey.draft_version !== null && `, ${survey.draft_version} being drafted`}
          </dd>
        </div>
        {survey.status !== "draft" && (
          <div>
            <dt>Link</dt>
            <dd>
              <code>{survey.link}</code>
            </dd>
          </div>
        )}
      </dl>
    </Panel>
  );
}

/** The builder on a saved survey: version `number`'s content (the live one's, to start the
 * next version from it), and the distribution while the survey is a draft. */
function Builder({ survey, number: n, onDone }: { survey: Survey; number: number; onDone: (notice: string) => void }) {
  const version = useApi<Version>(`/surveys/${survey.id}/versions/${n}`);
  const draft = survey.status === "draft";
  const save: Submit = async (content, distribution) => {
    if (survey.draft_version !== null) {
      await api(`/surveys/${survey.id}/versions/${survey.draft_version}`, { method: "PUT", json: content });
    } else {
      await api(`/surveys/${survey.id}/versions`, { method: "POST", json: content });
    }
    if (draft && distribution) await api(`/surveys/${survey.id}`, { method: "PATCH", json: distribution });
  };
  const next = draft ? 1 : survey.current_version + 1;
  return (
    <section aria-labelledby="builder-heading" className="survey-builder">
      <h2 id="builder-heading">{draft ? "Build the survey" : `Version ${next} (a draft until published)`}</h2>
      <Show loaded={version} what="Loading the questions">
        {(v) => (
          <SurveyForm
            key={`${survey.id}-${n}`}
            initial={fromContent(v.content)}
            distribution={draft ? fromDistribution(survey) : undefined}
            saveLabel={draft ? "Save draft" : `Save version ${next} as a draft`}
            publishLabel={draft ? "Publish" : `Publish version ${next}`}
            onSave={async (content, distribution) => {
              await save(content, distribution);
              onDone(draft ? "Draft saved." : `Version ${next} saved as a draft.`);
            }}
            onPublish={async (content, distribution) => {
              await save(content, distribution);
              await api<Survey>(`/surveys/${survey.id}/publish`, { method: "POST" });
              onDone(draft ? "Published." : `Version ${next} published.`);
            }}
          />
        )}
      </Show>
    </section>
  );
}
