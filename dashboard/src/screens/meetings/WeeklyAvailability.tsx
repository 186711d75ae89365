import { useState, type FormEvent } from "react";

import { api } from "../../api/client";
import { useAction, useApi } from "../../api/useApi";
import type { Account } from "../../auth/AuthContext";
import { Field } from "../../components/Field";
import { Panel } from "../../components/Page";
import { ShowPaged, usePaged } from "../../components/Paged";
import { ErrorMessage } from "../../components/States";
import { humanise } from "../../format";
import { formatPlainDate, isoDay, wallClock, ZONE } from "./clock";
import { WEEKDAYS, type Availability, type AvailabilityCreate, type MeetingLocation, type MeetingType, type Weekday } from "./types";

const blank = () => ({
  weekday: "monday" as Weekday,
  start: "",
  end: "",
  meetingType: "",
  location: "",
  validFrom: isoDay(),
  validUntil: "",
});

/** The officer's weekly schedule entries: when students can book them, for what and where. */
export function WeeklyAvailability({ account }: { account: Account }) {
  const entries = usePaged<Availability>("/availability", { officer_id: account.id, limit: 100 });
  const types = useApi<MeetingType[]>("/meeting-types");
  const places = useApi<MeetingLocation[]>("/meeting-locations");
  const [form, setForm] = useState(blank);
  const [notice, setNotice] = useState<string>();
  const typeName = (slug: string) => types.data?.find((t) => t.slug === slug)?.name ?? humanise(slug);
  const placeName = (slug: string) => places.data?.find((p) => p.slug === slug)?.name ?? humanise(slug);
  const describe = (e: Availability) => `${humanise(e.weekday)} ${wallClock(e.start_time)}–${wallClock(e.end_time)}`;

  const add = useAction(async (entry: AvailabilityCreate) => {
    await api<Availability>("/availability", { method: "POST", json: entry });
    setForm(blank());
    setNotice(`Added: ${humanise(entry.weekday)} ${entry.start_time}–${entry.end_time}.`);
    entries.reload();
  });
  const remove = useAction(async (entry: Availability) => {
    await api<Availability>(`/availability/${entry.id}`, { method: "DELETE" });
    setNotice(`Removed ${describe(entry)}: no new bookings; meetings already booked stay.`);
    entries.reload();
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    setNotice(undefined);
    if (!account.team) return;
    void add.run({
      officer_id: account.id,
      team: account.team,
      meeting_type: form.meetingType,
      location: form.location,
      weekday: form.weekday,
      start_time: form.start,
      end_time: form.end,
      timezone: ZONE,
      valid_from: form.validFrom,
      valid_until: form.validUntil || null,
    });
  }

  return (
    <Panel title="My weekly availability">
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {remove.error && <ErrorMessage error={remove.error} />}
      <ShowPaged paged={entries} what="availability" empty="You offer no weekly hours yet.">
        {(items) => (
          <ul className="list">
            {[...items]
              .sort(
                (a, b) =>
                  WEEKDAYS.indexOf(a.weekday) - WEEKDAYS.indexOf(b.weekday) || a.start_time.localeCompare(b.start_time),
              )
              .map((e) => (
                <li key={e.id} className="meetings-row">
                  <div>
                    <strong>{describe(e)}</strong>
                    {e.timezone !== ZONE && <span className="meta"> ({e.timezone} time)</span>}
                    <br />
                    {typeName(e.meeting_type)} · {placeName(e.location)}
                    <br />
                    <span className="meta">
                      From {formatPlainDate(e.valid_from)}
                      {e.valid_until ? ` until ${formatPlainDate(e.valid_until)}` : ", no end date"}
                    </span>
                  </div>
                  <button
                    type="button"
                    className="secondary"
                    aria-label={`Remove ${describe(e)}`}
                    disabled={remove.running}
                    onClick={() => void remove.run(e)}
                  >
                    Remove
                  </button>
                </li>
              ))}
          </ul>
        )}
      </ShowPaged>

      <h3>Add weekly hours</h3>
      {account.team ? (
        <form className="form" onSubmit={submit}>
          <div className="meetings-fields">
            <Field label="Day">
              <select value={form.weekday} onChange={(e) => setForm({ ...form, weekday: e.target.value as Weekday })}>
                {WEEKDAYS.map((d) => (
                  <option key={d} value={d}>
                    {humanise(d)}
                  </option>
                ))}
              </select>
            </Field>
            <Field label="From">
              <input type="time" required value={form.start} onChange={(e) => setForm({ ...form, start: e.target.value })} />
            </Field>
            <Field label="Until">
              <input type="time" required value={form.end} onChange={(e) => setForm({ ...form, end: e.target.value })} />
            </Field>
          </div>
          <div className="meetings-fields">
            <Field label="Meeting type">
              <select required value={form.meetingType} onChange={(e) => setForm({ ...form, meetingType: e.target.value })}>
                <option value="">Choose…</option>
                {types.data
                  ?.filter((t) => t.active)
                  .map((t) => (
                    <option key={t.slug} value={t.slug}>
                      {t.name} ({t.duration_minutes} min{t.capacity > 1 ? `, up to ${t.capacity}` : ", one to one"})
                    </option>
                  ))}
              </select>
            </Field>
            <Field label="Location">
              <select required value={form.location} onChange={(e) => setForm({ ...form, location: e.target.value })}>
                <option value="">Choose…</option>
                {places.data?.map((p) => (
                  <option key={p.slug} value={p.slug}>
                    {p.name}
                  </option>
                ))}
              </select>
            </Field>
          </div>
          <div className="meetings-fields">
            <Field label="First day">
              <input type="date" required value={form.validFrom} onChange={(e) => setForm({ ...form, validFrom: e.target.value })} />
            </Field>
            <Field label="Last day" hint="Optional: none, no end.">
              <input type="date" value={form.validUntil} onChange={(e) => setForm({ ...form, validUntil: e.target.value })} />
            </Field>
          </div>
          {(types.error ?? places.error) && <ErrorMessage error={(types.error ?? places.error) as Error} retry={types.error ? types.reload : places.reload} />}
          {add.error && <ErrorMessage error={add.error} />}
          <div className="actions">
            <button type="submit" disabled={add.running}>
              {add.running ? "Adding…" : "Add these hours"}
            </button>
          </div>
        </form>
      ) : (
        <p className="state state-empty">Your account is in no team: ask an administrator to put you in one first.</p>
      )}
    </Panel>
  );
}
