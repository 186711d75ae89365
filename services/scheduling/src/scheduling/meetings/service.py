"""Domain logic of meetings: booking a slot, confirming, moving, cancelling, the officer's
outcome and notes, reminders, and erasing a citizen. Every change is told through the outbox
(meeting.* events) and re-arms or drops the booking's reminders."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, Literal, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from peelian.auth.principal import Principal
from peelian.events.contracts.scheduling import (
    MeetingBookedV1,
    MeetingCancelledV1,
    MeetingCompletedV1,
    MeetingEventV1,
    MeetingReminderDueV1,
    MeetingRescheduledV1,
)
from peelian.pagination import Page, PageParams, Slice
from scheduling.config import SchedulingSettings
from scheduling.events import emit
from scheduling.meetings.exceptions import (
    FollowUpOnly,
    MeetingClosed,
    MeetingNotStarted,
    MeetingStarted,
    NotYourBooking,
    ReportNotFound,
)
from scheduling.meetings.models import Booking, BookingStatus
from scheduling.meetings.repository import BookingRepository
from scheduling.meetings.schemas import (
    MeetingCreate,
    MeetingFilters,
    MeetingRead,
    MeetingResponse,
    MeetingStaffRead,
    Reschedule,
)
from scheduling.reminders.models import REMINDER_HOURS, Reminder, ReminderState
from scheduling.reminders.repository import ReminderRepository
from scheduling.reports.repository import ReportReporterRepository
from scheduling.slots.service import SlotService
from scheduling.timezones import days_between

EventT = TypeVar("EventT", bound=MeetingEventV1)
ERASED_REASON = "The person who booked closed their account."


def meeting_event(cls: type[EventT], booking: Booking, **extra: Any) -> EventT:
    """What every meeting event says, on the clock the citizen booked in."""
    session = booking.session
    assert booking.citizen_id is not None
    return cls(
        booking_id=booking.id,
        citizen_id=booking.citizen_id,
        officer_id=session.officer_id,
        meeting_type=session.meeting_type.name,
        location=session.location.name,
        online=session.location.online,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        timezone=booking.timezone,
        report_id=booking.report_id,
        **extra,
    )


def _values(booking: Booking, tz: ZoneInfo) -> dict[str, Any]:
    session = booking.session
    return {
        "id": booking.id,
        "status": booking.status,
        "starts_at": session.starts_at.astimezone(tz),
        "ends_at": session.ends_at.astimezone(tz),
        "timezone": str(tz),
        "meeting_type": session.meeting_type.slug,
        "meeting_type_name": session.meeting_type.name,
        "location": session.location.slug,
        "location_name": session.location.name,
        "address": session.location.address,
        "online": session.location.online,
        "video_url": session.location.video_url,
        "officer_id": session.officer_id,
        "team": session.team,
        "note": booking.note,
        "report_id": booking.report_id,
        "confirmed_at": booking.confirmed_at,
        "cancelled_at": booking.cancelled_at,
        "cancelled_by": booking.cancelled_by,
        "cancel_reason": booking.cancel_reason,
        "completed_at": booking.completed_at,
        "created_at": booking.created_at,
        "calendar": f"/meetings/{booking.id}/calendar.ics",
    }


def read_staff(booking: Booking, tz: ZoneInfo) -> MeetingStaffRead:
    return MeetingStaffRead(
        **_values(booking, tz),
        citizen_id=booking.citizen_id,
        citizen_anonymous=booking.citizen_anonymous,
        officer_notes=booking.officer_notes,
        booked=booking.session.booked,
        capacity=booking.session.capacity,
    )


def read(booking: Booking, tz: ZoneInfo, *, staff: bool) -> MeetingResponse:
    """The booking as the caller may see it, on ``tz``'s clock."""
    return read_staff(booking, tz) if staff else MeetingRead(**_values(booking, tz))


