// One publication in any state: its text in each language, submitting, approving (supervisors)
// and publishing it, how far it reached, retracting it, and what happened to it.
import { useEffect, useState, type FormEvent } from "react";
import { useLocation, useNavigate, useParams } from "react-router-dom";

import { api } from "../../api/client";
import { useAction, useApi } from "../../api/useApi";
import { isSupervisor, useAuth } from "../../auth/AuthContext";
import { BarChart } from "../../components/charts";
import { Field } from "../../components/Field";
import { Page, Panel } from "../../components/Page";
import { ErrorMessage, Show } from "../../components/States";
import { formatDateTime, humanise, number, percent } from "../../format";
import type { AfterCompose } from "./Composer";
import { KIND_LABELS, SeverityBadge, StatusBadge, languageName, useTargets } from "./labels";
import type { HistoryEntry, Kind, Publication, Reach } from "./types";

// Kinds the platform delivers to subscribers' inboxes; news and advice are read in the feeds.
const DELIVERED: Kind[] = ["warning", "appeal", "survey"];
// How often the reach is read again while the fan-out runs.
const POLL_MS = 2_000;

export function PublicationDetail() {
  const { id = "" } = useParams();
  const location = useLocation();
  const navigate = useNavigate();
  // What the composer said: shown once, not again after a reload (the browser keeps the state).
  const [after] = useState((location.state ?? {}) as AfterCompose);
  useEffect(() => {
    if (location.state) navigate(location.pathname, { replace: true, state: null });
  }, [location, navigate]);
  const [language, setLanguage] = useState<string>();
  const loaded = useApi<Publication>(`/publications/${id}`, { query: { lang: language } });
  // The heading keeps the default language's title (the text below may be in another).
  const [title, setTitle] = useState<string>();
  useEffect(() => {
    if (loaded.data && language === undefined) setTitle(loaded.data.title);
  }, [loaded.data, language]);
  const history = useApi<HistoryEntry[]>(`/publications/${id}/history`);
  const { nameOf } = useTargets();
  const changed = () => {
    loaded.reload();
    history.reload();
  };

  return (
    <Page title={title ?? "Publication"}>
      {after.notice && !after.error && (
        <p className="notice" role="status">
          {after.notice}
        </p>
      )}
      {after.error && <ErrorMessage error={new Error(`Saved as a draft, but not sent: ${after.error}`)} />}
      <Show loaded={loaded} what="Loading the publication">
        {(p) => (
          <div className="stack">
            <Panel title="The publication">
              <Facts publication={p} nameOf={nameOf} />
              {p.languages.length > 1 && (
                <div className="form narrow">
                  <Field label="Language shown">
                  <select value={p.language} onChange={(e) => setLanguage(e.target.value)}>
                    {p.languages.map((code) => (
                      <option key={code} value={code}>
                        {languageName(code)}
                      </option>
                    ))}
                  </select>
                </Field>
                </div>
              )}
              <article lang={p.language} className="publication-text">
                <h3>{p.title}</h3>
                <p className="message-body">{p.body}</p>
              </article>
            </Panel>
            <Actions publication={p} onChanged={changed} />
            {DELIVERED.includes(p.kind) && (p.status === "published" || p.status === "retracted") && (
              <ReachPanel id={p.id} acknowledgement={p.requires_acknowledgement} nameOf={nameOf} />
            )}
            <Panel title="History">
              <Show loaded={history} what="Loading the history">
                {(entries) => <History entries={entries} />}
              </Show>
            </Panel>
          </div>
        )}
      </Show>
    </Page>
  );
}

function Facts({ publication: p, nameOf }: { publication: Publication; nameOf: (slug: string) => string }) {
  return (
    <dl className="facts">
      <div>
        <dt>State</dt>
        <dd>
          <StatusBadge status={p.status} />
        </dd>
      </div>
      <div>
        <dt>Kind</dt>
        <dd>
          {KIND_LABELS[p.kind]} {p.severity && <SeverityBadge severity={p.severity} />}
        </dd>
      </div>
      <div>
        <dt>Areas</dt>
        <dd>{p.areas.length ? p.areas.map(nameOf).join(", ") : "None (the feeds only)"}</dd>
      </div>
      <div>
        <dt>Topics</dt>
        <dd>{p.topics.length ? p.topics.map(nameOf).join(", ") : "Every topic"}</dd>
      </div>
      <div>
        <dt>Languages</dt>
        <dd>{p.languages.map(languageName).join(", ")}</dd>
      </div>
      {p.kind === "warning" && (
        <div>
          <dt>Acknowledgement</dt>
          <dd>{p.requires_acknowledgement ? "Asked for" : "Not asked for"}</dd>
        </div>
      )}
      <div>
        <dt>{p.status === "scheduled" ? "Goes out" : "Published"}</dt>
        <dd>{formatDateTime(p.status === "scheduled" ? p.publish_at : p.published_at)}</dd>
      </div>
      <div>
        <dt>Expires</dt>
        <dd>{p.expires_at ? formatDateTime(p.expires_at) : "Never"}</dd>
      </div>
      <div>
        <dt>Version</dt>
        <dd>{p.version}</dd>
      </div>
    </dl>
  );
}

