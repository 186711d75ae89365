"""Domain logic of availability: officers keep their own weekly schedule and leave;
supervisors and admins keep teams' and everybody's (bank holidays)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from peelian.auth.principal import Principal, Role
from peelian.pagination import Page, PageParams
from scheduling.availability.exceptions import (
    AvailabilityNotFound,
    BookingsInTheWay,
    ExceptionNotFound,
    InvalidAvailability,
    NotYourSchedule,
)
from scheduling.availability.models import Availability, AvailabilityException
from scheduling.availability.repository import AvailabilityRepository, ExceptionRepository
from scheduling.availability.schemas import (
    AvailabilityCreate,
    AvailabilityFilters,
    AvailabilityRead,
    ExceptionCreate,
    ExceptionFilters,
    ExceptionRead,
    Weekday,
)
from scheduling.catalogue.service import CatalogueService
from scheduling.config import SchedulingSettings
from scheduling.timezones import day_start, days_between, zone


def check_keeper(principal: Principal, officer_id: uuid.UUID | None) -> None:
    """Officers keep their own schedule and leave; supervisors and admins anybody's."""
    if principal.has_any(Role.SUPERVISOR, Role.ADMIN):
        return
    if officer_id != principal.subject:
        raise NotYourSchedule(
            "officers keep only their own schedule and leave (officer_id must be your own "
            "account id); a supervisor keeps teams' and other officers'"
        )


def read(entry: Availability) -> AvailabilityRead:
    return AvailabilityRead(
        id=entry.id,
        officer_id=entry.officer_id,
        team=entry.team,
        meeting_type=entry.meeting_type.slug,
        location=entry.location.slug,
        weekday=list(Weekday)[entry.weekday],
        start_time=entry.start_time,
        end_time=entry.end_time,
        timezone=entry.timezone,
        valid_from=entry.valid_from,
        valid_until=entry.valid_until,
        retired_at=entry.retired_at,
        created_at=entry.created_at,
    )


class AvailabilityService:
    def __init__(self, session: AsyncSession, settings: SchedulingSettings) -> None:
        self.session = session
        self.settings = settings
        self.entries = AvailabilityRepository(session)
        self.exceptions = ExceptionRepository(session)

    async def create(
        self, principal: Principal, data: AvailabilityCreate, entry_id: uuid.UUID | None = None
    ) -> Availability:
        check_keeper(principal, data.officer_id)
        timezone = data.timezone or self.settings.default_timezone
        zone(timezone)
        catalogue = CatalogueService(self.session)
        kind = await catalogue.meeting_type(data.meeting_type)
        place = await catalogue.location(data.location)
        room = datetime.combine(data.valid_from, data.end_time) - datetime.combine(
            data.valid_from, data.start_time
        )
        if room < timedelta(minutes=kind.duration_minutes):
            raise InvalidAvailability(
                f"{data.start_time:%H:%M} to {data.end_time:%H:%M} leaves no room for a "
                f"{kind.duration_minutes}-minute {kind.name}: make the hours longer",
                {"minutes": int(room.total_seconds() // 60), "needed": kind.duration_minutes},
            )
        return await self.entries.create(
            Availability(
                id=entry_id or uuid.uuid4(),
                officer_id=data.officer_id,
                team=data.team,
                meeting_type_id=kind.id,
                location_id=place.id,
                weekday=data.weekday.number,
                start_time=data.start_time,
                end_time=data.end_time,
                timezone=timezone,
                valid_from=data.valid_from,
                valid_until=data.valid_until,
                created_by=principal.subject,
            )
        )

    async def retire(self, principal: Principal, entry_id: uuid.UUID) -> Availability:
        """Stop offering new slots; meetings already booked from the entry stay."""
        entry = await self.entries.get(entry_id)
        if entry is None:
            raise AvailabilityNotFound("no schedule entry with this id")
        check_keeper(principal, entry.officer_id)
        entry.retired_at = entry.retired_at or datetime.now(UTC)
        await self.session.flush()
        return await self.entries.loaded(entry.id)

    async def page(
        self, filters: AvailabilityFilters, params: PageParams
    ) -> Page[AvailabilityRead]:
        rows = await self.entries.page(filters, params)
        return Page[AvailabilityRead](
            items=[read(entry) for entry in rows.items], next_cursor=rows.next_cursor
        )

    async def add_exception(
        self, principal: Principal, data: ExceptionCreate
    ) -> AvailabilityException:
        # A team's closure or everybody's holiday (no officer) is a supervisor's to declare.
        check_keeper(principal, data.officer_id)
        if data.starts_on is not None and data.ends_on is not None:
            tz = zone(data.timezone or self.settings.default_timezone)
            starts_at = day_start(data.starts_on, tz)
            ends_at = day_start(data.ends_on + timedelta(days=1), tz)
        else:
            assert data.starts_at is not None
            assert data.ends_at is not None
            starts_at, ends_at = data.starts_at, data.ends_at
        starts_at, ends_at = starts_at.astimezone(UTC), ends_at.astimezone(UTC)
        booked = await self.exceptions.bookings_in(data.officer_id, data.team, starts_at, ends_at)
        if booked:
            raise BookingsInTheWay(
                f"{len(booked)} meeting(s) are booked in this period: cancel or move them "
                "(POST /meetings/{id}/cancel or /reschedule), then add the exception",
                {"meetings": [str(b) for b in booked]},
            )
        return await self.exceptions.add(
            AvailabilityException(
                officer_id=data.officer_id,
                team=data.team,
                kind=data.kind,
                reason=data.reason,
                starts_at=starts_at,
                ends_at=ends_at,
                created_by=principal.subject,
            )
        )

    async def remove_exception(self, principal: Principal, exception_id: uuid.UUID) -> None:
        exception = await self.exceptions.get(exception_id)
        if exception is None:
            raise ExceptionNotFound("no exception with this id")
        check_keeper(principal, exception.officer_id)
        await self.exceptions.delete(exception)

    async def exceptions_page(
        self, filters: ExceptionFilters, params: PageParams
    ) -> Page[ExceptionRead]:
        tz = zone(self.settings.default_timezone)
        start, end = days_between(filters.from_, filters.to, tz)
        return Page.of(await self.exceptions.page(filters, start, end, params), ExceptionRead)
