// Charts drawn as SVG with d3's scales and shapes (no chart service, nothing from the internet).
// Each is a <figure> with a caption and the same figures as a table for screen readers.
import { scaleBand, scaleLinear, scaleOrdinal, scaleTime } from "d3-scale";
import { line } from "d3-shape";

import { number } from "../format";

export interface Bar {
  label: string;
  value: number;
}

// Colours with at least 3:1 contrast against white (WCAG 2.1 non-text contrast).
export const PALETTE = ["#1d4f91", "#b3261e", "#2e7d32", "#8e24aa", "#a15c00", "#00695c", "#5d4037", "#37474f"];

function DataTable({ caption, head, rows }: { caption: string; head: string[]; rows: (string | number)[][] }) {
  return (
    <table className="visually-hidden">
      <caption>{caption}</caption>
      <thead>
        <tr>
          {head.map((h) => (
            <th key={h} scope="col">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={String(row[0])}>
            {row.map((cell, i) => (i === 0 ? <th key={i} scope="row">{cell}</th> : <td key={i}>{cell}</td>))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Horizontal bars, largest first: counts by category, area, answer… */
export function BarChart({ title, bars, unit = "" }: { title: string; bars: Bar[]; unit?: string }) {
  const rowHeight = 26;
  const width = 560;
  const labelWidth = 190;
  const height = Math.max(bars.length, 1) * rowHeight + 8;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const x = scaleLinear().domain([0, max]).range([0, width - labelWidth - 60]);
  const y = scaleBand<string>()
    .domain(bars.map((b) => b.label))
    .range([4, height - 4])
    .padding(0.2);
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      {bars.length === 0 ? (
        <p className="state state-empty">Nothing to show yet.</p>
      ) : (
        <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title} preserveAspectRatio="xMinYMin meet">
          {bars.map((bar) => (
            <g key={bar.label} transform={`translate(0, ${y(bar.label) ?? 0})`}>
              <text x={labelWidth - 8} y={y.bandwidth() / 2} dy="0.35em" textAnchor="end" className="chart-label">
                {bar.label.length > 26 ? `${bar.label.slice(0, 25)}…` : bar.label}
              </text>
              <rect x={labelWidth} width={Math.max(x(bar.value), 1)} height={y.bandwidth()} fill={PALETTE[0]} rx={2} />
              <text x={labelWidth + x(bar.value) + 6} y={y.bandwidth() / 2} dy="0.35em" className="chart-value">
                {number(bar.value)}
                {unit}
              </text>
            </g>
          ))}
        </svg>
      )}
      <DataTable caption={title} head={["", "value"]} rows={bars.map((b) => [b.label, b.value])} />
    </figure>
  );
}

export interface Series {
  name: string;
  points: { at: Date; value: number }[];
}

/** Lines over time, one per series (reports per day by category, say), with a legend. */
export function LineChart({ title, series }: { title: string; series: Series[] }) {
  const width = 560;
  const height = 220;
  const margin = { top: 10, right: 12, bottom: 28, left: 36 };
  const all = series.flatMap((s) => s.points);
  const colour = scaleOrdinal<string, string>()
    .domain(series.map((s) => s.name))
    .range(PALETTE);
  if (all.length === 0) {
    return (
      <figure className="chart">
        <figcaption>{title}</figcaption>
        <p className="state state-empty">Nothing to show yet.</p>
      </figure>
    );
  }
  const times = all.map((p) => p.at.getTime());
  const x = scaleTime()
    .domain([new Date(Math.min(...times)), new Date(Math.max(...times))])
    .range([margin.left, width - margin.right]);
  const y = scaleLinear()
    .domain([0, Math.max(1, ...all.map((p) => p.value))])
    .nice()
    .range([height - margin.bottom, margin.top]);
  const path = line<{ at: Date; value: number }>()
    .x((p) => x(p.at))
    .y((p) => y(p.value));
  const dates = [...new Set(all.map((p) => p.at.toISOString().slice(0, 10)))].sort();
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title}>
        {y.ticks(4).map((tick) => (
          <g key={tick} transform={`translate(0, ${y(tick)})`}>
            <line x1={margin.left} x2={width - margin.right} className="chart-grid" />
            <text x={margin.left - 6} dy="0.35em" textAnchor="end" className="chart-value">
              {tick}
            </text>
          </g>
        ))}
        {x.ticks(5).map((tick) => (
          <text key={tick.getTime()} x={x(tick)} y={height - 8} textAnchor="middle" className="chart-value">
            {tick.toLocaleDateString("en-GB", { day: "numeric", month: "short" })}
          </text>
        ))}
        {series.map((s) => (
          <path key={s.name} d={path(s.points) ?? ""} fill="none" stroke={colour(s.name)} strokeWidth={2} />
        ))}
      </svg>
      <ul className="legend">
        {series.map((s) => (
          <li key={s.name}>
            <span className="swatch" style={{ background: colour(s.name) }} aria-hidden="true" /> {s.name}
          </li>
        ))}
      </ul>
      <DataTable
        caption={title}
        head={["date", ...series.map((s) => s.name)]}
        rows={dates.map((d) => [
          d,
          ...series.map((s) => s.points.find((p) => p.at.toISOString().slice(0, 10) === d)?.value ?? 0),
        ])}
      />
    </figure>
  );
}
