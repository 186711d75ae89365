"""All SQL of availability."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import literal, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from peelian.db.repository import BaseRepository
from peelian.pagination import PageParams, Slice
from scheduling.availability.exceptions import OverlappingAvailability
from scheduling.availability.models import Availability, AvailabilityException
from scheduling.availability.schemas import AvailabilityFilters, ExceptionFilters
from scheduling.meetings.models import Booking, BookingStatus
from scheduling.slots.models import MeetingSession

# The expressions of the exclusion constraint (models.py), to name what an entry overlaps.
_HOURS = "tsrange(DATE '2000-01-01' + {t}.start_time, DATE '2000-01-01' + {t}.end_time)"
_DAYS = "daterange({t}.valid_from, {t}.valid_until, '[]')"


class AvailabilityRepository(BaseRepository[Availability]):
    model = Availability

    async def create(self, entry: Availability) -> Availability:
        try:
            async with self.session.begin_nested():
                self.session.add(entry)
        except IntegrityError as exc:
            if "availability_no_overlap" not in str(exc.orig):
                raise
            clash = await self._overlapping(entry)
            raise OverlappingAvailability(
                "this entry overlaps another of the same officer (or team) on the same weekday "
                "and dates: change its hours or dates, or retire the other first",
                {"overlaps": [str(c) for c in clash]},
            ) from exc
        return await self.loaded(entry.id)

    async def _overlapping(self, entry: Availability) -> list[uuid.UUID]:
        params = {
            "officer": entry.officer_id,
            "team": entry.team,
            "weekday": entry.weekday,
            "start": entry.start_time,
            "end": entry.end_time,
            "valid_from": entry.valid_from,
            "valid_until": entry.valid_until,
        }
        stmt = text(
            f"""
            SELECT a.id FROM availability AS a
            WHERE a.retired_at IS NULL AND a.weekday = :weekday
              AND a.owner = coalesce(CAST(:officer AS uuid)::text, 'team:' || :team)
              AND {_HOURS.format(t="a")} && tsrange(DATE '2000-01-01' + CAST(:start AS time),
                                                     DATE '2000-01-01' + CAST(:end AS time))
              AND {_DAYS.format(t="a")} && daterange(:valid_from, :valid_until, '[]')
            """  # noqa: S608 (fixed fragments, values bound)
        )
        return list((await self.session.scalars(stmt, params)).all())

    async def loaded(self, entry_id: uuid.UUID) -> Availability:
        stmt = (
            select(Availability)
            .options(joinedload(Availability.meeting_type), joinedload(Availability.location))
            .where(Availability.id == entry_id)
        )
        return (await self.session.scalars(stmt)).one()

    async def page(self, filters: AvailabilityFilters, params: PageParams) -> Slice[Availability]:
        stmt = self.select().options(
            joinedload(Availability.meeting_type), joinedload(Availability.location)
        )
        if filters.officer_id is not None:
            stmt = stmt.where(Availability.officer_id == filters.officer_id)
        if filters.team is not None:
            stmt = stmt.where(Availability.team == filters.team)
        if not filters.include_retired:
            stmt = stmt.where(Availability.retired_at.is_(None))
        return await self.paginate(stmt, params)


class ExceptionRepository(BaseRepository[AvailabilityException]):
    model = AvailabilityException

    async def page(
        self,
        filters: ExceptionFilters,
        start: datetime | None,
        end: datetime | None,
        params: PageParams,
    ) -> Slice[AvailabilityException]:
        stmt = self.select()
        if filters.officer_id is not None:
            stmt = stmt.where(AvailabilityException.officer_id == filters.officer_id)
        if filters.team is not None:
            stmt = stmt.where(AvailabilityException.team == filters.team)
        if start is not None:
            stmt = stmt.where(AvailabilityException.ends_at > start)
        if end is not None:
            stmt = stmt.where(AvailabilityException.starts_at < end)
        return await self.paginate(stmt, params)

    async def delete(self, exception: AvailabilityException) -> None:
        await self.session.delete(exception)
        await self.session.flush()

    async def bookings_in(
        self, officer_id: uuid.UUID | None, team: str | None, start: datetime, end: datetime
    ) -> list[uuid.UUID]:
        """Active bookings in [start, end) that an exception for this officer, team (or, with
        neither, everybody) would take the time of."""
        if officer_id is not None:
            whose = MeetingSession.officer_id == officer_id
        elif team is not None:
            whose = MeetingSession.team == team
        else:
            whose = literal(True)
        stmt = (
            select(Booking.id)
            .join(MeetingSession, MeetingSession.id == Booking.session_id)
            .where(
                whose,
                Booking.status == BookingStatus.BOOKED,
                MeetingSession.starts_at < end,
                MeetingSession.ends_at > start,
            )
            .order_by(MeetingSession.starts_at)
        )
        return list((await self.session.scalars(stmt)).all())
