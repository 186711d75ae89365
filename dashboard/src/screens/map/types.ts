import type { Priority, ReportStatus } from "../reports/types";

/** An item of GET /reports/points. */
export interface ReportPoint {
  id: string;
  reference: string;
  category: string;
  status: ReportStatus;
  priority: Priority;
  urgent: boolean;
  latitude: number;
  longitude: number;
  occurred_from: string;
  created_at: string;
}

/** GET /reports/points: the newest `limit` positioned reports, and whether more matched. */
export interface ReportPoints {
  items: ReportPoint[];
  truncated: boolean;
}
