"""All SQL of calendars."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from datetime import datetime

from sqlalchemy import and_, delete, or_, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload

from scheduling.calendars.models import CalendarFeed
from scheduling.meetings.models import Booking, BookingStatus
from scheduling.slots.models import MeetingSession


class CalendarRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def put(self, officer_id: uuid.UUID, token_hash: bytes, teams: list[str]) -> None:
        """Make the officer's feed, or replace its token (the old link stops working)."""
        stmt = insert(CalendarFeed).values(
            officer_id=officer_id, token_hash=token_hash, teams=teams
        )
        await self.session.execute(
            stmt.on_conflict_do_update(
                index_elements=[CalendarFeed.officer_id],
                set_={"token_hash": stmt.excluded.token_hash, "teams": stmt.excluded.teams},
            )
        )

    async def of(self, officer_id: uuid.UUID) -> CalendarFeed | None:
        return await self.session.get(CalendarFeed, officer_id, populate_existing=True)

    async def by_hash(self, token_hash: bytes) -> CalendarFeed | None:
        return await self.session.scalar(
            select(CalendarFeed).where(CalendarFeed.token_hash == token_hash)
        )

    async def revoke(self, officer_id: uuid.UUID) -> bool:
        result = await self.session.execute(
            delete(CalendarFeed)
            .where(CalendarFeed.officer_id == officer_id)
            .returning(CalendarFeed.officer_id)
        )
        return result.first() is not None

    async def booked_sessions(
        self, officer_id: uuid.UUID, teams: Collection[str], since: datetime
    ) -> Sequence[tuple[MeetingSession, Sequence[Booking]]]:
        """The officer's sessions and these teams' (group) sessions with places booked, from
        ``since`` on, each with its bookings that were not cancelled."""
        stmt = (
            select(Booking)
            .join(MeetingSession, MeetingSession.id == Booking.session_id)
            .options(
                joinedload(Booking.session, innerjoin=True).joinedload(
                    MeetingSession.meeting_type, innerjoin=True
                ),
                joinedload(Booking.session, innerjoin=True).joinedload(
                    MeetingSession.location, innerjoin=True
                ),
            )
            .where(
                or_(
                    MeetingSession.officer_id == officer_id,
                    and_(MeetingSession.officer_id.is_(None), MeetingSession.team.in_(teams)),
                ),
                MeetingSession.starts_at >= since,
                Booking.status != BookingStatus.CANCELLED,
            )
            .order_by(MeetingSession.starts_at, Booking.created_at)
        )
        grouped: dict[uuid.UUID, tuple[MeetingSession, list[Booking]]] = {}
        for booking in await self.session.scalars(stmt):
            grouped.setdefault(booking.session_id, (booking.session, []))[1].append(booking)
        return list(grouped.values())
