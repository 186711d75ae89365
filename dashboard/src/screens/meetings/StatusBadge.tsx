import type { BookingStatus } from "./types";

const LOOK: Record<BookingStatus, { label: string; tone: string }> = {
  booked: { label: "Booked", tone: "badge-info" },
  completed: { label: "Held", tone: "badge-ok" },
  no_show: { label: "No-show", tone: "badge-danger" },
  cancelled: { label: "Cancelled", tone: "" },
};

export function StatusBadge({ status }: { status: BookingStatus }) {
  const { label, tone } = LOOK[status];
  return <span className={`badge ${tone}`}>{label}</span>;
}
