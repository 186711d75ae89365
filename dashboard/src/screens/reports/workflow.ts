import type { ReportStatus } from "./types";

/** Resolved, closed and withdrawn reports take no more triage. */
export const ended = (status: ReportStatus) => status === "resolved" || status === "closed" || status === "withdrawn";
