"""All SQL of slots: the schedules, exceptions and sessions a search reads, and taking and
giving back places in a session."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from datetime import date, datetime

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload

from scheduling.availability.models import Availability, AvailabilityException
from scheduling.catalogue.models import MeetingType
from scheduling.slots.exceptions import SlotUnavailable
from scheduling.slots.models import MeetingSession
from scheduling.slots.recurrence import Occurrence


class SlotRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def schedules(
        self,
        first_day: date,
        last_day: date,
        *,
        meeting_type_id: uuid.UUID | None = None,
        location_id: uuid.UUID | None = None,
        officer_id: uuid.UUID | None = None,
        team: str | None = None,
    ) -> Sequence[Availability]:
        """Schedule entries in force on some day of [first_day, last_day], of active types."""
        stmt = (
            select(Availability)
            .join(MeetingType, MeetingType.id == Availability.meeting_type_id)
            .options(joinedload(Availability.meeting_type), joinedload(Availability.location))
            .where(
                Availability.retired_at.is_(None),
                MeetingType.active,
                Availability.valid_from <= last_day,
                or_(Availability.valid_until.is_(None), Availability.valid_until >= first_day),
            )
        )
        if meeting_type_id is not None:
            stmt = stmt.where(Availability.meeting_type_id == meeting_type_id)
        if location_id is not None:
            stmt = stmt.where(Availability.location_id == location_id)
        if officer_id is not None:
            stmt = stmt.where(Availability.officer_id == officer_id)
        if team is not None:
            stmt = stmt.where(Availability.team == team)
        return (await self.session.scalars(stmt)).all()

    async def schedule(self, availability_id: uuid.UUID) -> Availability | None:
        stmt = (
            select(Availability)
            .options(joinedload(Availability.meeting_type), joinedload(Availability.location))
            .where(Availability.id == availability_id)
        )
        return await self.session.scalar(stmt)

    async def exceptions(
        self,
        start: datetime,
        end: datetime,
        officer_ids: Collection[uuid.UUID],
        teams: Collection[str],
    ) -> Sequence[AvailabilityException]:
        """Exceptions meeting [start, end) that may concern these officers or teams: their
        own, their teams', and everybody's."""
        stmt = select(AvailabilityException).where(
            func.tstzrange(AvailabilityException.starts_at, AvailabilityException.ends_at).op("&&")(
                func.tstzrange(start, end)
            ),
            or_(
                AvailabilityException.officer_id.in_(officer_ids),
                and_(
                    AvailabilityException.officer_id.is_(None),
                    or_(
                        AvailabilityException.team.is_(None), AvailabilityException.team.in_(teams)
                    ),
                ),
            ),
        )
        return (await self.session.scalars(stmt)).all()

    async def sessions(
        self, owners: Collection[str], start: datetime, end: datetime
    ) -> Sequence[MeetingSession]:
        """These owners' sessions meeting [start, end), the pause after each included."""
        stmt = select(MeetingSession).where(
            MeetingSession.owner.in_(owners),
            MeetingSession.starts_at < end,
            MeetingSession.blocked_until > start,
        )
        return (await self.session.scalars(stmt)).all()

    async def take_place(self, schedule: Availability, slot: Occurrence) -> uuid.UUID | None:
        """Take one place in the slot's session (made by its first booking); None when it is
        full. One statement: the row lock of the upsert serialises concurrent bookings, and
        each re-checks the count as the one before it left it."""
        stmt = (
            insert(MeetingSession)
            .values(
                id=uuid.uuid4(),
                availability_id=schedule.id,
                officer_id=schedule.officer_id,
                team=schedule.team,
                meeting_type_id=schedule.meeting_type_id,
                location_id=schedule.location_id,
                starts_at=slot.starts_at,
                ends_at=slot.ends_at,
                blocked_until=slot.blocked_until,
                timezone=schedule.timezone,
                capacity=schedule.meeting_type.capacity,
                booked=1,
            )
            .on_conflict_do_update(
                index_elements=[MeetingSession.availability_id, MeetingSession.starts_at],
                set_={"booked": MeetingSession.booked + 1, "updated_at": func.now()},
                where=MeetingSession.booked < MeetingSession.capacity,
            )
            .returning(MeetingSession.id)
        )
        try:
            async with self.session.begin_nested():
                return await self.session.scalar(stmt)
        except IntegrityError as exc:
            if "meeting_sessions_no_overlap" not in str(exc.orig):
                raise
            raise SlotUnavailable(
                "the officer has another meeting at that time: pick another slot from GET /slots"
            ) from exc

    async def release_place(self, session_id: uuid.UUID) -> None:
        await self.session.execute(
            update(MeetingSession)
            .where(MeetingSession.id == session_id)
            .values(booked=MeetingSession.booked - 1, updated_at=func.now())
        )

    async def lock(self, session_id: uuid.UUID, availability_id: uuid.UUID, at: datetime) -> None:
        """Lock a booking's session and the session of the slot it moves to (if there is one
        yet), in id order: two bookings swapping slots wait for each other, never deadlock."""
        stmt = (
            select(MeetingSession.id)
            .where(
                or_(
                    MeetingSession.id == session_id,
                    and_(
                        MeetingSession.availability_id == availability_id,
                        MeetingSession.starts_at == at,
                    ),
                )
            )
            .order_by(MeetingSession.id)
            .with_for_update()
        )
        await self.session.execute(stmt)

    async def loaded(self, session_id: uuid.UUID) -> MeetingSession:
        """A session with its type and location, as the database has it now."""
        stmt = (
            select(MeetingSession)
            .options(joinedload(MeetingSession.meeting_type), joinedload(MeetingSession.location))
            .where(MeetingSession.id == session_id)
            .execution_options(populate_existing=True)
        )
        return (await self.session.scalars(stmt)).one()
