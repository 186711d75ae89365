import { useRef, useState } from "react";

import { ApiError } from "../../api/client";
import { Panel } from "../../components/Page";
import { ErrorMessage } from "../../components/States";
import { DistributionForm } from "./DistributionForm";
import {
  newQuestion,
  newSection,
  questionName,
  toContent,
  toDistribution,
  type DraftDistribution,
  type DraftQuestion,
  type DraftSection,
  type DraftSurvey,
  type Problem,
} from "./draft";
import { QuestionEditor, TextFields } from "./QuestionEditor";
import type { Distribution, SurveyContent } from "./types";

export type Submit = (content: SurveyContent, distribution?: Distribution) => Promise<void>;

interface Props {
  initial: DraftSurvey;
  /** The distribution, when it may still change (a draft survey); left out: content only. */
  distribution?: DraftDistribution;
  saveLabel: string;
  publishLabel: string;
  onSave: Submit;
  onPublish: Submit;
}

/** The survey builder: title and introduction, sections of questions, and (for a draft) who is
 * asked and when; saving and publishing, with problems named next to their question. */
export function SurveyForm({ initial, distribution: initialDistribution, saveLabel, publishLabel, onSave, onPublish }: Props) {
  const [draft, setDraft] = useState(initial);
  const [distribution, setDistribution] = useState(initialDistribution);
  // Once saving was tried, the form is checked again at every change: fixed problems go away.
  const [attempted, setAttempted] = useState(false);
  const [refused, setRefused] = useState<Problem>();
  const [error, setError] = useState<Error>();
  const [running, setRunning] = useState<"save" | "publish">();
  const summary = useRef<HTMLDivElement>(null);

  const setSection = (key: string, change: (section: DraftSection) => DraftSection) =>
    setDraft((d) => ({ ...d, sections: d.sections.map((s) => (s.key === key ? change(s) : s)) }));
  const setQuestion = (section: string, question: DraftQuestion) =>
    setSection(section, (s) => ({ ...s, questions: s.questions.map((q) => (q.key === question.key ? question : q)) }));

  const checkedContent = toContent(draft);
  const checkedDistribution = distribution ? toDistribution(distribution) : undefined;
  const found = [...checkedContent.problems, ...(checkedDistribution?.problems ?? [])];
  const problems = attempted ? [...found, ...(refused ? [refused] : [])] : [];

  async function submit(which: "save" | "publish") {
    setAttempted(true);
    setError(undefined);
    setRefused(undefined);
    const content = checkedContent.content;
    if (!content || found.length) {
      requestAnimationFrame(() => summary.current?.focus());
      return;
    }
    setRunning(which);
    try {
      await (which === "save" ? onSave : onPublish)(content, checkedDistribution?.distribution);
    } catch (caught) {
      const refusal = caught as Error;
      setError(refusal);
      // A refusal about one question (context.question: its id) is shown next to it too.
      const id = refusal instanceof ApiError ? (refusal.context as { question?: unknown } | undefined)?.question : undefined;
      const asked = content.sections.flatMap((s) => s.questions);
      const index = asked.findIndex((q) => q.id === id);
      const key = index >= 0 ? draft.sections.flatMap((s) => s.questions)[index]?.key : undefined;
      if (key) setRefused({ question: key, message: `${questionName(draft, key)}: ${refusal.message}` });
      requestAnimationFrame(() => summary.current?.focus());
    } finally {
      setRunning(undefined);
    }
  }

  const all = draft.sections.flatMap((s) => s.questions);
  return (
    <form
      className="form survey-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit("save");
      }}
    >
      <Panel title="About the survey">
        <div className="form">
          <label className="survey-check">
            <input type="checkbox" checked={draft.welsh} onChange={(e) => setDraft({ ...draft, welsh: e.target.checked })} />{" "}
            Also in Welsh (Cymraeg)
          </label>
          <TextFields label="Title" value={draft.title} welsh={draft.welsh} onChange={(title) => setDraft({ ...draft, title })} />
          <TextFields
            label="Introduction"
            multiline
            value={draft.description}
            welsh={draft.welsh}
            onChange={(description) => setDraft({ ...draft, description })}
          />
        </div>
      </Panel>

      <Panel title="Questions">
        {draft.sections.map((section, s) => (
          <section key={section.key} className="survey-section" aria-labelledby={`${section.key}-heading`}>
            <h3 id={`${section.key}-heading`}>Section {s + 1}</h3>
            <TextFields
              label={`Section ${s + 1} title`}
              value={section.title}
              welsh={draft.welsh}
              onChange={(title) => setSection(section.key, (x) => ({ ...x, title }))}
            />
            <TextFields
              label={`Section ${s + 1} description (optional)`}
              value={section.description}
              welsh={draft.welsh}
              onChange={(description) => setSection(section.key, (x) => ({ ...x, description }))}
            />
            {section.questions.map((question, n) => {
              const position = all.indexOf(question);
              return (
                <QuestionEditor
                  key={question.key}
                  question={question}
                  number={position + 1}
                  welsh={draft.welsh}
                  earlier={all.slice(0, position)}
                  problems={problems.filter((p) => p.question === question.key).map((p) => p.message)}
                  onChange={(q) => setQuestion(section.key, q)}
                  first={n === 0}
                  last={n === section.questions.length - 1}
                  onMove={(by) =>
                    setSection(section.key, (x) => {
                      const questions = x.questions.filter((q) => q.key !== question.key);
                      questions.splice(n + by, 0, question);
                      return { ...x, questions };
                    })
                  }
                  onRemove={() =>
                    setSection(section.key, (x) => ({ ...x, questions: x.questions.filter((q) => q.key !== question.key) }))
                  }
                />
              );
            })}
            <div className="actions">
              <button
                type="button"
                className="secondary"
                onClick={() => setSection(section.key, (x) => ({ ...x, questions: [...x.questions, newQuestion()] }))}
              >
                Add a question to section {s + 1}
              </button>
              {draft.sections.length > 1 && (
                <button
                  type="button"
                  className="secondary"
                  onClick={() => setDraft({ ...draft, sections: draft.sections.filter((x) => x.key !== section.key) })}
                >
                  Remove section {s + 1}
                </button>
              )}
            </div>
          </section>
        ))}
        <button type="button" className="secondary" onClick={() => setDraft({ ...draft, sections: [...draft.sections, newSection()] })}>
          Add a section
        </button>
      </Panel>

      {distribution && (
        <Panel title="Distribution">
          <DistributionForm value={distribution} onChange={setDistribution} />
        </Panel>
      )}

      <div className="panel survey-submit" ref={summary} tabIndex={-1} aria-live="polite">
        {problems.length > 0 && !error && (
          <div className="state state-error" role="alert">
            <p>
              <strong>Not saved yet:</strong>
            </p>
            <ul>
              {problems.map((p) => (
                <li key={`${p.question ?? ""}${p.message}`}>{p.message}</li>
              ))}
            </ul>
          </div>
        )}
        {error && <ErrorMessage error={error} />}
        <div className="actions">
          <button type="submit" className="secondary" disabled={running !== undefined}>
            {running === "save" ? "Saving…" : saveLabel}
          </button>
          <button type="button" disabled={running !== undefined} onClick={() => void submit("publish")}>
            {running === "publish" ? "Publishing…" : publishLabel}
          </button>
        </div>
      </div>
    </form>
  );
}
