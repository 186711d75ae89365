// The scheduling service's shapes the screen uses (services/scheduling: availability,
// catalogue, meetings and calendars schemas).

export type Weekday = "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday";

export const WEEKDAYS: Weekday[] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

export interface Availability {
  id: string;
  officer_id: string | null;
  team: string;
  meeting_type: string;
  location: string;
  weekday: Weekday;
  /** Wall-clock times ("10:00:00") on the clock of `timezone`. */
  start_time: string;
  end_time: string;
  timezone: string;
  valid_from: string;
  valid_until: string | null;
  retired_at: string | null;
  created_at: string;
}

export interface AvailabilityCreate {
  officer_id: string;
  team: string;
  meeting_type: string;
  location: string;
  weekday: Weekday;
  start_time: string;
  end_time: string;
  timezone: string;
  valid_from: string;
  valid_until: string | null;
}

export type ExceptionKind = "leave" | "bank_holiday" | "other";

export interface AvailabilityException {
  id: string;
  officer_id: string | null;
  team: string | null;
  kind: ExceptionKind;
  reason: string;
  starts_at: string;
  ends_at: string;
  created_at: string;
}

/** Whole days (`starts_on`–`ends_on`) or a period (`starts_at`–`ends_at`). */
export interface ExceptionCreate {
  officer_id: string;
  kind: ExceptionKind;
  reason: string;
  starts_on?: string;
  ends_on?: string;
  starts_at?: string;
  ends_at?: string;
  timezone: string;
}

export interface MeetingType {
  id: string;
  slug: string;
  name: string;
  description: string;
  duration_minutes: number;
  capacity: number;
  buffer_minutes: number;
  active: boolean;
}

export interface MeetingLocation {
  id: string;
  slug: string;
  name: string;
  kind: "station" | "campus" | "online";
  address: string | null;
  video_url: string | null;
}

export type BookingStatus = "booked" | "cancelled" | "completed" | "no_show";

/** A booking as staff see it; times carry the offset of the `tz` asked for. */
export interface Meeting {
  id: string;
  status: BookingStatus;
  starts_at: string;
  ends_at: string;
  timezone: string;
  meeting_type: string;
  meeting_type_name: string;
  location: string;
  location_name: string;
  address: string | null;
  online: boolean;
  video_url: string | null;
  officer_id: string | null;
  team: string;
  note: string | null;
  report_id: string | null;
  confirmed_at: string | null;
  cancelled_at: string | null;
  cancelled_by: "citizen" | "officer" | null;
  cancel_reason: string | null;
  completed_at: string | null;
  created_at: string;
  /** Path of the meeting's iCalendar file. */
  calendar: string;
  citizen_id: string | null;
  citizen_anonymous: boolean;
  officer_notes: string | null;
  booked: number;
  capacity: number;
}

export interface FeedCreated {
  url: string;
  teams: string[];
}

export interface Feed {
  teams: string[];
  created_at: string;
}
