import { useId } from "react";

import { Field } from "../../components/Field";
import {
  canBeCondition,
  hasOptions,
  KINDS,
  newKey,
  withKind,
  type DraftQuestion,
  type Texts,
} from "./draft";
import type { QuestionKind } from "./types";

/** An English text and, when the survey is bilingual, its Welsh version. */
export function TextFields({
  label,
  value,
  welsh,
  multiline,
  onChange,
}: {
  label: string;
  value: Texts;
  welsh: boolean;
  multiline?: boolean;
  onChange: (value: Texts) => void;
}) {
  const control = (language: "en" | "cy") =>
    multiline ? (
      <textarea value={value[language]} onChange={(e) => onChange({ ...value, [language]: e.target.value })} />
    ) : (
      <input value={value[language]} onChange={(e) => onChange({ ...value, [language]: e.target.value })} />
    );
  return (
    <div className={welsh ? "survey-texts survey-texts-two" : "survey-texts"}>
      <Field label={welsh ? `${label} (English)` : label}>{control("en")}</Field>
      {welsh && (
        <Field label={`${label} (Welsh)`} hint="Optional: readers without it get the English.">
          {control("cy")}
        </Field>
      )}
    </div>
  );
}

interface Props {
  question: DraftQuestion;
  number: number;
  welsh: boolean;
  /** The questions asked before this one (a display condition may depend on them). */
  earlier: DraftQuestion[];
  problems: string[];
  onChange: (question: DraftQuestion) => void;
  onMove?: (by: -1 | 1) => void;
  onRemove: () => void;
  first: boolean;
  last: boolean;
}

