import type { ReportStatus } from "./types";

// The moves an officer may make, as reporting's workflow (services/reporting/.../workflow.py)
// allows them: the API does not list them, and offering a move it refuses would only lead to
// an error. If the two ever differ, the API's refusal is shown.
const STAFF_MOVES: Record<ReportStatus, ReportStatus[]> = {
  received: ["triaged", "in_progress", "closed"],
  triaged: ["in_progress", "referred", "resolved", "closed"],
  in_progress: ["referred", "resolved", "closed"],
  referred: ["in_progress", "resolved", "closed"],
  resolved: ["in_progress", "closed"],
  closed: [],
  withdrawn: [],
};

export const staffMoves = (status: ReportStatus) => STAFF_MOVES[status];

/** Resolved, closed and withdrawn reports take no more triage. */
export const ended = (status: ReportStatus) => status === "resolved" || status === "closed" || status === "withdrawn";
