// How the publication screens name kinds, states, severities and languages, and the areas and
// topics they target (read once from the public GET /areas and GET /topics).
import { useMemo } from "react";

import { useApi } from "../../api/useApi";
import type { Area } from "../../components/AreaMap";
import type { Kind, Severity, Status, Topic } from "./types";

export const KIND_LABELS: Record<Kind, string> = {
  news: "News",
  appeal: "Appeal",
  warning: "Warning",
  advice: "Advice",
  survey: "Survey invitation",
};

const STATUS: Record<Status, { label: string; badge: string }> = {
  draft: { label: "Draft", badge: "" },
  pending_approval: { label: "Awaiting approval", badge: "badge-urgent" },
  scheduled: { label: "Scheduled", badge: "badge-info" },
  published: { label: "Published", badge: "badge-ok" },
  retracted: { label: "Retracted", badge: "badge-danger" },
};

export const STATUS_LABELS = Object.fromEntries(Object.entries(STATUS).map(([k, v]) => [k, v.label])) as Record<
  Status,
  string
>;

export function StatusBadge({ status }: { status: Status }) {
  return <span className={`badge ${STATUS[status].badge}`}>{STATUS[status].label}</span>;
}

export const SEVERITY_LABELS: Record<Severity, string> = {
  info: "Information",
  advisory: "Advisory",
  urgent: "Urgent",
};

export function SeverityBadge({ severity }: { severity: Severity }) {
  const badge = severity === "urgent" ? "badge-urgent" : severity === "advisory" ? "badge-info" : "";
  return <span className={`badge ${badge}`}>{SEVERITY_LABELS[severity]}</span>;
}

/** Languages a publication is commonly translated into; English is always the default. */
export const LANGUAGES: Record<string, string> = {
  en: "English",
  cy: "Welsh",
  pl: "Polish",
  ar: "Arabic",
  zh: "Chinese",
  ur: "Urdu",
  ro: "Romanian",
};

export const languageName = (code: string) => LANGUAGES[code] ?? code;

/** The named areas and topics, and their names by slug. */
export function useTargets() {
  const areas = useApi<Area[]>("/areas");
  const topics = useApi<Topic[]>("/topics");
  const names = useMemo(() => {
    const byslug = new Map<string, string>();
    areas.data?.forEach((a) => byslug.set(a.slug, a.name));
    topics.data?.forEach((t) => byslug.set(t.slug, t.name));
    return byslug;
  }, [areas.data, topics.data]);
  const nameOf = (slug: string) => names.get(slug) ?? slug;
  return { areas, topics, nameOf };
}
