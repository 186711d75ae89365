// Writing a news item, an appeal or a warning: its text in English and any other language, the
// areas (chosen on the map) and topics it goes to, how many people that reaches, then a draft,
// publishing, or (an officer's warning) a supervisor's approval.
import { useState, type FormEvent } from "react";
import { useNavigate } from "react-router-dom";

import { api } from "../../api/client";
import { useAction, useApi, type Loaded } from "../../api/useApi";
import { isSupervisor, useAuth } from "../../auth/AuthContext";
import { AreaMap } from "../../components/AreaMap";
import { Field } from "../../components/Field";
import { Page, Panel } from "../../components/Page";
import { ErrorMessage, Loading, Show } from "../../components/States";
import { number } from "../../format";
import { LANGUAGES, SEVERITY_LABELS, languageName, useTargets } from "./labels";
import type { Audience, Publication, PublicationCreate, Severity, Translation } from "./types";

// An appeal is about a crime or a missing person: the second is the "missing-persons" topic,
// which is how the app's readers follow such appeals.
type Choice = "news" | "appeal-crime" | "appeal-missing" | "warning";
const CHOICES: { value: Choice; label: string }[] = [
  { value: "news", label: "News" },
  { value: "appeal-crime", label: "Appeal: a crime" },
  { value: "appeal-missing", label: "Appeal: a missing person" },
  { value: "warning", label: "Warning" },
];
const MISSING_PERSONS = "missing-persons";
const DEFAULT_LANGUAGE = "en";

/** Where the composer sends the officer, and what the publication screen then tells them. */
export interface AfterCompose {
  notice?: string;
  error?: string;
}

