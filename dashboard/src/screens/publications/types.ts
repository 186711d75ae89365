// The messaging service's publication shapes (services/messaging/src/messaging/publications/
// schemas.py) and the areas and topics they target.

export type Kind = "news" | "appeal" | "warning" | "advice" | "survey";
export type Status = "draft" | "pending_approval" | "scheduled" | "published" | "retracted";
export type Severity = "info" | "advisory" | "urgent";

/** A publication in one language (the one asked for, or its default). */
export interface Publication {
  id: string;
  kind: Kind;
  status: Status;
  severity: Severity | null;
  areas: string[];
  topics: string[];
  language: string;
  title: string;
  body: string;
  languages: string[];
  requires_acknowledgement: boolean;
  expires_at: string | null;
  version: number;
  published_at: string | null;
  publish_at: string | null;
}

export interface Translation {
  language: string;
  title: string;
  body: string;
}

/** POST /publications: a draft. */
export interface PublicationCreate {
  kind: Kind;
  severity?: Severity;
  areas: string[];
  topics: string[];
  default_language: string;
  translations: Translation[];
  requires_acknowledgement?: boolean;
  expires_at?: string;
}

export interface Topic {
  slug: string;
  name: string;
}

/** GET /publications/audience. */
export interface Audience {
  subscriptions: number;
}

export interface FanOut {
  status: "pending" | "running" | "done";
  subscriptions_scanned: number;
  recipients: number;
  slices: number;
  slices_done: number;
  started_at: string | null;
  finished_at: string | null;
}

export interface AreaReach {
  area: string | null;
  delivered: number;
  read: number;
  acknowledged: number;
}

/** GET /publications/{id}/reach. */
export interface Reach {
  fan_out: FanOut | null;
  total: AreaReach;
  by_area: AreaReach[];
}

export interface HistoryEntry {
  at: string;
  action: string;
  actor_id: string | null;
  version: number;
  data: Record<string, unknown>;
}
