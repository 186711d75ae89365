// The builder's editable form of a survey, and its conversion to and from the API's content and
// distribution. Question ids and option values (what answers and the CSV are keyed by) are
// made from the English wording when first saved and kept afterwards. The content is also
// checked here, by the service's rules, so that each problem is shown under its own question
// before a round trip; the service stays the judge (its 4xx messages are shown too).
import type { Audience, Condition, Distribution, Option, Question, QuestionKind, SurveyContent, Text } from "./types";

export interface Texts {
  en: string;
  cy: string;
}

export interface DraftOption {
  key: string;
  /** The saved value; a new option gets one from its label when saved. */
  value?: string;
  label: Texts;
}

export interface DraftQuestion {
  key: string;
  /** The saved id; a new question gets one from its wording when saved. */
  id?: string;
  kind: QuestionKind;
  text: Texts;
  help: Texts;
  required: boolean;
  options: DraftOption[];
  /** Show only if the question `question` (a key) was answered with one of `anyOf` (option keys). */
  condition: { question: string; anyOf: string[] } | null;
  // Each kind's settings, as typed in the form.
  minChoices: string;
  maxChoices: string;
  min: string;
  max: string;
  integer: boolean;
  maxLength: string;
  earliest: string;
  latest: string;
  ranked: string;
}

export interface DraftSection {
  key: string;
  title: Texts;
  description: Texts;
  questions: DraftQuestion[];
}

export interface DraftSurvey {
  /** Whether the form offers a Welsh version of every text. */
  welsh: boolean;
  title: Texts;
  description: Texts;
  sections: DraftSection[];
}

export interface DraftDistribution {
  audience: Audience;
  areas: string[];
  topics: string[];
  /** Account ids, one a line. */
  accounts: string;
  anonymous: boolean;
  /** `datetime-local` values, on the browser's clock; empty: when published / until closed. */
  opensAt: string;
  closesAt: string;
}

/** A problem found before saving: `question` is the key of the question it is about. */
export interface Problem {
  question?: string;
  message: string;
}

export const KINDS: { kind: QuestionKind; label: string }[] = [
  { kind: "single_choice", label: "Single choice" },
  { kind: "multiple_choice", label: "Multiple choice" },
  { kind: "likert", label: "Likert scale" },
  { kind: "rating", label: "Rating" },
  { kind: "text", label: "Free text" },
  { kind: "number", label: "Number" },
  { kind: "date", label: "Date" },
  { kind: "location", label: "Location (a pin on the map)" },
  { kind: "ranking", label: "Ranking" },
];

export const hasOptions = (kind: QuestionKind) =>
  kind === "single_choice" || kind === "multiple_choice" || kind === "likert" || kind === "ranking";

/** The kinds a display condition can depend on (the service's rule). */
export const canBeCondition = (kind: QuestionKind) =>
  kind === "single_choice" || kind === "multiple_choice" || kind === "likert";

const MAX_OPTIONS: Partial<Record<QuestionKind, number>> = { likert: 11, ranking: 20 };

let counter = 0;
export const newKey = () => `k${++counter}`;

const texts = (en = "", cy = ""): Texts => ({ en, cy });
const fromText = (text: Text | null | undefined): Texts => texts(text?.en ?? "", text?.cy ?? "");

function option(label: string): DraftOption {
  return { key: newKey(), label: texts(label) };
}

const AGREEMENT = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"];

export function newQuestion(kind: QuestionKind = "single_choice"): DraftQuestion {
  return {
    key: newKey(),
    kind,
    text: texts(),
    help: texts(),
    required: false,
    options: kind === "likert" ? AGREEMENT.map(option) : hasOptions(kind) ? [option(""), option("")] : [],
    condition: null,
    minChoices: "",
    maxChoices: "",
    min: "",
    max: "",
    integer: false,
    maxLength: "",
    earliest: "",
    latest: "",
    ranked: "",
  };
}

/** Change a question's kind, keeping what still applies. Written options are kept even by a
 * kind without options, so that changing back restores them; a new likert gets an agreement
 * scale. */
export function withKind(question: DraftQuestion, kind: QuestionKind): DraftQuestion {
  const fresh = newQuestion(kind);
  const keepOptions = !hasOptions(kind) || question.options.some((o) => o.label.en.trim());
  return {
    ...fresh,
    key: question.key,
    id: question.id,
    text: question.text,
    help: question.help,
    required: question.required,
    condition: question.condition,
    options: keepOptions ? question.options : fresh.options,
  };
}

export function newSection(): DraftSection {
  return { key: newKey(), title: texts(), description: texts(), questions: [newQuestion()] };
}

export function newSurvey(): DraftSurvey {
  return { welsh: false, title: texts(), description: texts(), sections: [newSection()] };
}

export function newDistribution(): DraftDistribution {
  return { audience: "areas", areas: [], topics: [], accounts: "", anonymous: true, opensAt: "", closesAt: "" };
}

const str = (n: number | null | undefined) => (n === null || n === undefined ? "" : String(n));

