// The API shapes the report screens use (reporting, referrals and messaging, through the
// gateway); see the merged OpenAPI document at /openapi.json.

export const STATUSES = ["received", "triaged", "in_progress", "referred", "resolved", "closed", "withdrawn"] as const;
export type ReportStatus = (typeof STATUSES)[number];

export const PRIORITIES = ["low", "normal", "high", "critical"] as const;
export type Priority = (typeof PRIORITIES)[number];

export interface Person {
  role: "victim" | "witness" | "suspect" | "other";
  name: string | null;
  approximate_age: number | null;
  description: string | null;
}

export interface Vehicle {
  registration: string | null;
  make: string | null;
  model: string | null;
  colour: string | null;
  description: string | null;
}

/** GET /reports/{id} and the items of GET /reports, as staff see them. */
export interface Report {
  id: string;
  reference: string;
  status: ReportStatus;
  kind: "incident" | "intelligence";
  category: string;
  description: string;
  urgent: boolean;
  occurred_from: string;
  occurred_to: string;
  latitude: number | null;
  longitude: number | null;
  location_text: string | null;
  areas: string[];
  people: Person[];
  vehicles: Vehicle[];
  language: string;
  anonymity: "anonymous" | "confidential" | "identified";
  contact_consent: boolean;
  share_consent: boolean;
  created_at: string;
  updated_at: string;
  priority: Priority;
  assigned_officer_id: string | null;
  assigned_team: string | null;
  tags: string[];
  /** The statuses an officer may move it to now (reporting's workflow). */
  allowed_moves: ReportStatus[];
  reporter_id: string | null;
  reporter_anonymous: boolean;
  closed_at: string | null;
}

/** PATCH /reports/{id}/triage: fields left out stay as they are. */
export interface Triage {
  priority?: Priority;
  assigned_officer_id?: string | null;
  assigned_team?: string | null;
  tags?: string[];
}

/** POST /reports/{id}/status. */
export interface StatusChange {
  status: ReportStatus;
  reason: string;
  public_message?: string;
}

export type EntryKind =
  | "submitted"
  | "triaged"
  | "status_changed"
  | "internal_note"
  | "public_update"
  | "information_added"
  | "evidence_attached"
  | "linked"
  | "referral_outcome"
  | "withdrawn"
  | "reporter_erased";

/** GET /reports/{id}/timeline, as staff see it. */
export interface TimelineEntry {
  id: string;
  at: string;
  kind: EntryKind;
  actor_role: string;
  body: string | null;
  visibility: "public" | "internal";
  actor_id: string | null;
  data: Record<string, unknown>;
}

/** GET /reports/{id}/links. */
export interface Link {
  related_report_id: string;
  related_reference: string;
  reason: string;
  linked_by: string;
  created_at: string;
}

/** GET /reports/{id}/duplicates. */
export interface Duplicate {
  report_id: string;
  reference: string;
  category: string;
  status: ReportStatus;
  occurred_from: string;
  description: string;
  score: number;
  text_similarity: number;
  distance_m: number | null;
  hours_apart: number;
  linked: boolean;
}

/** GET /reports/{id}/evidence. */
export interface Evidence {
  id: string;
  report_id: string;
  media_kind: "photo" | "video" | "audio" | "document";
  content_type: string;
  size_bytes: number;
  sha256: string;
  derivative_status: "ready" | "failed" | "not_available";
  width: number | null;
  height: number | null;
  created_at: string;
}

/** POST /reports/{id}/evidence/{evidence_id}/download. */
export interface EvidenceUrl {
  variant: "original" | "shareable" | "thumbnail";
  url: string;
  expires_at: string;
  content_type: string;
}

/** GET /categories. */
export interface Category {
  slug: string;
  name: string;
  description: string;
  active: boolean;
}

/** GET /areas (the map's shape, AreaMap's Area). */
export interface AreaName {
  slug: string;
  name: string;
}

/** GET /partners. */
export interface Partner {
  id: string;
  slug: string;
  name: string;
  description: string;
  categories: string[];
  active: boolean;
}

export const REFERRAL_PRIORITIES = ["low", "normal", "high", "urgent"] as const;
export type ReferralPriority = (typeof REFERRAL_PRIORITIES)[number];

/** GET /referrals items and POST /referrals answers. */
export interface Referral {
  id: string;
  report_id: string;
  partner_id: string;
  status: "pending" | "accepted" | "declined" | "completed";
  priority: ReferralPriority;
  reason: string;
  due_at: string;
  overdue: boolean;
  created_at: string;
  updated_at: string;
}

/** POST /referrals. */
export interface ReferralCreate {
  report_id: string;
  partner_ids: string[];
  reason: string;
  priority: ReferralPriority;
  due_at?: string;
}

/** GET /conversations items, as staff see them. */
export interface Conversation {
  id: string;
  kind: "report" | "appeal_response" | "general";
  subject: string;
  report_id: string | null;
  status: "open" | "waiting" | "closed";
  last_message_at: string;
  unread: number;
}
