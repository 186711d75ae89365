// The force's named areas drawn as SVG polygons (d3-geo; no tile server, nothing from the
// internet), with points on top clustered by supercluster when they crowd. Used by the map
// screen (reports as points) and the publication composer (choosing areas).
import { geoArea, geoMercator, geoPath, type GeoPermissibleObjects } from "d3-geo";
import { useMemo, useState } from "react";
import Supercluster from "supercluster";

import { PALETTE } from "./charts";
import { rewindForD3 } from "./rewind";

export interface Area {
  slug: string;
  name: string;
  /** A GeoJSON Polygon or MultiPolygon. */
  geojson: GeoJSON.Geometry;
}

export interface MapPoint {
  id: string;
  longitude: number;
  latitude: number;
  label: string;
  /** Groups points by colour (a category, say). */
  group?: string;
}

interface Props {
  areas: Area[];
  points?: MapPoint[];
  /** Areas to show as chosen; with onToggleArea they become checkboxes. */
  selected?: string[];
  onToggleArea?: (slug: string) => void;
  onPointClick?: (point: MapPoint) => void;
  /** The map's accessible name. */
  label: string;
  height?: number;
}

type Bbox = [number, number, number, number]; // west, south, east, north
const WIDTH = 720;

function bboxOf(coordinates: [number, number][]): Bbox {
  const lons = coordinates.map((c) => c[0]);
  const lats = coordinates.map((c) => c[1]);
  return [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
}

function ringsOf(geometry: GeoJSON.Geometry): [number, number][] {
  if (geometry.type === "Polygon") return geometry.coordinates.flat() as [number, number][];
  if (geometry.type === "MultiPolygon") return geometry.coordinates.flat(2) as [number, number][];
  return [];
}

function padded([w, s, e, n]: Bbox, by = 0.08): Bbox {
  const dx = Math.max(e - w, 0.002) * by;
  const dy = Math.max(n - s, 0.002) * by;
  return [w - dx, s - dy, e + dx, n + dy];
}

export function AreaMap({ areas: given, points = [], selected = [], onToggleArea, onPointClick, label, height = 460 }: Props) {
  // Largest first, so that an area lying over another is drawn on top and can be clicked.
  const areas = useMemo(
    () =>
      given
        .map((a) => ({ ...a, geojson: rewindForD3(a.geojson) }))
        .sort((a, b) => geoArea(b.geojson as GeoPermissibleObjects) - geoArea(a.geojson as GeoPermissibleObjects)),
    [given],
  );
  const home = useMemo<Bbox>(() => {
    const coordinates = [
      ...areas.flatMap((a) => ringsOf(a.geojson)),
      ...points.map((p) => [p.longitude, p.latitude] as [number, number]),
    ];
    return coordinates.length ? padded(bboxOf(coordinates)) : [-3.3, 51.4, -3.0, 51.6];
  }, [areas, points]);
  const [view, setView] = useState<Bbox | null>(null);
  const bbox = view ?? home;

  const projection = useMemo(() => {
    const [w, s, e, n] = bbox;
    const frame: GeoJSON.Feature = {
      type: "Feature",
      properties: {},
      geometry: { type: "MultiPoint", coordinates: [[w, s], [e, n]] },
    };
    return geoMercator().fitExtent([[8, 8], [WIDTH - 8, height - 8]], frame);
  }, [bbox, height]);
  const path = geoPath(projection);

  const index = useMemo(() => {
    const cluster = new Supercluster<MapPoint>({ radius: 48, maxZoom: 19 });
    cluster.load(
      points.map((p) => ({
        type: "Feature" as const,
        properties: p,
        geometry: { type: "Point" as const, coordinates: [p.longitude, p.latitude] },
      })),
    );
    return cluster;
  }, [points]);
  // The web-map zoom whose tiles would show this span across the map's width.
  const zoom = Math.max(0, Math.min(19, Math.floor(Math.log2((360 / (bbox[2] - bbox[0])) * (WIDTH / 256)))));
  const clusters = index.getClusters(bbox, zoom);
  const groups = [...new Set(points.map((p) => p.group ?? ""))];
  const colour = (group: string | undefined) => PALETTE[groups.indexOf(group ?? "") % PALETTE.length];

  function zoomInto(clusterId: number) {
    const leaves = index.getLeaves(clusterId, Infinity).map((f) => f.geometry.coordinates as [number, number]);
    setView(padded(bboxOf(leaves), 0.3));
  }

  return (
    <div className="area-map">
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        role="group"
        aria-label={label}
        className="area-map-svg"
      >
        {areas.map((area) => {
          const chosen = selected.includes(area.slug);
          const d = path(area.geojson as GeoPermissibleObjects) ?? "";
          const className = `area${chosen ? " area-selected" : ""}`;
          return onToggleArea ? (
            <path
              key={area.slug}
              d={d}
              className={className}
              role="checkbox"
              aria-checked={chosen}
              aria-label={area.name}
              tabIndex={0}
              onClick={() => onToggleArea(area.slug)}
              onKeyDown={(event) => {
                if (event.key === " " || event.key === "Enter") {
                  event.preventDefault();
                  onToggleArea(area.slug);
                }
              }}
            />
          ) : (
            <path key={area.slug} d={d} className={className} aria-hidden="true" />
          );
        })}
        {/* The names after every area, so that no area covers another's name. */}
        {areas.map((area) => {
          const [x, y] = path.centroid(area.geojson as GeoPermissibleObjects);
          return Number.isFinite(x) ? (
            <text key={area.slug} x={x} y={y} className="area-name" textAnchor="middle" aria-hidden="true">
              {area.name}
            </text>
          ) : null;
        })}
        {clusters.map((feature) => {
          const [lon, lat] = feature.geometry.coordinates as [number, number];
          const xy = projection([lon, lat]);
          if (!xy) return null;
          const properties = feature.properties as MapPoint & { cluster?: boolean; cluster_id?: number; point_count?: number };
          if (properties.cluster && properties.cluster_id !== undefined) {
            const count = properties.point_count ?? 0;
            const r = 12 + Math.min(16, Math.sqrt(count) * 2);
            return (
              <g
                key={`c${properties.cluster_id}`}
                transform={`translate(${xy[0]}, ${xy[1]})`}
                className="map-cluster"
                role="button"
                tabIndex={0}
                aria-label={`${count} reports here: zoom in`}
                onClick={() => zoomInto(properties.cluster_id!)}
                onKeyDown={(event) => {
                  if (event.key === "Enter" || event.key === " ") {
                    event.preventDefault();
                    zoomInto(properties.cluster_id!);
                  }
                }}
              >
                <circle r={r} />
                <text dy="0.35em" textAnchor="middle">
                  {count}
                </text>
              </g>
            );
          }
          return (
            <g
              key={properties.id}
              transform={`translate(${xy[0]}, ${xy[1]})`}
              className="map-point"
              role="link"
              tabIndex={onPointClick ? 0 : -1}
              aria-label={properties.label}
              onClick={() => onPointClick?.(properties)}
              onKeyDown={(event) => {
                if (event.key === "Enter") onPointClick?.(properties);
              }}
            >
              <title>{properties.label}</title>
              <circle r={7} fill={colour(properties.group)} />
            </g>
          );
        })}
      </svg>
      <div className="area-map-controls">
        {view && (
          <button type="button" onClick={() => setView(null)}>
            Show the whole force area
          </button>
        )}
        {groups.length > 1 && (
          <ul className="legend" aria-label="Colours">
            {groups.map((g) => (
              <li key={g}>
                <span className="swatch" style={{ background: colour(g) }} aria-hidden="true" /> {g}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