/** The builder's form of saved content. */
export function fromContent(content: SurveyContent): DraftSurvey {
  const keys = new Map<string, { key: string; options: Map<string, string> }>();
  const sections = content.sections.map((section) => ({
    key: newKey(),
    title: fromText(section.title),
    description: fromText(section.description),
    questions: section.questions.map((q): DraftQuestion => {
      const options = (q.options ?? []).map((o) => ({ key: newKey(), value: o.value, label: fromText(o.label) }));
      const key = newKey();
      keys.set(q.id, { key, options: new Map(options.map((o) => [o.value, o.key])) });
      const source = q.show_if ? keys.get(q.show_if.question) : undefined;
      return {
        key,
        id: q.id,
        kind: q.kind,
        text: fromText(q.text),
        help: fromText(q.help),
        required: q.required ?? false,
        options,
        condition:
          q.show_if && source
            ? { question: source.key, anyOf: q.show_if.any_of.map((v) => source.options.get(v) ?? "").filter(Boolean) }
            : null,
        minChoices: q.kind === "multiple_choice" ? str(q.min_choices) : "",
        maxChoices: str(q.max_choices),
        min: str(q.min),
        max: str(q.max),
        integer: q.integer ?? false,
        maxLength: str(q.max_length),
        earliest: q.earliest ?? "",
        latest: q.latest ?? "",
        ranked: str(q.ranked),
      };
    }),
  }));
  const welsh = JSON.stringify(content).includes('"cy":');
  return { welsh, title: fromText(content.title), description: fromText(content.description), sections };
}

/** "Which year are you in?" → "which-year-are-you-in", unique among `taken`. */
function slug(wording: string, fallback: string, taken: Set<string>): string {
  const base =
    wording
      .normalize("NFKD")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 40)
      .replace(/-+$/, "") || fallback;
  let candidate = base;
  for (let n = 2; taken.has(candidate); n++) candidate = `${base}-${n}`;
  taken.add(candidate);
  return candidate;
}

/** A question as the officer sees it named: "Question 3 (“How safe…”)". */
export function questionName(draft: DraftSurvey, key: string): string {
  const all = draft.sections.flatMap((s) => s.questions);
  const index = all.findIndex((q) => q.key === key);
  const wording = all[index]?.text.en.trim();
  const short = wording && wording.length > 40 ? `${wording.slice(0, 39)}…` : wording;
  return `Question ${index + 1}${short ? ` (“${short}”)` : ""}`;
}

function localised(value: Texts, welsh: boolean): Text {
  const text: Text = { en: value.en.trim() };
  if (welsh && value.cy.trim()) text.cy = value.cy.trim();
  return text;
}

const optionalText = (value: Texts, welsh: boolean) => (value.en.trim() ? localised(value, welsh) : undefined);

function parseNumber(raw: string, what: string, problems: string[], whole = false): number | undefined {
  if (raw.trim() === "") return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || (whole && !Number.isInteger(n))) {
    problems.push(`${what} must be a ${whole ? "whole " : ""}number`);
    return undefined;
  }
  return n;
}

