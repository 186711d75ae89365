"""Meeting routes: citizens book and follow their meetings (/meetings); officers see theirs,
move or cancel them, mark them held or missed and keep private notes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response, status

from peelian.auth import PrincipalDep
from peelian.db.engine import SessionDep
from peelian.errors import Forbidden, Unauthorized, error_responses
from peelian.pagination import InvalidCursor, Page, PageParamsDep
from scheduling.calendars.router import ICALENDAR
from scheduling.calendars.service import CalendarService
from scheduling.dependencies import CitizenDep, SettingsDep, StaffDep
from scheduling.exceptions import InvalidTimezone
from scheduling.meetings.access import MeetingForUpdateOr404, MeetingOr404
from scheduling.meetings.exceptions import (
    AlreadyBooked,
    FollowUpOnly,
    MeetingClosed,
    MeetingNotFound,
    MeetingNotStarted,
    MeetingStarted,
    NotYourBooking,
    ReportNotFound,
)
from scheduling.meetings.schemas import (
    Cancellation,
    Completion,
    MeetingCreate,
    MeetingFilters,
    MeetingResponse,
    MeetingStaffRead,
    OfficerNotes,
    Reschedule,
)
from scheduling.meetings.service import MeetingService, read, read_staff
from scheduling.slots.exceptions import NotASlot, SlotFull, SlotInThePast, SlotUnavailable
from scheduling.timezones import ClientZoneDep

router = APIRouter(
    prefix="/meetings",
    tags=["meetings"],
    responses=error_responses(Unauthorized, InvalidTimezone),
)

_SLOT_ERRORS = (NotASlot, SlotInThePast, SlotUnavailable, SlotFull)
_CHANGE_ERRORS = (MeetingNotFound, MeetingClosed, MeetingStarted)


def _service(session: SessionDep, settings: SettingsDep) -> MeetingService:
    return MeetingService(session, settings)


MeetingServiceDep = Annotated[MeetingService, Depends(_service)]


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses=error_responses(
        Forbidden, FollowUpOnly, ReportNotFound, AlreadyBooked, *_SLOT_ERRORS
    ),
)
async def book_meeting(
    data: MeetingCreate, principal: CitizenDep, tz: ClientZoneDep, meetings: MeetingServiceDep
) -> MeetingResponse:
    """Book a slot from GET /slots, with a short note (reporter keys: a report's follow-up)."""
    booking = await meetings.book(principal, data, tz, datetime.now(UTC))
    return read(booking, tz, staff=principal.is_staff)


@router.get("", responses=error_responses(InvalidCursor))
async def list_meetings(
    principal: PrincipalDep,
    filters: Annotated[MeetingFilters, Query()],
    tz: ClientZoneDep,
    page: PageParamsDep,
    meetings: MeetingServiceDep,
) -> Page[MeetingResponse]:
    """Your meetings; staff: an officer's (yours by default) or a team's, newest first."""
    return await meetings.page(principal, filters, page, tz)


@router.get("/{meeting_id}", responses=error_responses(MeetingNotFound))
async def read_meeting(
    booking: MeetingOr404, principal: PrincipalDep, tz: ClientZoneDep
) -> MeetingResponse:
    """One meeting (staff also see who booked and the officer's notes)."""
    return read(booking, tz, staff=principal.is_staff)


@router.get(
    "/{meeting_id}/calendar.ics",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}, **error_responses(MeetingNotFound)},
)
async def meeting_calendar(
    booking: MeetingOr404, tz: ClientZoneDep, session: SessionDep, settings: SettingsDep
) -> Response:
    """The meeting as an iCalendar file, to add to any calendar."""
    body = CalendarService(session, settings).booking_file(booking, tz, datetime.now(UTC))
    headers = {"Content-Disposition": f'attachment; filename="meeting-{booking.id}.ics"'}
    return Response(body, media_type=ICALENDAR, headers=headers)


@router.post("/{meeting_id}/confirm", responses=error_responses(NotYourBooking, *_CHANGE_ERRORS))
async def confirm_meeting(
    booking: MeetingForUpdateOr404,
    principal: PrincipalDep,
    tz: ClientZoneDep,
    meetings: MeetingServiceDep,
) -> MeetingResponse:
    """Say you are coming (the citizen who booked)."""
    booking = await meetings.confirm(principal, booking, datetime.now(UTC))
    return read(booking, tz, staff=principal.is_staff)


@router.post("/{meeting_id}/reschedule", responses=error_responses(*_CHANGE_ERRORS, *_SLOT_ERRORS))
async def reschedule_meeting(
    data: Reschedule,
    booking: MeetingForUpdateOr404,
    principal: PrincipalDep,
    tz: ClientZoneDep,
    meetings: MeetingServiceDep,
) -> MeetingResponse:
    """Move the meeting to another free slot (the citizen who booked, or staff)."""
    booking = await meetings.reschedule(principal, booking, data, datetime.now(UTC))
    return read(booking, tz, staff=principal.is_staff)


@router.post("/{meeting_id}/cancel", responses=error_responses(*_CHANGE_ERRORS))
async def cancel_meeting(
    data: Cancellation,
    booking: MeetingForUpdateOr404,
    principal: PrincipalDep,
    tz: ClientZoneDep,
    meetings: MeetingServiceDep,
) -> MeetingResponse:
    """Cancel the meeting with a reason the other side reads (the citizen, or staff)."""
    booking = await meetings.cancel(principal, booking, data.reason, datetime.now(UTC))
    return read(booking, tz, staff=principal.is_staff)


@router.post(
    "/{meeting_id}/complete",
    responses=error_responses(Forbidden, MeetingNotFound, MeetingClosed, MeetingNotStarted),
)
async def complete_meeting(
    data: Completion,
    _: StaffDep,
    booking: MeetingForUpdateOr404,
    tz: ClientZoneDep,
    meetings: MeetingServiceDep,
) -> MeetingStaffRead:
    """Mark the meeting held, or the citizen a no-show (staff, once it has begun)."""
    booking = await meetings.complete(booking, data.attended, datetime.now(UTC))
    return read_staff(booking, tz)


@router.put("/{meeting_id}/notes", responses=error_responses(Forbidden, MeetingNotFound))
async def write_notes(
    data: OfficerNotes,
    _: StaffDep,
    booking: MeetingForUpdateOr404,
    tz: ClientZoneDep,
    meetings: MeetingServiceDep,
) -> MeetingStaffRead:
    """Write the officer's private notes on the meeting (never shown to the citizen)."""
    booking = await meetings.write_notes(booking, data.notes)
    return read_staff(booking, tz)
