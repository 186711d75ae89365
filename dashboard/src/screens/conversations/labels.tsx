// How the inbox and the thread name statuses, kinds and people. Staff are known by id only
// (officers cannot list their colleagues' accounts), so the dashboard says "you" or "another
// officer".
import type { ConversationKind, ConversationStatus, Message } from "./types";

export const KIND_LABELS: Record<ConversationKind, string> = {
  report: "About a report",
  appeal_response: "Answer to an appeal",
  general: "General",
};

const STATUS: Record<ConversationStatus, { label: string; badge: string }> = {
  open: { label: "Open", badge: "badge-urgent" },
  waiting: { label: "Waiting for the citizen", badge: "badge-info" },
  closed: { label: "Closed", badge: "badge-ok" },
};

export function StatusBadge({ status }: { status: ConversationStatus }) {
  return <span className={`badge ${STATUS[status].badge}`}>{STATUS[status].label}</span>;
}

export function assigneeLabel(officerId: string | null, nameOf: (id: string) => string): string {
  return officerId === null ? "Nobody" : nameOf(officerId);
}

export function authorLabel(message: Message, anonymous: boolean, nameOf: (id: string, unknown?: string) => string): string {
  if (message.author_role === "system") return "Peelian (automatic message)";
  if (message.author_role === "citizen") return anonymous ? "The anonymous reporter" : "The citizen";
  return message.author_id ? nameOf(message.author_id, "An officer") : "An officer";
}
