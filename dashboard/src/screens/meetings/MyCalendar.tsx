import { Link } from "react-router-dom";

import { Panel } from "../../components/Page";
import { ShowPaged, usePaged } from "../../components/Paged";
import { formatClock, formatDay, isoDay, ZONE } from "./clock";
import { StatusBadge } from "./StatusBadge";
import type { Meeting } from "./types";

// How far ahead the calendar looks.
const WEEKS = 4;

/** Meetings grouped by their day on the browser's clock, soonest first. */
function byDay(meetings: Meeting[]): [string, Meeting[]][] {
  const days = new Map<string, Meeting[]>();
  for (const m of [...meetings].sort((a, b) => Date.parse(a.starts_at) - Date.parse(b.starts_at))) {
    const day = isoDay(0, new Date(m.starts_at));
    days.set(day, [...(days.get(day) ?? []), m]);
  }
  return [...days.entries()];
}

/** My bookings from today for the coming weeks, by day. */
export function MyCalendar() {
  const meetings = usePaged<Meeting>("/meetings", { from: isoDay(), to: isoDay(WEEKS * 7 - 1), tz: ZONE, limit: 100 });
  return (
    <Panel title="My calendar" className="meetings-calendar">
      <p className="hint">
        Your bookings from today for the next {WEEKS} weeks, on this computer’s clock ({ZONE}).
      </p>
      <ShowPaged paged={meetings} what="meetings" empty={`Nobody has booked you in the next ${WEEKS} weeks.`}>
        {(items) =>
          byDay(items).map(([day, list]) => (
            <section key={day} aria-labelledby={`day-${day}`} className="meetings-day">
              <h3 id={`day-${day}`}>{formatDay(list[0]?.starts_at ?? day)}</h3>
              <ul className="list">
                {list.map((m) => (
                  <li key={m.id} className="meetings-row">
                    <div>
                      <Link to={m.id}>
                        <strong>
                          {formatClock(m.starts_at)}–{formatClock(m.ends_at)}
                        </strong>{" "}
                        {m.meeting_type_name}
                      </Link>{" "}
                      <StatusBadge status={m.status} />
                      <br />
                      <span className="meta">
                        {m.location_name}
                        {m.capacity > 1 ? ` · ${m.booked} of ${m.capacity} places taken` : ""}
                      </span>
                      {m.note && <p className="meetings-note">“{m.note}”</p>}
                    </div>
                  </li>
                ))}
              </ul>
            </section>
          ))
        }
      </ShowPaged>
    </Panel>
  );
}
