import { useEffect, useState, type FormEvent } from "react";
import { Link, useParams } from "react-router-dom";

import { api, download, url } from "../../api/client";
import { useAction, useApi } from "../../api/useApi";
import { Field } from "../../components/Field";
import { Page, Panel } from "../../components/Page";
import { ErrorMessage, Show } from "../../components/States";
import { formatDateTime } from "../../format";
import { formatClock, formatDay, ZONE } from "./clock";
import { StatusBadge } from "./StatusBadge";
import type { Meeting } from "./types";

/** A booking: what, when and where, who booked; the officer's actions on it. */
export function MeetingDetail() {
  const { id } = useParams();
  const meeting = useApi<Meeting>(url(`/meetings/${id}`, { tz: ZONE }));
  return (
    <Show loaded={meeting} what="Loading the meeting">
      {(m) => <MeetingPage meeting={m} reload={meeting.reload} />}
    </Show>
  );
}

function who(m: Meeting): string {
  if (m.citizen_id === null) return "Someone whose account has since been erased";
  if (m.citizen_anonymous) return "An anonymous reporter (reporter key)";
  return "A registered student";
}

function MeetingPage({ meeting: m, reload }: { meeting: Meeting; reload: () => void }) {
  const [notice, setNotice] = useState<string>();
  const started = Date.parse(m.starts_at) <= Date.now();
  const open = m.status === "booked";
  const calendar = useAction(() => download(m.calendar, `meeting-${m.id}.ics`, { tz: ZONE }));
  const complete = useAction(async (attended: boolean) => {
    await api<Meeting>(url(`/meetings/${m.id}/complete`, { tz: ZONE }), { method: "POST", json: { attended } });
    setNotice(attended ? "Marked as held." : "Marked as a no-show.");
    reload();
  });
  return (
    <Page
      title={`${m.meeting_type_name}, ${formatDay(m.starts_at)}`}
      actions={
        <div className="actions">
          <Link to=".." relative="path" className="button secondary">
            My meetings
          </Link>
          <button type="button" className="secondary" onClick={() => void calendar.run()} disabled={calendar.running}>
            Download .ics
          </button>
        </div>
      }
    >
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {calendar.error && <ErrorMessage error={calendar.error} />}
      <div className="split">
        <Panel title="Booking">
          <dl className="survey-facts meetings-facts">
            <div>
              <dt>Status</dt>
              <dd>
                <StatusBadge status={m.status} />
              </dd>
            </div>
            <div>
              <dt>When</dt>
              <dd>
                {formatDay(m.starts_at)}, {formatClock(m.starts_at)}–{formatClock(m.ends_at)}
              </dd>
            </div>
            <div>
              <dt>Where</dt>
              <dd>
                {m.location_name}
                {m.address && <span className="meta"> · {m.address}</span>}
                {m.video_url && (
                  <>
                    {" · "}
                    <a href={m.video_url}>video link</a>
                  </>
                )}
              </dd>
            </div>
            <div>
              <dt>Booked by</dt>
              <dd>
                {who(m)}
                {m.confirmed_at && <span className="meta"> · confirmed {formatDateTime(m.confirmed_at)}</span>}
              </dd>
            </div>
            {m.capacity > 1 && (
              <div>
                <dt>Places</dt>
                <dd>
                  {m.booked} of {m.capacity} taken
                </dd>
              </div>
            )}
            {m.report_id && (
              <div>
                <dt>Follows up</dt>
                <dd>
                  <Link to={`/reports/${m.report_id}`}>their report</Link>
                </dd>
              </div>
            )}
            <div>
              <dt>Booked</dt>
              <dd>{formatDateTime(m.created_at)}</dd>
            </div>
          </dl>
          <h3>Their note</h3>
          <p>{m.note ? `“${m.note}”` : <span className="meta">No note.</span>}</p>
          {m.status === "cancelled" && (
            <p className="notice meetings-cancelled">
              Cancelled by the {m.cancelled_by ?? "service"} {formatDateTime(m.cancelled_at)}
              {m.cancel_reason && `: “${m.cancel_reason}”`}
            </p>
          )}
        </Panel>
        <div className="meetings-side">
          <Panel title="Outcome">
            {!open ? (
              <p>
                {m.status === "cancelled"
                  ? "This meeting was cancelled."
                  : `Marked ${m.status === "completed" ? "as held" : "as a no-show"} ${formatDateTime(m.completed_at)}.`}
              </p>
            ) : started ? (
              <>
                <p>Did the meeting take place?</p>
                {complete.error && <ErrorMessage error={complete.error} />}
                <div className="actions">
                  <button type="button" onClick={() => void complete.run(true)} disabled={complete.running}>
                    Mark as held
                  </button>
                  <button type="button" className="secondary" onClick={() => void complete.run(false)} disabled={complete.running}>
                    Mark as a no-show
                  </button>
                </div>
              </>
            ) : (
              <p className="hint">Once the meeting has begun you can mark it held, or the student a no-show.</p>
            )}
          </Panel>
          <Notes meeting={m} onSaved={() => setNotice("Private notes saved.")} />
          {open && !started && (
            <Cancel
              meeting={m}
              onCancelled={() => {
                setNotice("Cancelled: the student is told, with your reason.");
                reload();
              }}
            />
          )}
        </div>
      </div>
    </Page>
  );
}

/** The officer's private notes: never shown to the citizen. */
function Notes({ meeting, onSaved }: { meeting: Meeting; onSaved: () => void }) {
  const [notes, setNotes] = useState(meeting.officer_notes ?? "");
  useEffect(() => setNotes(meeting.officer_notes ?? ""), [meeting.officer_notes]);
  const save = useAction(async (event: FormEvent) => {
    event.preventDefault();
    await api<Meeting>(url(`/meetings/${meeting.id}/notes`, { tz: ZONE }), { method: "PUT", json: { notes } });
    onSaved();
  });
  return (
    <Panel title="Private notes">
      <form className="form" onSubmit={(e) => void save.run(e)}>
        <Field label="Notes" hint="For the force only: never shown to the student.">
          <textarea value={notes} maxLength={10_000} onChange={(e) => setNotes(e.target.value)} />
        </Field>
        {save.error && <ErrorMessage error={save.error} />}
        <div className="actions">
          <button type="submit" disabled={save.running}>
            {save.running ? "Saving…" : "Save notes"}
          </button>
        </div>
      </form>
    </Panel>
  );
}

function Cancel({ meeting, onCancelled }: { meeting: Meeting; onCancelled: () => void }) {
  const [reason, setReason] = useState("");
  const cancel = useAction(async (event: FormEvent) => {
    event.preventDefault();
    await api<Meeting>(url(`/meetings/${meeting.id}/cancel`, { tz: ZONE }), { method: "POST", json: { reason: reason.trim() } });
    onCancelled();
  });
  return (
    <Panel title="Cancel the meeting">
      <form className="form" onSubmit={(e) => void cancel.run(e)}>
        <Field label="Reason" hint="The student reads it.">
          <textarea required value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
        </Field>
        {cancel.error && <ErrorMessage error={cancel.error} />}
        <div className="actions">
          <button type="submit" className="danger" disabled={cancel.running || !reason.trim()}>
            {cancel.running ? "Cancelling…" : "Cancel the meeting"}
          </button>
        </div>
      </form>
    </Panel>
  );
}