class MeetingService:
    def __init__(self, session: AsyncSession, settings: SchedulingSettings) -> None:
        self.session = session
        self.settings = settings
        self.bookings = BookingRepository(session)
        self.reminders = ReminderRepository(session)
        self.slots = SlotService(session, settings)

    async def book(
        self,
        principal: Principal,
        data: MeetingCreate,
        tz: ZoneInfo,
        now: datetime,
        booking_id: uuid.UUID | None = None,
    ) -> Booking:
        """Take a place in a slot for the caller; their reminders are armed."""
        if data.report_id is not None:
            reporter = await ReportReporterRepository(self.session).reporter_of(data.report_id)
            if reporter != principal.subject:
                raise ReportNotFound()
        elif principal.anonymous:
            raise FollowUpOnly()
        meeting_session = await self.slots.take(data.availability_id, data.starts_at, now)
        booking = await self.bookings.create(
            Booking(
                id=booking_id or uuid.uuid4(),
                session_id=meeting_session.id,
                citizen_id=principal.subject,
                citizen_anonymous=principal.anonymous,
                report_id=data.report_id,
                note=data.note,
                timezone=str(tz),
            )
        )
        await self.reminders.arm(booking.id, meeting_session.starts_at, now)
        await emit(self.session, meeting_event(MeetingBookedV1, booking), booking.id)
        return booking

    async def confirm(self, principal: Principal, booking: Booking, now: datetime) -> Booking:
        """The citizen says they are coming (after a reminder, say)."""
        if booking.citizen_id != principal.subject:
            raise NotYourBooking("only the person who booked confirms they are coming")
        self._check_open(booking, now)
        booking.confirmed_at = booking.confirmed_at or now
        await self.session.flush()
        return booking

    async def reschedule(
        self, principal: Principal, booking: Booking, data: Reschedule, now: datetime
    ) -> Booking:
        self._check_open(booking, now)
        previous = booking.session.starts_at
        moved_to = await self.slots.move(booking.session, data.availability_id, data.starts_at, now)
        booking.session_id = moved_to.id
        booking.sequence += 1
        # A new time is a new appointment: confirmation is asked for again.
        booking.confirmed_at = None
        await self.session.flush()
        booking = await self.bookings.loaded(booking.id)
        await self.reminders.arm(booking.id, moved_to.starts_at, now)
        await emit(
            self.session,
            meeting_event(MeetingRescheduledV1, booking, previous_starts_at=previous),
            booking.id,
        )
        return booking

    async def cancel(
        self, principal: Principal, booking: Booking, reason: str, now: datetime
    ) -> Booking:
        self._check_open(booking, now)
        by: Literal["citizen", "officer"] = "officer" if principal.is_staff else "citizen"
        await self._cancel(booking, by, reason, now)
        await emit(
            self.session,
            meeting_event(MeetingCancelledV1, booking, cancelled_by=by, reason=reason),
            booking.id,
        )
        return booking

    async def _cancel(
        self, booking: Booking, by: Literal["citizen", "officer"], reason: str, now: datetime
    ) -> None:
        await self.slots.give_back(booking.session)
        booking.status = BookingStatus.CANCELLED
        booking.cancelled_at = now
        booking.cancelled_by = by
        booking.cancel_reason = reason
        booking.sequence += 1
        await self.reminders.disarm(booking.id, now)
        await self.session.flush()

    async def complete(self, booking: Booking, attended: bool, now: datetime) -> Booking:
        """The officer marks the meeting held, or the citizen as a no-show."""
        if booking.status != BookingStatus.BOOKED:
            raise MeetingClosed(f"this meeting is {booking.status.replace('_', ' ')} already")
        if now < booking.session.starts_at:
            raise MeetingNotStarted(
                "the meeting has not begun: mark it held or missed once it has",
                {"starts_at": booking.session.starts_at.isoformat()},
            )
        booking.status = BookingStatus.COMPLETED if attended else BookingStatus.NO_SHOW
        booking.completed_at = now
        await self.session.flush()
        if booking.citizen_id is not None:
            await emit(
                self.session,
                meeting_event(MeetingCompletedV1, booking, attended=attended),
                booking.id,
            )
        return booking

    async def write_notes(self, booking: Booking, notes: str) -> Booking:
        booking.officer_notes = notes or None
        await self.session.flush()
        return booking

    def _check_open(self, booking: Booking, now: datetime) -> None:
        if booking.status != BookingStatus.BOOKED:
            raise MeetingClosed(
                f"this meeting is {booking.status.replace('_', ' ')}: it cannot change any more"
            )
        if now >= booking.session.starts_at:
            raise MeetingStarted(
                "the meeting has begun: it can no longer be moved or cancelled",
                {"starts_at": booking.session.starts_at.isoformat()},
            )

    async def page(
        self, principal: Principal, filters: MeetingFilters, params: PageParams, tz: ZoneInfo
    ) -> Page[MeetingResponse]:
        """A citizen's own bookings; for staff, an officer's (themselves by default) or a
        team's, by status and dates."""
        rows: Slice[Booking]
        if not principal.is_staff:
            rows = await self.bookings.mine(principal.subject, params)
        else:
            officer = filters.officer_id
            if officer is None and filters.team is None:
                officer = principal.subject
            start, end = days_between(filters.from_, filters.to, tz)
            rows = await self.bookings.search(
                params,
                officer_id=officer,
                team=filters.team,
                status=filters.status,
                start=start,
                end=end,
            )
        staff = principal.is_staff
        return Page[MeetingResponse](
            items=[read(b, tz, staff=staff) for b in rows.items], next_cursor=rows.next_cursor
        )

    async def remind(self, due: Sequence[Reminder], now: datetime) -> int:
        """Send the due reminders (claimed by the worker); returns how many went. A reminder
        is dropped when its booking is no longer on, the meeting has begun, or a closer
        reminder is due as well (a service down for a day sends the 1-hour one only)."""
        bookings = await self.bookings.many([r.booking_id for r in due])
        sent = 0
        for reminder in due:
            booking = bookings[reminder.booking_id]
            starts_at = booking.session.starts_at
            closer = [h for h in REMINDER_HOURS if h < reminder.hours_before]
            stale = any(now >= starts_at - timedelta(hours=h) for h in closer)
            if booking.status != BookingStatus.BOOKED or now >= starts_at or stale:
                reminder.state = ReminderState.DROPPED
            else:
                payload = meeting_event(
                    MeetingReminderDueV1, booking, hours_before=reminder.hours_before
                )
                await emit(self.session, payload, booking.id)
                reminder.state = ReminderState.SENT
                sent += 1
            reminder.handled_at = now
        await self.session.flush()
        return sent

    async def erase_citizen(self, account_id: uuid.UUID, now: datetime) -> None:
        """An erased account's bookings lose who booked and their note; the officer's side
        (when, outcome, private notes) stays. Meetings still to come are cancelled and their
        places freed, with no event: there is nobody left to tell."""
        for booking in await self.bookings.of_citizen(account_id):
            if booking.status == BookingStatus.BOOKED and booking.session.starts_at > now:
                await self._cancel(booking, "citizen", ERASED_REASON, now)
            booking.citizen_id = None
            booking.note = None
            booking.report_id = None
            booking.erased_at = now
        await ReportReporterRepository(self.session).forget(account_id)
        await self.session.flush()
