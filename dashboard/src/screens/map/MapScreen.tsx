import { useMemo } from "react";
import { Link, useNavigate } from "react-router-dom";

import { useApi } from "../../api/useApi";
import { AreaMap, type Area, type MapPoint } from "../../components/AreaMap";
import { Field } from "../../components/Field";
import { Page } from "../../components/Page";
import { Loading, Show } from "../../components/States";
import { useAddressFilters } from "../../components/useAddressFilters";
import { formatDateTime, humanise, number } from "../../format";
import { useNames } from "../reports/labels";
import { STATUSES } from "../reports/types";
import type { ReportPoints } from "./types";

const HOUR = 60 * 60 * 1000;
const RANGES: Record<string, { label: string; hours?: number }> = {
  "24h": { label: "The last 24 hours", hours: 24 },
  "7d": { label: "The last 7 days", hours: 7 * 24 },
  "30d": { label: "The last 30 days", hours: 30 * 24 },
  custom: { label: "From a date to a date" },
};
const DEFAULT_RANGE = "7d";
// "Open": every status a report is still worked in.
const OPEN = ["received", "triaged", "in_progress", "referred"];
// The map draws this many points at most; the server says when more matched.
const LIMIT = 2000;
const LISTED = 100;

/** The occurred_after / occurred_before of a range, fixed for as long as the range is the
 * same (a new "now" every render would ask the server again every render). */
function useWindow(range: string, from: string, to: string) {
  return useMemo(() => {
    const hours = RANGES[range]?.hours;
    if (hours !== undefined) return { occurred_after: new Date(Date.now() - hours * HOUR).toISOString() };
    return {
      occurred_after: from ? new Date(`${from}T00:00`).toISOString() : undefined,
      occurred_before: to ? new Date(`${to}T23:59:59.999`).toISOString() : undefined,
    };
  }, [range, from, to]);
}

/** /map: the reports as points over the force's named areas, filtered by category, status
 * and time; a point opens its report. */
export function MapScreen() {
  const { filters, shown, set } = useAddressFilters(["category", "status", "range", "from", "to"]);
  const navigate = useNavigate();
  const names = useNames();
  const areas = useApi<Area[]>("/areas");
  const { category, status, from, to } = shown;
  const range = shown.range || DEFAULT_RANGE;
  const occurred = useWindow(filters.range || DEFAULT_RANGE, filters.from, filters.to);
  const points = useApi<ReportPoints>("/reports/points", {
    query: {
      category: filters.category,
      status: filters.status === "open" ? OPEN : filters.status,
      ...occurred,
      limit: LIMIT,
    },
  });

  const mapPoints = useMemo<MapPoint[]>(
    () =>
      (points.data?.items ?? []).map((p) => ({
        id: p.id,
        latitude: p.latitude,
        longitude: p.longitude,
        group: names.category(p.category),
        label: `${p.reference}: ${names.category(p.category)}, ${humanise(p.status).toLowerCase()}${
          p.urgent ? ", urgent" : ""
        }, ${formatDateTime(p.occurred_from)}`,
      })),
    [points.data, names],
  );

  return (
    <Page title="Map">
      <form className="panel map-filters" aria-label="Filter the map" onSubmit={(e) => e.preventDefault()}>
        <Field label="Category">
          <select value={category} onChange={(e) => set({ category: e.target.value })}>
            <option value="">Every category</option>
            {names.categories.map((c) => (
              <option key={c.slug} value={c.slug}>
                {c.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Status">
          <select value={status} onChange={(e) => set({ status: e.target.value })}>
            <option value="">Any status</option>
            <option value="open">Open (not yet resolved or closed)</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {humanise(s)}
              </option>
            ))}
          </select>
        </Field>
        <Field label="When it happened">
          <select value={range} onChange={(e) => set({ range: e.target.value })}>
            {Object.entries(RANGES).map(([value, r]) => (
              <option key={value} value={value}>
                {r.label}
              </option>
            ))}
          </select>
        </Field>
        {range === "custom" && (
          <>
            <Field label="From">
              <input type="date" value={from} max={to || undefined} onChange={(e) => set({ from: e.target.value })} />
            </Field>
            <Field label="To">
              <input type="date" value={to} min={from || undefined} onChange={(e) => set({ to: e.target.value })} />
            </Field>
          </>
        )}
      </form>
      <section className="panel" aria-labelledby="map-title">
        <h2 id="map-title">Reports on the map</h2>
        {/* A new filter's answer replaces the map when it comes; until then the old one shows. */}
        {points.loading && points.data && <Loading what="Updating the map" />}
        <Show loaded={areas} what="Loading the areas">
          {(drawn) => (
            <Show loaded={points} what="Loading the reports">
              {(data) => (
                <>
                  <p role="status" className="map-summary">
                    {data.items.length === 0
                      ? "No report with a position matches these filters."
                      : `${number(data.items.length)} reports shown${
                          data.truncated ? `: the newest ${number(LIMIT)}; narrow the filters to see the others` : ""
                        }. Choose a point to open its report; a numbered circle zooms in.`}
                  </p>
                  <AreaMap
                    areas={drawn}
                    points={mapPoints}
                    label="Reports over the force's areas"
                    onPointClick={(p) => navigate(`/reports/${p.id}`)}
                  />
                  {/* For screen readers, and for reports at the very same place, which stay
                      one cluster however far the map zooms. */}
                  {data.items.length > 0 && (
                    <details className="map-list">
                      <summary>The newest {Math.min(LISTED, data.items.length)} of these reports as a list</summary>
                      <ul className="list">
                        {mapPoints.slice(0, LISTED).map((p) => (
                          <li key={p.id}>
                            <Link to={`/reports/${p.id}`}>{p.label}</Link>
                          </li>
                        ))}
                      </ul>
                    </details>
                  )}
                </>
              )}
            </Show>
          )}
        </Show>
      </section>
    </Page>
  );
}