export function QuestionEditor({ question, number, welsh, earlier, problems, onChange, onMove, onRemove, first, last }: Props) {
  const id = useId();
  const set = (change: Partial<DraftQuestion>) => onChange({ ...question, ...change });
  const sources = earlier.filter((q) => canBeCondition(q.kind) && q.options.length > 0);
  const source = question.condition ? earlier.find((q) => q.key === question.condition?.question) : undefined;
  const name = `Question ${number}`;
  return (
    <fieldset className={`survey-question${problems.length ? " survey-question-invalid" : ""}`} aria-describedby={problems.length ? `${id}-problems` : undefined}>
      <legend>{name}</legend>
      <div className="survey-row">
        <Field label="Kind of question">
          <select value={question.kind} onChange={(e) => onChange(withKind(question, e.target.value as QuestionKind))}>
            {KINDS.map((k) => (
              <option key={k.kind} value={k.kind}>
                {k.label}
              </option>
            ))}
          </select>
        </Field>
        <label className="survey-check">
          <input type="checkbox" checked={question.required} onChange={(e) => set({ required: e.target.checked })} />{" "}
          Required
        </label>
      </div>
      <TextFields label="Wording" value={question.text} welsh={welsh} onChange={(text) => set({ text })} />
      <TextFields label="Help text (optional)" value={question.help} welsh={welsh} onChange={(help) => set({ help })} />

      {hasOptions(question.kind) && (
        <fieldset className="survey-options">
          <legend>{question.kind === "likert" ? "Scale, lowest first" : "Options"}</legend>
          <ol>
            {question.options.map((option, n) => (
              <li key={option.key} className="survey-option">
                <TextFields
                  label={`Option ${n + 1}`}
                  value={option.label}
                  welsh={welsh}
                  onChange={(label) =>
                    set({ options: question.options.map((o) => (o.key === option.key ? { ...o, label } : o)) })
                  }
                />
                <button
                  type="button"
                  className="secondary"
                  aria-label={`Remove option ${n + 1} of ${name.toLowerCase()}`}
                  onClick={() => set({ options: question.options.filter((o) => o.key !== option.key) })}
                >
                  Remove
                </button>
              </li>
            ))}
          </ol>
          <button
            type="button"
            className="secondary"
            onClick={() => set({ options: [...question.options, { key: newKey(), label: { en: "", cy: "" } }] })}
          >
            Add an option
          </button>
        </fieldset>
      )}

      <KindSettings question={question} set={set} />

      <div className="survey-row">
        <Field label="Show this question">
          <select
            value={question.condition?.question ?? ""}
            onChange={(e) => set({ condition: e.target.value ? { question: e.target.value, anyOf: [] } : null })}
          >
            <option value="">Always</option>
            {sources.map((q) => (
              <option key={q.key} value={q.key}>
                Only if “{q.text.en || `question ${earlier.indexOf(q) + 1}`}” is answered…
              </option>
            ))}
          </select>
        </Field>
      </div>
      {question.condition && source && (
        <fieldset>
          <legend>…with any of these answers</legend>
          <div className="checks">
            {source.options.map((o, n) => (
              <label key={o.key}>
                <input
                  type="checkbox"
                  checked={question.condition?.anyOf.includes(o.key) ?? false}
                  onChange={(e) => {
                    const anyOf = question.condition?.anyOf ?? [];
                    set({
                      condition: {
                        question: source.key,
                        anyOf: e.target.checked ? [...anyOf, o.key] : anyOf.filter((k) => k !== o.key),
                      },
                    });
                  }}
                />{" "}
                {o.label.en || `Option ${n + 1}`}
              </label>
            ))}
          </div>
        </fieldset>
      )}

      {problems.length > 0 && (
        <ul className="field-error survey-problems" id={`${id}-problems`}>
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      <div className="actions">
        {onMove && (
          <>
            <button type="button" className="secondary" disabled={first} onClick={() => onMove(-1)}>
              Move {name.toLowerCase()} up
            </button>
            <button type="button" className="secondary" disabled={last} onClick={() => onMove(1)}>
              Move {name.toLowerCase()} down
            </button>
          </>
        )}
        <button type="button" className="secondary" onClick={onRemove}>
          Remove {name.toLowerCase()}
        </button>
      </div>
    </fieldset>
  );
}

/** The settings of the question's kind: choices allowed, a rating's range, a number's bounds… */
function KindSettings({ question, set }: { question: DraftQuestion; set: (change: Partial<DraftQuestion>) => void }) {
  const number = (label: string, field: "minChoices" | "maxChoices" | "min" | "max" | "maxLength" | "ranked", hint?: string) => (
    <Field label={label} hint={hint}>
      <input type="number" inputMode="numeric" value={question[field]} onChange={(e) => set({ [field]: e.target.value })} />
    </Field>
  );
  switch (question.kind) {
    case "multiple_choice":
      return (
        <div className="survey-row">
          {number("Fewest choices", "minChoices", "Default 1")}
          {number("Most choices", "maxChoices", "Default: all of them")}
        </div>
      );
    case "rating":
      return (
        <div className="survey-row">
          {number("Lowest rating", "min", "0 or 1 (default 1)")}
          {number("Highest rating", "max", "2 to 10 (default 5)")}
        </div>
      );
    case "number":
      return (
        <div className="survey-row">
          {number("Lowest number", "min", "Optional")}
          {number("Highest number", "max", "Optional")}
          <label className="survey-check">
            <input type="checkbox" checked={question.integer} onChange={(e) => set({ integer: e.target.checked })} />{" "}
            Whole numbers only
          </label>
        </div>
      );
    case "text":
      return <div className="survey-row">{number("Longest answer (characters)", "maxLength", "Default 2,000")}</div>;
    case "date":
      return (
        <div className="survey-row">
          <Field label="Earliest date" hint="Optional">
            <input type="date" value={question.earliest} onChange={(e) => set({ earliest: e.target.value })} />
          </Field>
          <Field label="Latest date" hint="Optional">
            <input type="date" value={question.latest} onChange={(e) => set({ latest: e.target.value })} />
          </Field>
        </div>
      );
    case "ranking":
      return <div className="survey-row">{number("How many to rank", "ranked", "Default: all of them")}</div>;
    default:
      return null;
  }
}