export function Composer() {
  const { account } = useAuth();
  const supervisor = isSupervisor(account);
  const navigate = useNavigate();
  const { areas, topics } = useTargets();

  const [choice, setChoice] = useState<Choice>("warning");
  const [severity, setSeverity] = useState<Severity>("advisory");
  const [expires, setExpires] = useState("");
  const [acknowledge, setAcknowledge] = useState(false);
  const [texts, setTexts] = useState<Translation[]>([{ language: DEFAULT_LANGUAGE, title: "", body: "" }]);
  const [chosenAreas, setChosenAreas] = useState<string[]>([]);
  const [chosenTopics, setChosenTopics] = useState<string[]>([]);
  const [problems, setProblems] = useState<{ areas?: string; expires?: string }>({});
  const warning = choice === "warning";

  const audience = useApi<Audience>(chosenAreas.length ? "/publications/audience" : null, {
    query: { areas: chosenAreas, topics: chosenTopics },
  });

  const save = useAction(async (body: PublicationCreate, publish: boolean): Promise<AfterCompose & { id: string }> => {
    const draft = await api<Publication>("/publications", { json: body });
    if (!publish) return { id: draft.id, notice: "Saved as a draft." };
    try {
      const published = await api<Publication>(`/publications/${draft.id}/publish`, { method: "POST" });
      const notice =
        published.status === "pending_approval"
          ? "Submitted: a supervisor approves warnings before they go out."
          : "Published.";
      return { id: draft.id, notice };
    } catch (error) {
      // The draft is saved: show it with the reason it did not go out.
      return { id: draft.id, error: (error as Error).message };
    }
  });

  const toggle = (list: string[], slug: string) => (list.includes(slug) ? list.filter((s) => s !== slug) : [...list, slug]);

  function chooseKind(next: Choice) {
    setChoice(next);
    if (next === "appeal-missing" && !chosenTopics.includes(MISSING_PERSONS)) {
      setChosenTopics([...chosenTopics, MISSING_PERSONS]);
    }
  }

  function setText(index: number, change: Partial<Translation>) {
    setTexts(texts.map((t, i) => (i === index ? { ...t, ...change } : t)));
  }

  const unused = Object.keys(LANGUAGES).filter((code) => !texts.some((t) => t.language === code));
  const [adding, setAdding] = useState("cy");
  const nextLanguage = unused.includes(adding) ? adding : unused[0];

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const publish = (event.nativeEvent as SubmitEvent).submitter?.getAttribute("value") === "publish";
    const found: typeof problems = {};
    if (warning && chosenAreas.length === 0) found.areas = "A warning needs at least one area: choose it on the map.";
    if (expires && new Date(expires) <= new Date()) found.expires = "The expiry must be in the future.";
    setProblems(found);
    if (Object.keys(found).length) return;
    const body: PublicationCreate = {
      kind: choice === "news" ? "news" : warning ? "warning" : "appeal",
      areas: chosenAreas,
      topics: chosenTopics,
      default_language: DEFAULT_LANGUAGE,
      translations: texts.map((t) => ({ ...t, title: t.title.trim(), body: t.body.trim() })),
      ...(warning ? { severity, requires_acknowledgement: acknowledge } : {}),
      ...(expires ? { expires_at: new Date(expires).toISOString() } : {}),
    };
    const done = await save.run(body, publish);
    if (done) navigate(`/publications/${done.id}`, { state: { notice: done.notice, error: done.error } satisfies AfterCompose });
  }

  const publishLabel = warning && !supervisor ? "Submit for approval" : "Publish now";
  return (
    <Page title="New publication">
      <form className="form composer" onSubmit={submit}>
        <Panel title="What kind">
          <fieldset>
            <legend>Kind</legend>
            <div className="checks">
              {CHOICES.map((c) => (
                <label key={c.value}>
                  <input type="radio" name="kind" value={c.value} checked={choice === c.value} onChange={() => chooseKind(c.value)} />{" "}
                  {c.label}
                </label>
              ))}
            </div>
          </fieldset>
          {warning && (
            <div className="grid compact">
              <Field label="Severity">
                <select value={severity} onChange={(e) => setSeverity(e.target.value as Severity)}>
                  {Object.entries(SEVERITY_LABELS).map(([value, label]) => (
                    <option key={value} value={value}>
                      {label}
                    </option>
                  ))}
                </select>
              </Field>
              <label className="check">
                <input type="checkbox" checked={acknowledge} onChange={(e) => setAcknowledge(e.target.checked)} /> Ask readers to
                acknowledge it (“I'm safe” / “seen”)
              </label>
            </div>
          )}
          <Field label="Expires (optional)" hint="After this it leaves the feeds and can no longer be edited." error={problems.expires}>
            <input type="datetime-local" value={expires} onChange={(e) => setExpires(e.target.value)} />
          </Field>
        </Panel>

        <Panel title="Text">
          {texts.map((t, index) => (
            <fieldset key={t.language} className="translation" lang={t.language}>
              <legend>
                {languageName(t.language)}
                {t.language === DEFAULT_LANGUAGE && " (shown to anyone without their own language)"}
              </legend>
              <Field label={`Title (${languageName(t.language)})`}>
                <input value={t.title} onChange={(e) => setText(index, { title: e.target.value })} required maxLength={200} />
              </Field>
              <Field label={`Body (${languageName(t.language)})`}>
                <textarea value={t.body} onChange={(e) => setText(index, { body: e.target.value })} required maxLength={20000} rows={5} />
              </Field>
              {t.language !== DEFAULT_LANGUAGE && (
                <button type="button" className="secondary" onClick={() => setTexts(texts.filter((_, i) => i !== index))}>
                  Remove the {languageName(t.language)} text
                </button>
              )}
            </fieldset>
          ))}
          {nextLanguage && (
            <div className="actions add-language">
              <Field label="Another language">
                <select value={nextLanguage} onChange={(e) => setAdding(e.target.value)}>
                  {unused.map((code) => (
                    <option key={code} value={code}>
                      {languageName(code)}
                    </option>
                  ))}
                </select>
              </Field>
              <button
                type="button"
                className="secondary"
                onClick={() => setTexts([...texts, { language: nextLanguage, title: "", body: "" }])}
              >
                Add a translation
              </button>
            </div>
          )}
        </Panel>

        <div className="split composer-targets">
          <Panel title="Areas">
            <p className="hint" id="areas-hint">
              Click or tab to an area and press Space to choose it.{" "}
              {warning ? "A warning needs at least one." : "None: the public feeds only."}
            </p>
            <Show loaded={areas} what="Loading the areas">
              {(all) => (
                <>
                  <AreaMap
                    areas={all}
                    selected={chosenAreas}
                    onToggleArea={(slug) => setChosenAreas(toggle(chosenAreas, slug))}
                    label="Areas to send it to"
                    height={360}
                  />
                  <p aria-live="polite">
                    Chosen:{" "}
                    {chosenAreas.length ? all.filter((a) => chosenAreas.includes(a.slug)).map((a) => a.name).join(", ") : "none"}
                  </p>
                </>
              )}
            </Show>
            {problems.areas && (
              <p className="field-error" role="alert">
                {problems.areas}
              </p>
            )}
          </Panel>
          <div className="stack">
            <Panel title="Topics">
              <Show loaded={topics} what="Loading the topics">
                {(all) => (
                  <fieldset>
                    <legend className="visually-hidden">Topics</legend>
                    <p className="hint">None ticked: everyone in the areas, whatever they follow.</p>
                    <div className="checks topics">
                      {all.map((topic) => (
                        <label key={topic.slug}>
                          <input
                            type="checkbox"
                            checked={chosenTopics.includes(topic.slug)}
                            onChange={() => setChosenTopics(toggle(chosenTopics, topic.slug))}
                          />{" "}
                          {topic.name}
                        </label>
                      ))}
                    </div>
                  </fieldset>
                )}
              </Show>
            </Panel>
            <Panel title="Audience">
              <AudiencePreview audience={audience} areas={chosenAreas.length} delivered={choice !== "news"} />
            </Panel>
          </div>
        </div>

        {save.error && <ErrorMessage error={save.error} />}
        <div className="actions">
          <button type="submit" name="action" value="publish" disabled={save.running}>
            {publishLabel}
          </button>
          <button type="submit" name="action" value="draft" className="secondary" disabled={save.running}>
            Save as draft
          </button>
          {save.running && <Loading what="Saving" />}
        </div>
      </form>
    </Page>
  );
}

function AudiencePreview({
  audience,
  areas,
  delivered,
}: {
  audience: Loaded<Audience>;
  areas: number;
  delivered: boolean;
}) {
  if (areas === 0) {
    return <p className="state state-empty">Choose an area to see how many people it would reach.</p>;
  }
  if (audience.error) return <ErrorMessage error={audience.error} retry={audience.reload} />;
  if (audience.data === undefined) return <Loading what="Counting the audience" />;
  return (
    <div aria-live="polite" aria-busy={audience.loading}>
      <p className="stat" data-testid="audience-count">
        {number(audience.data.subscriptions)}
      </p>
      <p className="stat-label">
        {delivered
          ? "people follow these areas and topics: it goes to their inboxes (and email, push or SMS if they chose them)."
          : "people follow these areas and topics. News is not delivered to inboxes: they read it in the app's feed."}
      </p>
    </div>
  );
}
