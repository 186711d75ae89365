// The referrals API's shapes as a partner agency's staff receive them (services/referrals:
// referrals/schemas.py and partners/schemas.py).

export type ReferralStatus = "pending" | "accepted" | "declined" | "completed";
export type Priority = "low" | "normal" | "high" | "urgent";
export type Outcome = "support_provided" | "signposted" | "action_taken" | "no_further_action" | "could_not_contact";

export const STATUSES: ReferralStatus[] = ["pending", "accepted", "declined", "completed"];
export const OUTCOMES: Outcome[] = [
  "support_provided",
  "signposted",
  "action_taken",
  "no_further_action",
  "could_not_contact",
];

/** A referral in GET /referrals (a partner's list holds only its own). */
export interface ReferralSummary {
  id: string;
  report_id: string;
  partner_id: string;
  status: ReferralStatus;
  priority: Priority;
  /** Written by the force for the partner. */
  reason: string;
  due_at: string;
  overdue: boolean;
  created_at: string;
  updated_at: string;
}

/** A note on a referral: the partner's progress, or the force's change of terms. */
export interface ReferralUpdate {
  id: string;
  by: "partner" | "force";
  note: string;
  created_at: string;
}

/** GET /referrals/{id} and every action's answer, as its partner receives it. */
export interface Referral extends ReferralSummary {
  accepted_at: string | null;
  declined_at: string | null;
  decline_reason: string | null;
  outcome: Outcome | null;
  outcome_summary: string | null;
  outcome_details: string | null;
  outcome_recorded_at: string | null;
  /** False: the reporter did not consent to sharing, so `report` is an anonymised summary. */
  report_shared: boolean;
  /** Only the fields of the partner's data-sharing agreement, after minimisation. */
  report: SharedReport;
  updates: ReferralUpdate[];
}

export interface Person {
  role: "victim" | "witness" | "suspect" | "other";
  name?: string | null;
  approximate_age?: number | null;
  description?: string | null;
}

export interface Vehicle {
  registration?: string | null;
  make?: string | null;
  model?: string | null;
  colour?: string | null;
  description?: string | null;
}

/** Any subset of these, as the agreement and the reporter's consent allow. Times are ISO 8601,
 * or a bare date ("2026-11-20") in an anonymised summary. */
export interface SharedReport {
  reference?: string;
  kind?: string;
  category?: string;
  urgent?: boolean;
  description?: string;
  occurred_from?: string | null;
  occurred_to?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  location_text?: string | null;
  areas?: string[];
  people?: Person[];
  vehicles?: Vehicle[];
  language?: string;
  submitted_at?: string;
}

/** GET /partners/me: the agency and its data-sharing agreement. */
export interface PartnerMe {
  id: string;
  slug: string;
  name: string;
  agreement: { reference: string; fields: (keyof SharedReport)[]; updated_at: string };
}
