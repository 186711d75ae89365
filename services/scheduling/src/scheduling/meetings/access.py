"""Who may see which meeting: the citizen who booked it, and the force's staff."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends, Path

from peelian.auth import PrincipalDep
from peelian.auth.principal import Principal
from peelian.db.engine import SessionDep
from scheduling.meetings.exceptions import MeetingNotFound
from scheduling.meetings.models import Booking
from scheduling.meetings.repository import BookingRepository

MeetingId = Annotated[uuid.UUID, Path(description="The meeting's (booking's) id")]


def check_can_see(principal: Principal, booking: Booking | None) -> Booking:
    """Anybody else's meeting is a 404, so that nobody learns which ids exist."""
    if booking is None:
        raise MeetingNotFound()
    if principal.is_staff or (
        booking.citizen_id is not None and booking.citizen_id == principal.subject
    ):
        return booking
    raise MeetingNotFound()


async def _visible(meeting_id: MeetingId, principal: PrincipalDep, session: SessionDep) -> Booking:
    return check_can_see(principal, await BookingRepository(session).find(meeting_id))


async def _visible_for_update(
    meeting_id: MeetingId, principal: PrincipalDep, session: SessionDep
) -> Booking:
    # The row lock serialises changes to one booking (a cancel racing a reschedule).
    booking = await BookingRepository(session).find(meeting_id, for_update=True)
    return check_can_see(principal, booking)


MeetingOr404 = Annotated[Booking, Depends(_visible)]
MeetingForUpdateOr404 = Annotated[Booking, Depends(_visible_for_update)]