function Actions({ publication: p, onChanged }: { publication: Publication; onChanged: () => void }) {
  const { account } = useAuth();
  const supervisor = isSupervisor(account);
  const act = useAction((path: string, json?: unknown) => api<Publication>(`/publications/${p.id}/${path}`, { method: "POST", json }));
  const [reason, setReason] = useState("");
  async function run(path: string, json?: unknown) {
    if ((await act.run(path, json)) !== undefined) onChanged();
  }
  async function retract(event: FormEvent) {
    event.preventDefault();
    await run("retract", { reason: reason.trim() });
  }

  let body;
  if (p.status === "draft") {
    const submits = p.kind === "warning" && !supervisor;
    body = (
      <>
        <p>{submits ? "An officer's warning goes to a supervisor, who approves and publishes it." : "Not published yet."}</p>
        <button type="button" disabled={act.running} onClick={() => void run("publish")}>
          {submits ? "Submit for approval" : "Publish now"}
        </button>
      </>
    );
  } else if (p.status === "pending_approval") {
    body = supervisor ? (
      <>
        <p>An officer submitted this warning: check the text, the areas and the severity, then approve it to publish it.</p>
        <button type="button" disabled={act.running} onClick={() => void run("approve")}>
          Approve and publish
        </button>
      </>
    ) : (
      <p>Waiting for a supervisor's approval.</p>
    );
  } else if (p.status === "published" || p.status === "scheduled") {
    body = (
      <form className="form narrow" onSubmit={retract}>
        <Field
          label="Reason for retracting"
          hint="Shown to the public: the item leaves the feeds (a scheduled one is cancelled)."
        >
          <input value={reason} onChange={(e) => setReason(e.target.value)} required minLength={3} maxLength={500} />
        </Field>
        <div className="actions">
          <button type="submit" className="danger" disabled={act.running}>
            Retract
          </button>
        </div>
      </form>
    );
  } else {
    body = <p>Retracted: it is no longer in the feeds.</p>;
  }
  return (
    <Panel title="Approval and publishing">
      {body}
      {act.error && <ErrorMessage error={act.error} />}
    </Panel>
  );
}

function ReachPanel({
  id,
  acknowledgement,
  nameOf,
}: {
  id: string;
  acknowledgement: boolean;
  nameOf: (slug: string) => string;
}) {
  const reach = useApi<Reach>(`/publications/${id}/reach`);
  const { data, reload } = reach;
  const running = data?.fan_out != null && data.fan_out.status !== "done";
  // While the fan-out runs, read the progress again every two seconds until it is done.
  useEffect(() => {
    if (!running) return;
    const timer = setTimeout(reload, POLL_MS);
    return () => clearTimeout(timer);
  }, [data, running, reload]);

  return (
    <Panel title="Reach" className="reach">
      <Show loaded={reach} what="Loading the reach">
        {(r) => (
          <>
            <FanOutProgress reach={r} />
            <div className="grid stats">
              <Stat label="delivered" value={r.total.delivered} />
              <Stat label={`read (${percent(r.total.read, r.total.delivered)})`} value={r.total.read} />
              {acknowledgement && (
                <Stat label={`acknowledged (${percent(r.total.acknowledged, r.total.delivered)})`} value={r.total.acknowledged} />
              )}
            </div>
            <div className="table-wrap">
              <table>
                <caption>Reach by the area each person was reached through</caption>
                <thead>
                  <tr>
                    <th scope="col">Area</th>
                    <th scope="col">Delivered</th>
                    <th scope="col">Read</th>
                    {acknowledgement && <th scope="col">Acknowledged</th>}
                  </tr>
                </thead>
                <tbody>
                  {r.by_area.length === 0 && (
                    <tr>
                      <td colSpan={acknowledgement ? 4 : 3}>Nobody reached yet.</td>
                    </tr>
                  )}
                  {r.by_area.map((a) => (
                    <tr key={a.area ?? ""}>
                      <th scope="row">{a.area ? nameOf(a.area) : "Unknown area"}</th>
                      <td>{number(a.delivered)}</td>
                      <td>{number(a.read)}</td>
                      {acknowledgement && <td>{number(a.acknowledged)}</td>}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {r.by_area.length > 1 && (
              <BarChart
                title="Delivered by area"
                bars={r.by_area.map((a) => ({ label: a.area ? nameOf(a.area) : "Unknown", value: a.delivered }))}
              />
            )}
          </>
        )}
      </Show>
    </Panel>
  );
}

function FanOutProgress({ reach }: { reach: Reach }) {
  const f = reach.fan_out;
  if (f === null) return <p>It was not delivered to inboxes (no areas).</p>;
  if (f.status === "done") {
    return (
      <p className="notice" role="status">
        Delivery done: {number(f.recipients)} people reached, {formatDateTime(f.finished_at)}.
      </p>
    );
  }
  return (
    <div role="status" className="fan-out">
      <label htmlFor="fan-out-progress">
        {f.status === "pending" ? "Waiting to start delivery" : "Delivering"}: {f.slices_done} of {f.slices} parts done,{" "}
        {number(f.recipients)} people reached so far ({number(f.subscriptions_scanned)} subscriptions checked)
      </label>
      <progress id="fan-out-progress" max={f.slices} value={f.slices_done} />
    </div>
  );
}

function Stat({ label, value }: { label: string; value: number }) {
  return (
    <div>
      <p className="stat">{number(value)}</p>
      <p className="stat-label">{label}</p>
    </div>
  );
}

function History({ entries }: { entries: HistoryEntry[] }) {
  return (
    <ol className="list history">
      {entries.map((entry, index) => (
        <li key={index}>
          <strong>{humanise(entry.action)}</strong> <span className="meta">{formatDateTime(entry.at)} · version {entry.version}</span>
          {typeof entry.data.reason === "string" && <p className="history-reason">Reason: {entry.data.reason}</p>}
        </li>
      ))}
    </ol>
  );
}
