// The surveys service's shapes the screen uses (services/surveys: builder, results schemas).

export type SurveyStatus = "draft" | "published" | "closed";
export type Audience = "public" | "citizens" | "areas" | "accounts";

/** One text in several languages: {"en": "...", "cy": "..."}. */
export type Text = Record<string, string>;

export interface Option {
  value: string;
  label: Text;
}

export interface Condition {
  question: string;
  any_of: string[];
}

export type QuestionKind =
  | "single_choice"
  | "multiple_choice"
  | "likert"
  | "rating"
  | "number"
  | "text"
  | "date"
  | "location"
  | "ranking";

/** A question as the API stores it: the common fields and each kind's settings. */
export interface Question {
  id: string;
  kind: QuestionKind;
  text: Text;
  help?: Text | null;
  required?: boolean;
  show_if?: Condition | null;
  options?: Option[];
  min_choices?: number;
  max_choices?: number | null;
  min?: number | null;
  max?: number | null;
  integer?: boolean;
  max_length?: number;
  earliest?: string | null;
  latest?: string | null;
  ranked?: number | null;
}

export interface Section {
  title: Text;
  description?: Text | null;
  questions: Question[];
}

export interface SurveyContent {
  default_language: string;
  title: Text;
  description: Text;
  sections: Section[];
}

export interface Distribution {
  audience: Audience;
  areas: string[];
  topics: string[];
  account_ids: string[];
  anonymous: boolean;
  opens_at: string | null;
  closes_at: string | null;
}

export interface SurveySummary {
  id: string;
  slug: string;
  title: string;
  status: SurveyStatus;
  audience: Audience;
  anonymous: boolean;
  current_version: number;
  responses: number;
  opens_at: string | null;
  closes_at: string | null;
  created_at: string;
}

export interface Survey extends Distribution {
  id: string;
  slug: string;
  link: string;
  status: SurveyStatus;
  title: string;
  default_language: string;
  current_version: number;
  draft_version: number | null;
  results_public: boolean;
  responses: number;
  created_by: string;
  created_at: string;
  published_at: string | null;
  closed_at: string | null;
}

export interface Version {
  survey_id: string;
  number: number;
  published: boolean;
  published_at: string | null;
  content: SurveyContent;
  created_at: string;
  updated_at: string;
}

export interface OptionCount {
  value: string;
  label: string;
  count: number | null;
  percent: number | null;
  suppressed: boolean;
}

export interface RankedOption {
  value: string;
  label: string;
  score: number | null;
  mean_rank: number | null;
  first: number | null;
  suppressed: boolean;
}

export interface QuestionResult {
  question: string;
  kind: QuestionKind;
  text: string;
  answered: number | null;
  suppressed: boolean;
  options: OptionCount[];
  ranking: RankedOption[];
  mean: number | null;
  median: number | null;
}

export interface Results {
  survey_id: string;
  title: string;
  language: string;
  version: number | null;
  responses: number | null;
  suppress_below: number;
  questions: QuestionResult[];
}

export interface TextAnswer {
  response_id: string;
  version: number;
  submitted_day: string;
  respondent_id: string | null;
  text: string;
}

/** A named area (GET /areas) and a messaging topic (GET /topics). */
export interface NamedArea {
  slug: string;
  name: string;
}

export interface Topic {
  slug: string;
  name: string;
}
