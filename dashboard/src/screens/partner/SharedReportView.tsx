// The report exactly as the referrals API gives it to this agency: the fields its data-sharing
// agreement names, and without the reporter's consent only an anonymised summary. Nothing here
// is added or looked up elsewhere; a field the API left out is simply not shown.
import type { ReactNode } from "react";

import { Empty } from "../../components/States";
import { formatDate, formatDateTime, humanise } from "../../format";
import type { PartnerMe, Person, SharedReport, Vehicle } from "./types";

// In the agreement's vocabulary (minimise.py's ReportField), in the order a reader wants them.
const LABELS: Record<keyof SharedReport, string> = {
  reference: "Reference",
  kind: "Kind",
  category: "Category",
  urgent: "Marked urgent",
  description: "Description",
  occurred_from: "Happened from",
  occurred_to: "Happened until",
  submitted_at: "Reported",
  location_text: "Place",
  latitude: "Latitude",
  longitude: "Longitude",
  areas: "Areas",
  people: "People involved",
  vehicles: "Vehicles",
  language: "Reporter's language",
};
const ORDER = Object.keys(LABELS) as (keyof SharedReport)[];

/** An anonymised summary carries a bare date ("2026-11-20"), never the time of day. */
function when(value: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDate(value) : formatDateTime(value);
}

const languages = new Intl.DisplayNames(["en-GB"], { type: "language" });

/** "zh-Hans" → "Simplified Chinese (zh-Hans)": the code as given, named for the reader. */
function language(code: string): string {
  try {
    return `${languages.of(code) ?? code} (${code})`;
  } catch {
    // Not a well-formed tag: show it as the API gave it.
    return code;
  }
}

function person(p: Person): string {
  const about = [p.name, p.approximate_age != null ? `about ${p.approximate_age}` : null, p.description];
  return [humanise(p.role), ...about.filter(Boolean)].join(" · ");
}

function vehicle(v: Vehicle): string {
  const parts = [v.registration, [v.colour, v.make, v.model].filter(Boolean).join(" "), v.description];
  return parts.filter(Boolean).join(" · ") || "No details";
}

function value(field: keyof SharedReport, report: SharedReport): ReactNode {
  const v = report[field];
  if (v === null || v === undefined || v === "") return "—";
  switch (field) {
    case "kind":
    case "category":
      return humanise(String(v));
    case "urgent":
      return v ? "Yes" : "No";
    case "occurred_from":
    case "occurred_to":
    case "submitted_at":
      return when(String(v));
    case "language":
      return language(String(v));
    case "areas":
      return (v as string[]).length ? (v as string[]).map(humanise).join(", ") : "—";
    case "people":
    case "vehicles": {
      const rows = field === "people" ? (v as Person[]).map(person) : (v as Vehicle[]).map(vehicle);
      if (rows.length === 0) return "None given";
      return (
        <ul className="partner-plain-list">
          {rows.map((row, i) => (
            <li key={i}>{row}</li>
          ))}
        </ul>
      );
    }
    default:
      return String(v);
  }
}

export function SharedReportView({ report, shared, partner }: { report: SharedReport; shared: boolean; partner?: PartnerMe }) {
  const fields = ORDER.filter((f) => f in report);
  // A field the service shares that this screen has no label for yet is still shown, as given.
  const others = Object.entries(report as Record<string, unknown>).filter(([name]) => !(name in LABELS));
  return (
    <>
      <div className="notice partner-sharing" role="note">
        <p>
          You see only what your agency's data-sharing agreement
          {partner ? ` (${partner.agreement.reference})` : ""} allows
          {partner ? `: ${partner.agreement.fields.map((f) => LABELS[f].toLowerCase()).join(", ")}` : ""}. Nothing about
          the reporter is ever shared.
        </p>
        {!shared && (
          <p>
            <strong>The reporter did not consent to sharing,</strong> so this is an anonymised summary: no description,
            people, vehicles, place or reference, and dates without the time of day.
          </p>
        )}
      </div>
      {fields.length + others.length === 0 ? (
        <Empty>Nothing of this report may be shared with your agency.</Empty>
      ) : (
        <dl className="partner-report">
          {fields.map((f) => (
            <div key={f}>
              <dt>{LABELS[f]}</dt>
              <dd>{value(f, report)}</dd>
            </div>
          ))}
          {others.map(([name, v]) => (
            <div key={name}>
              <dt>{humanise(name)}</dt>
              <dd>{typeof v === "string" ? v : JSON.stringify(v)}</dd>
            </div>
          ))}
        </dl>
      )}
    </>
  );
}
