import { Panel } from "../../components/Page";
import { useStaff } from "../../components/useStaff";
import { formatDateTime, humanise } from "../../format";
import { useNames } from "./labels";
import type { Report } from "./types";

function when(report: Report): string {
  if (report.occurred_from === report.occurred_to) return formatDateTime(report.occurred_from);
  return `between ${formatDateTime(report.occurred_from)} and ${formatDateTime(report.occurred_to)}`;
}

// Who reported, as far as the force may know: an anonymous reporter is never identified.
function reporter(report: Report): string {
  if (report.reporter_anonymous || report.anonymity === "anonymous") return "Anonymous reporter";
  if (report.reporter_id === null) return "The reporter erased their account";
  return report.anonymity === "identified"
    ? "A signed-in citizen, who may be named to partners they consented to"
    : "A signed-in citizen, known to the police only (confidential)";
}

/** Who works the report: the team, and the officer (named from the staff directory). */
function assignee(report: Report, nameOf: (id: string) => string): string {
  const team = report.assigned_team ? humanise(report.assigned_team) : "No team";
  if (report.assigned_officer_id === null) return `${team}, no officer`;
  return `${team}, ${nameOf(report.assigned_officer_id)}`;
}

export function DetailsPanel({ report }: { report: Report }) {
  const names = useNames();
  const { nameOf } = useStaff();
  return (
    <Panel title="Details">
      <dl className="report-details">
        <dt>Category</dt>
        <dd>{names.category(report.category)}</dd>
        <dt>Kind</dt>
        <dd>{report.kind === "intelligence" ? "Intelligence (information, not an incident)" : "Incident"}</dd>
        <dt>When</dt>
        <dd>{when(report)}</dd>
        <dt>Where</dt>
        <dd>
          {report.location_text ?? "No description of the place"}
          {report.latitude !== null && report.longitude !== null && (
            <span className="meta">
              {" "}
              ({report.latitude.toFixed(5)}, {report.longitude.toFixed(5)})
            </span>
          )}
          {report.areas.length > 0 && <div className="meta">Areas: {report.areas.map(names.area).join(", ")}</div>}
        </dd>
        <dt>Reported</dt>
        <dd>{formatDateTime(report.created_at)}</dd>
        <dt>Reporter</dt>
        <dd>
          {reporter(report)}
          <div className="meta">
            {report.contact_consent ? "Agrees to be contacted" : "Does not want to be contacted"} ·{" "}
            {report.share_consent ? "agrees to sharing with partners" : "no sharing with partners"}
          </div>
        </dd>
        <dt>Assigned</dt>
        <dd>{assignee(report, nameOf)}</dd>
        {report.tags.length > 0 && (
          <>
            <dt>Tags</dt>
            <dd>{report.tags.join(", ")}</dd>
          </>
        )}
      </dl>
      <h3>Description</h3>
      <p className="report-description">{report.description}</p>
      {report.people.length > 0 && (
        <>
          <h3>People involved</h3>
          <ul className="list">
            {report.people.map((p, i) => (
              <li key={i}>
                <strong>{humanise(p.role)}</strong>
                {p.name && `: ${p.name}`}
                {p.approximate_age !== null && `, about ${p.approximate_age}`}
                {p.description && <div>{p.description}</div>}
              </li>
            ))}
          </ul>
        </>
      )}
      {report.vehicles.length > 0 && (
        <>
          <h3>Vehicles</h3>
          <ul className="list">
            {report.vehicles.map((v, i) => (
              <li key={i}>
                {[v.colour, v.make, v.model].filter(Boolean).join(" ") || "A vehicle"}
                {v.registration && `, registration ${v.registration}`}
                {v.description && <div>{v.description}</div>}
              </li>
            ))}
          </ul>
        </>
      )}
    </Panel>
  );
}
