// The API shapes the overview uses besides the reports' (../reports/types.ts).

/** How many reports have this value; a null area: outside every named area. */
export interface Count {
  key: string | null;
  count: number;
}

export interface DayCount extends Count {
  /** YYYY-MM-DD, the day the incidents began on, in `tz`. */
  day: string;
}

/** GET /reports/stats. */
export interface ReportStats {
  since: string;
  until: string;
  tz: string;
  total: number;
  by_status: Count[];
  by_category: Count[];
  by_area: Count[];
  by_day_and_category: DayCount[];
  by_day_and_area: DayCount[];
}

/** GET /meetings items, as staff see them. */
export interface Meeting {
  id: string;
  status: "booked" | "cancelled" | "completed" | "no_show";
  starts_at: string;
  ends_at: string;
  meeting_type_name: string;
  location_name: string;
  online: boolean;
  report_id: string | null;
}
