// How the report screens name statuses, priorities, categories and areas.
import { useMemo } from "react";

import { useApi } from "../../api/useApi";
import { humanise } from "../../format";
import type { AreaName, Category, Priority, ReportStatus } from "./types";

const STATUS_CLASS: Partial<Record<ReportStatus, string>> = {
  received: "badge badge-info",
  referred: "badge badge-info",
  resolved: "badge badge-ok",
};

export function StatusBadge({ status }: { status: ReportStatus }) {
  return <span className={STATUS_CLASS[status] ?? "badge"}>{humanise(status)}</span>;
}

export function PriorityBadge({ priority }: { priority: Priority }) {
  const urgent = priority === "high" || priority === "critical";
  return <span className={urgent ? "badge badge-urgent" : "badge"}>{humanise(priority)} priority</span>;
}

export function UrgentBadge() {
  return <span className="badge badge-urgent">Urgent</span>;
}

/** The categories (GET /categories) and areas (GET /areas), and their names by slug; a slug
 * not (or not yet) known is shown humanised. */
export function useNames() {
  const categories = useApi<Category[]>("/categories", { query: { include_inactive: true } });
  const areas = useApi<AreaName[]>("/areas");
  return useMemo(() => {
    const categoryNames = new Map((categories.data ?? []).map((c) => [c.slug, c.name]));
    const areaNames = new Map((areas.data ?? []).map((a) => [a.slug, a.name]));
    return {
      categories: categories.data ?? [],
      areas: areas.data ?? [],
      category: (slug: string) => categoryNames.get(slug) ?? humanise(slug),
      area: (slug: string | null) => (slug === null ? "Outside every area" : (areaNames.get(slug) ?? humanise(slug))),
    };
  }, [categories.data, areas.data]);
}
