"""iCalendar (RFC 5545) files: one per booking, and an officer's feed. Times are written on
a named zone's clock (TZID) with its VTIMEZONE included, so that a calendar shows 12:00 on
both sides of a daylight-saving change."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import STATUS, Calendar, Event

from scheduling.meetings.models import Booking, BookingStatus
from scheduling.slots.models import MeetingSession

PRODID = "-//Peelian//Scheduling//EN"
UID_DOMAIN = "scheduling.peelian"


def _calendar(name: str, events: Sequence[Event], zones: Sequence[date]) -> bytes:
    calendar = Calendar.new(prodid=PRODID, method="PUBLISH", name=name, subcomponents=events)
    # The zone's rules for the years the events span (the full history would be kilobytes).
    first, last = (min(zones), max(zones)) if zones else (date.today(), date.today())
    calendar.add_missing_timezones(
        first_date=first - timedelta(days=366), last_date=last + timedelta(days=366)
    )
    ical: bytes = calendar.to_ical()
    return ical


def _where(session: MeetingSession) -> str:
    location = session.location
    if location.online:
        return f"{location.name}: {location.video_url}"
    return f"{location.name}, {location.address}" if location.address else location.name


def booking_file(booking: Booking, tz: ZoneInfo, base_url: str, now: datetime) -> bytes:
    """The citizen's (or an officer's) calendar entry for one booking."""
    session = booking.session
    lines = [f"Meeting with the police: {session.meeting_type.name}."]
    if booking.note:
        lines.append(f"Your note: {booking.note}")
    if booking.cancel_reason:
        lines.append(f"Cancelled: {booking.cancel_reason}")
    event = Event.new(
        uid=f"{booking.id}@{UID_DOMAIN}",
        summary=f"{session.meeting_type.name} (police)",
        start=session.starts_at.astimezone(tz),
        end=session.ends_at.astimezone(tz),
        location=_where(session),
        description="\n".join(lines),
        url=f"{base_url}/meetings/{booking.id}",
        sequence=booking.sequence,
        status=STATUS.CANCELLED if booking.status == BookingStatus.CANCELLED else STATUS.CONFIRMED,
        stamp=now,
    )
    return _calendar(session.meeting_type.name, [event], [session.starts_at.date()])


def officer_feed(
    sessions: Sequence[tuple[MeetingSession, Sequence[Booking]]], base_url: str, now: datetime
) -> bytes:
    """An officer's booked sessions, each on the clock of its schedule. Who booked and their
    notes stay out: feeds are synced by calendar providers outside the force."""
    events = []
    for session, bookings in sessions:
        kind = session.meeting_type
        places = (
            f"{session.booked} of {session.capacity} places booked"
            if session.capacity > 1
            else "booked"
        )
        links = "\n".join(f"{base_url}/meetings/{b.id}" for b in bookings)
        events.append(
            Event.new(
                uid=f"session-{session.id}@{UID_DOMAIN}",
                summary=f"{kind.name} ({places})",
                start=session.starts_at.astimezone(ZoneInfo(session.timezone)),
                end=session.ends_at.astimezone(ZoneInfo(session.timezone)),
                location=_where(session),
                description=f"{kind.name}, {places}.\n{links}",
                status=STATUS.CONFIRMED,
                stamp=now,
                # Changes to a session (another citizen booking) move it on in the calendar.
                sequence=int(session.updated_at.timestamp()),
            )
        )
    return _calendar("Peelian meetings", events, [s.starts_at.date() for s, _ in sessions])