/** The API's content from the form, or the problems that stop it being saved. */
export function toContent(draft: DraftSurvey): { content?: SurveyContent; problems: Problem[] } {
  const problems: Problem[] = [];
  if (!draft.title.en.trim()) problems.push({ message: "The survey needs a title in English." });
  if (!draft.description.en.trim()) problems.push({ message: "The survey needs an introduction in English." });
  const ids = new Set(draft.sections.flatMap((s) => s.questions.map((q) => q.id).filter((id): id is string => !!id)));
  // What earlier questions are called in the API and what their options' values are, by key.
  const earlier = new Map<string, { id: string; kind: QuestionKind; values: Map<string, string> }>();
  const sections = draft.sections.map((section, s) => {
    if (!section.title.en.trim()) problems.push({ message: `Section ${s + 1} needs a title in English.` });
    if (section.questions.length === 0) problems.push({ message: `Section ${s + 1} needs at least one question.` });
    return {
      title: localised(section.title, draft.welsh),
      ...(section.description.en.trim() ? { description: localised(section.description, draft.welsh) } : {}),
      questions: section.questions.map((q) => {
        const own: string[] = [];
        if (!q.text.en.trim()) own.push("it needs its wording in English");
        const id = q.id ?? slug(q.text.en, `question-${earlier.size + 1}`, ids);
        const question: Question = { id, kind: q.kind, text: localised(q.text, draft.welsh), required: q.required };
        const help = optionalText(q.help, draft.welsh);
        if (help) question.help = help;
        const values = new Map<string, string>();
        if (hasOptions(q.kind)) {
          const taken = new Set(q.options.map((o) => o.value).filter((v): v is string => !!v));
          const labels = q.options.map((o) => o.label.en.trim());
          if (labels.some((l) => !l)) own.push("every option needs a label in English");
          if (new Set(labels).size !== labels.length) own.push("two options have the same label");
          const most = MAX_OPTIONS[q.kind] ?? 50;
          if (q.options.length < 2 || q.options.length > most) own.push(`it needs between 2 and ${most} options`);
          question.options = q.options.map((o, n): Option => {
            const value = o.value ?? slug(o.label.en, `option-${n + 1}`, taken);
            values.set(o.key, value);
            return { value, label: localised(o.label, draft.welsh) };
          });
        }
        if (q.kind === "multiple_choice") {
          const least = parseNumber(q.minChoices, "The fewest choices", own, true);
          const most = parseNumber(q.maxChoices, "The most choices", own, true);
          if (least !== undefined) question.min_choices = least;
          if (most !== undefined) question.max_choices = most;
          if ((least ?? 1) < 1 || (least ?? 1) > (most ?? q.options.length) || (most ?? 0) > q.options.length)
            own.push("the fewest and most choices must be between 1 and the number of options, fewest first");
        }
        if (q.kind === "rating") {
          const min = parseNumber(q.min, "The lowest rating", own, true) ?? 1;
          const max = parseNumber(q.max, "The highest rating", own, true) ?? 5;
          if (min !== 0 && min !== 1) own.push("the lowest rating must be 0 or 1");
          if (max < 2 || max > 10) own.push("the highest rating must be from 2 to 10");
          Object.assign(question, { min, max });
        }
        if (q.kind === "number") {
          const min = parseNumber(q.min, "The lowest number", own);
          const max = parseNumber(q.max, "The highest number", own);
          if (min !== undefined && max !== undefined && min > max) own.push("the lowest number is above the highest");
          Object.assign(question, { min: min ?? null, max: max ?? null, integer: q.integer });
        }
        if (q.kind === "text") {
          const length = parseNumber(q.maxLength, "The longest answer", own, true);
          if (length !== undefined && (length < 1 || length > 10_000)) own.push("the longest answer must be 1 to 10,000 characters");
          if (length !== undefined) question.max_length = length;
        }
        if (q.kind === "date") {
          if (q.earliest && q.latest && q.earliest > q.latest) own.push("the earliest date is after the latest");
          Object.assign(question, { earliest: q.earliest || null, latest: q.latest || null });
        }
        if (q.kind === "ranking") {
          const ranked = parseNumber(q.ranked, "How many to rank", own, true);
          if (ranked !== undefined && (ranked < 1 || ranked > q.options.length)) own.push("it cannot rank more options than it has");
          if (ranked !== undefined) question.ranked = ranked;
        }
        if (q.condition) {
          const source = earlier.get(q.condition.question);
          if (!source) own.push("its display condition must depend on an earlier question");
          else if (!canBeCondition(source.kind)) own.push("its display condition must depend on a choice or likert question");
          else {
            const anyOf = q.condition.anyOf.map((k) => source.values.get(k)).filter((v): v is string => !!v);
            if (anyOf.length === 0) own.push("its display condition needs at least one answer");
            question.show_if = { question: source.id, any_of: anyOf } satisfies Condition;
          }
        }
        earlier.set(q.key, { id, kind: q.kind, values });
        for (const message of own) problems.push({ question: q.key, message: `${questionName(draft, q.key)}: ${message}.` });
        return question;
      }),
    };
  });
  if (problems.length) return { problems };
  return {
    problems,
    content: {
      default_language: "en",
      title: localised(draft.title, draft.welsh),
      description: localised(draft.description, draft.welsh),
      sections,
    },
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A `datetime-local` value (the browser's clock) as an instant, and back. */
export const instant = (local: string) => (local ? new Date(local).toISOString() : null);
export function localInput(iso: string | null): string {
  if (!iso) return "";
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function fromDistribution(d: Distribution): DraftDistribution {
  return {
    audience: d.audience,
    areas: d.areas,
    topics: d.topics,
    accounts: d.account_ids.join("\n"),
    anonymous: d.anonymous,
    opensAt: localInput(d.opens_at),
    closesAt: localInput(d.closes_at),
  };
}

/** The API's distribution from the form, or the problems that stop it being saved. */
export function toDistribution(draft: DraftDistribution): { distribution?: Distribution; problems: Problem[] } {
  const problems: Problem[] = [];
  const accounts = draft.accounts.split(/[\s,]+/).filter(Boolean);
  if (draft.audience === "areas" && draft.areas.length === 0) problems.push({ message: "Choose at least one area to tell." });
  if (draft.audience === "accounts") {
    if (accounts.length === 0) problems.push({ message: "Give at least one account id to ask." });
    const wrong = accounts.filter((a) => !UUID.test(a));
    if (wrong.length) problems.push({ message: `These are not account ids: ${wrong.join(", ")}.` });
  }
  const opens = instant(draft.opensAt);
  const closes = instant(draft.closesAt);
  if (closes && closes <= (opens ?? new Date().toISOString())) problems.push({ message: "The survey must close after it opens, and in the future." });
  if (problems.length) return { problems };
  const topical = draft.audience === "areas" || draft.audience === "citizens";
  return {
    problems,
    distribution: {
      audience: draft.audience,
      areas: draft.audience === "areas" ? draft.areas : [],
      topics: topical ? draft.topics : [],
      account_ids: draft.audience === "accounts" ? accounts : [],
      anonymous: draft.anonymous,
      opens_at: opens,
      closes_at: closes,
    },
  };
}
