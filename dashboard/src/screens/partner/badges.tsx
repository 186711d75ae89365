// How a referral's status, priority and lateness are shown, the same in the list and the detail.
import { humanise } from "../../format";
import type { Priority, ReferralStatus } from "./types";

const STATUS_CLASS: Record<ReferralStatus, string> = {
  pending: "badge badge-info",
  accepted: "badge badge-ok",
  declined: "badge",
  completed: "badge badge-ok",
};

export function StatusBadge({ status }: { status: ReferralStatus }) {
  return <span className={STATUS_CLASS[status]}>{humanise(status)}</span>;
}

export function PriorityBadge({ priority }: { priority: Priority }) {
  const urgent = priority === "urgent" || priority === "high";
  return <span className={urgent ? "badge badge-urgent" : "badge"}>{humanise(priority)}</span>;
}

export function OverdueBadge({ overdue }: { overdue: boolean }) {
  return overdue ? <span className="badge badge-urgent">Overdue</span> : null;
}
