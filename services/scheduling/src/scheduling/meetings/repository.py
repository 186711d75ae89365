"""All SQL of meetings."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from peelian.db.repository import BaseRepository
from peelian.pagination import PageParams, Slice
from scheduling.meetings.exceptions import AlreadyBooked
from scheduling.meetings.models import Booking
from scheduling.slots.models import MeetingSession

_FULL = joinedload(Booking.session, innerjoin=True)


def _loaded() -> Select[Booking]:
    return (
        select(Booking)
        .join(MeetingSession, MeetingSession.id == Booking.session_id)
        .options(
            _FULL.joinedload(MeetingSession.meeting_type, innerjoin=True),
            _FULL.joinedload(MeetingSession.location, innerjoin=True),
        )
    )


class BookingRepository(BaseRepository[Booking]):
    model = Booking

    async def create(self, booking: Booking) -> Booking:
        try:
            async with self.session.begin_nested():
                self.session.add(booking)
        except IntegrityError as exc:
            if "uq_bookings_active_citizen" not in str(exc.orig):
                raise
            raise AlreadyBooked() from exc
        return await self.loaded(booking.id)

    async def loaded(self, booking_id: uuid.UUID, *, for_update: bool = False) -> Booking:
        found = await self.find(booking_id, for_update=for_update)
        assert found is not None
        return found

    async def find(self, booking_id: uuid.UUID, *, for_update: bool = False) -> Booking | None:
        """A booking with its session, type and location; ``for_update`` locks the booking row
        (not the session's: places are counted by one statement of their own)."""
        if for_update:
            # Lock first, then read: a locking read that joins would, after waiting for a
            # concurrent move, re-check the join against the old session row and miss it.
            lock = select(Booking.id).where(Booking.id == booking_id).with_for_update()
            if await self.session.scalar(lock) is None:
                return None
        stmt = _loaded().where(Booking.id == booking_id).execution_options(populate_existing=True)
        return await self.session.scalar(stmt)

    async def many(self, booking_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Booking]:
        rows = await self.session.scalars(_loaded().where(Booking.id.in_(booking_ids)))
        return {b.id: b for b in rows}

    async def mine(self, citizen_id: uuid.UUID, params: PageParams) -> Slice[Booking]:
        return await self.paginate(_loaded().where(Booking.citizen_id == citizen_id), params)

    async def search(
        self,
        params: PageParams,
        *,
        officer_id: uuid.UUID | None,
        team: str | None,
        status: str | None,
        start: datetime | None,
        end: datetime | None,
    ) -> Slice[Booking]:
        stmt = _loaded()
        if officer_id is not None:
            stmt = stmt.where(MeetingSession.officer_id == officer_id)
        if team is not None:
            stmt = stmt.where(MeetingSession.team == team)
        if status is not None:
            stmt = stmt.where(Booking.status == status)
        if start is not None:
            stmt = stmt.where(MeetingSession.starts_at >= start)
        if end is not None:
            stmt = stmt.where(MeetingSession.starts_at < end)
        return await self.paginate(stmt, params)

    async def of_citizen(self, citizen_id: uuid.UUID) -> Sequence[Booking]:
        """Every booking of a citizen, locked (as in ``find``: lock, then read)."""
        lock = select(Booking.id).where(Booking.citizen_id == citizen_id).with_for_update()
        ids = list((await self.session.scalars(lock)).all())
        stmt = _loaded().where(Booking.id.in_(ids)).execution_options(populate_existing=True)
        return (await self.session.scalars(stmt)).all()
