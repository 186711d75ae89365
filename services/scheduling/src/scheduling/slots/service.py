"""Domain logic of slots: expanding schedules into free slots for a search, and taking a
place in one for a booking."""

from __future__ import annotations

import heapq
import itertools
import uuid
from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from peelian.pagination import Cursor, Page, PageParams
from scheduling.availability.models import Availability, AvailabilityException
from scheduling.catalogue.service import CatalogueService
from scheduling.config import SchedulingSettings
from scheduling.slots.exceptions import (
    InvalidRange,
    NotASlot,
    SlotFull,
    SlotInThePast,
    SlotUnavailable,
)
from scheduling.slots.models import MeetingSession
from scheduling.slots.recurrence import (
    Occurrence,
    Timeline,
    WeeklyHours,
    occurrence_at,
    occurrences,
    overlaps,
)
from scheduling.slots.repository import SlotRepository
from scheduling.slots.schemas import SlotRead, SlotSearch
from scheduling.timezones import day_start, zone

DEFAULT_SEARCH_DAYS = 14


def weekly_hours(schedule: Availability) -> WeeklyHours:
    kind = schedule.meeting_type
    return WeeklyHours(
        weekday=schedule.weekday,
        start=schedule.start_time,
        end=schedule.end_time,
        zone=zone(schedule.timezone),
        valid_from=schedule.valid_from,
        valid_until=schedule.valid_until,
        duration=timedelta(minutes=kind.duration_minutes),
        buffer=timedelta(minutes=kind.buffer_minutes),
    )


def concerns(exception: AvailabilityException, schedule: Availability) -> bool:
    """Whether an exception takes away a schedule's time: an officer's own leave, their
    team's closure, or everybody's bank holiday. A team's sessions ignore one officer's leave."""
    if exception.officer_id is not None:
        return exception.officer_id == schedule.officer_id
    return exception.team is None or exception.team == schedule.team


class SlotService:
    def __init__(self, session: AsyncSession, settings: SchedulingSettings) -> None:
        self.session = session
        self.settings = settings
        self.slots = SlotRepository(session)

    async def search(
        self, query: SlotSearch, tz: ZoneInfo, params: PageParams, now: datetime
    ) -> Page[SlotRead]:
        """Free slots in time order, shown on ``tz``'s clock."""
        first = query.from_ or now.astimezone(tz).date()
        last = query.to or first + timedelta(days=DEFAULT_SEARCH_DAYS - 1)
        if last < first:
            raise InvalidRange("'to' is before 'from'", {"from": str(first), "to": str(last)})
        if (last - first).days >= self.settings.slot_search_max_days:
            raise InvalidRange(
                f"a search covers at most {self.settings.slot_search_max_days} days: "
                "narrow 'from' and 'to' or page through shorter ranges",
                {"from": str(first), "to": str(last)},
            )
        start = max(day_start(first, tz), now)
        if params.cursor is not None:
            # A later page starts where the last one ended.
            start = max(start, params.cursor.created_at)
        end = day_start(last + timedelta(days=1), tz)
        catalogue = CatalogueService(self.session)
        kind = await catalogue.meeting_type(query.meeting_type) if query.meeting_type else None
        place = await catalogue.location(query.location) if query.location else None
        # Schedules in a zone other than the client's see the range a day wider either side.
        schedules = await self.slots.schedules(
            first - timedelta(days=1),
            last + timedelta(days=1),
            meeting_type_id=kind.id if kind else None,
            location_id=place.id if place else None,
            officer_id=query.officer_id,
            team=query.team,
        )
        context = await self._context(schedules, start, end)
        # Each schedule's slots come in time order: merged lazily, only as many are made as
        # the page needs (the first page of a month's search expands its first days only).
        found: Iterator[tuple[datetime, uuid.UUID, tuple[Availability, Occurrence, int]]]
        found = heapq.merge(
            *(self._free(schedule, start, end, context) for schedule in schedules),
            key=lambda f: (f[0], f[1]),
        )
        if params.cursor is not None:
            after = (params.cursor.created_at, params.cursor.id)
            found = itertools.dropwhile(lambda f: (f[0], f[1]) <= after, found)
        page = list(itertools.islice(found, params.limit + 1))
        next_cursor = None
        if len(page) > params.limit:
            page = page[: params.limit]
            last_start, last_id, _ = page[-1]
            next_cursor = Cursor(created_at=last_start, id=last_id).encode()
        return Page[SlotRead](
            items=[
                _read(schedule, slot, remaining, tz) for _, _, (schedule, slot, remaining) in page
            ],
            next_cursor=next_cursor,
        )

    async def _context(
        self, schedules: Sequence[Availability], start: datetime, end: datetime
    ) -> _Context:
        owners = {s.owner for s in schedules}
        officers = {s.officer_id for s in schedules if s.officer_id is not None}
        teams = {s.team for s in schedules}
        # A slot starting just before the end reaches past it by at most a day.
        horizon = end + timedelta(days=1)
        exceptions = await self.slots.exceptions(start, horizon, officers, teams)
        sessions = await self.slots.sessions(owners, start, horizon) if owners else []
        return _Context(exceptions, sessions)

    def _free(
        self, schedule: Availability, start: datetime, end: datetime, context: _Context
    ) -> Iterator[tuple[datetime, uuid.UUID, tuple[Availability, Occurrence, int]]]:
        """The schedule's free slots in [start, end), in time order."""
        closed = [(e.starts_at, e.ends_at) for e in context.exceptions if concerns(e, schedule)]
        booked = context.timelines[schedule.owner]
        for slot in occurrences(weekly_hours(schedule), start, end):
            session = context.by_slot.get((schedule.id, slot.starts_at))
            remaining = (
                session.capacity - session.booked if session else schedule.meeting_type.capacity
            )
            if remaining <= 0 or overlaps(slot.starts_at, slot.ends_at, closed):
                continue
            if booked.blocks(slot.starts_at, slot.blocked_until, ignore=session and session.id):
                continue
            yield slot.starts_at, schedule.id, (schedule, slot, remaining)

    async def take(
        self, availability_id: uuid.UUID, starts_at: datetime, now: datetime
    ) -> MeetingSession:
        """Take a place in the slot of schedule entry ``availability_id`` at ``starts_at``."""
        schedule = await self.slots.schedule(availability_id)
        if schedule is None or schedule.retired_at is not None or not schedule.meeting_type.active:
            raise NotASlot(
                "no schedule entry offers this slot (it may have been withdrawn): "
                "pick one from GET /slots",
                {"availability_id": str(availability_id)},
            )
        starts_at = starts_at.astimezone(UTC)
        if starts_at <= now:
            raise SlotInThePast(starts_at)
        hours = weekly_hours(schedule)
        slot = occurrence_at(hours, starts_at)
        if slot is None:
            raise NotASlot(
                "the schedule entry offers no meeting at this time: its slots are "
                f"{schedule.start_time:%H:%M} to {schedule.end_time:%H:%M} "
                f"({schedule.timezone}) every {hours.duration + hours.buffer} from the start, "
                "on the weekday and dates it is valid; pick one from GET /slots",
                {"availability_id": str(availability_id), "starts_at": starts_at.isoformat()},
            )
        officers = [schedule.officer_id] if schedule.officer_id else []
        exceptions = await self.slots.exceptions(
            slot.starts_at, slot.ends_at, officers, [schedule.team]
        )
        if any(concerns(e, schedule) for e in exceptions):
            raise SlotUnavailable(
                "the officer or team is not available then (leave or a holiday): "
                "pick another slot from GET /slots"
            )
        session_id = await self.slots.take_place(schedule, slot)
        if session_id is None:
            raise SlotFull()
        return await self.slots.loaded(session_id)

    async def move(
        self,
        current: MeetingSession,
        availability_id: uuid.UUID,
        starts_at: datetime,
        now: datetime,
    ) -> MeetingSession:
        """Take a place in another slot and give back the one in ``current``."""
        at = starts_at.astimezone(UTC)
        if (current.availability_id, current.starts_at) == (availability_id, at):
            raise NotASlot("the meeting is already at this time: pick another slot")
        await self.slots.lock(current.id, availability_id, at)
        target = await self.take(availability_id, at, now)
        await self.slots.release_place(current.id)
        return target

    async def give_back(self, session: MeetingSession) -> None:
        await self.slots.release_place(session.id)


class _Context:
    """What a search checks each slot against, indexed by slot and by owner."""

    def __init__(
        self, exceptions: Sequence[AvailabilityException], sessions: Sequence[MeetingSession]
    ) -> None:
        self.exceptions = exceptions
        self.by_slot = {(s.availability_id, s.starts_at): s for s in sessions}
        periods: dict[str, list[tuple[datetime, datetime, object]]] = defaultdict(list)
        for s in sessions:
            if s.booked > 0:
                periods[s.owner].append((s.starts_at, s.blocked_until, s.id))
        self.timelines: defaultdict[str, Timeline] = defaultdict(lambda: Timeline([]))
        self.timelines.update({owner: Timeline(p) for owner, p in periods.items()})


def _read(schedule: Availability, slot: Occurrence, remaining: int, tz: ZoneInfo) -> SlotRead:
    return SlotRead(
        availability_id=schedule.id,
        starts_at=slot.starts_at.astimezone(tz),
        ends_at=slot.ends_at.astimezone(tz),
        timezone=str(tz),
        meeting_type=schedule.meeting_type.slug,
        meeting_type_name=schedule.meeting_type.name,
        location=schedule.location.slug,
        location_name=schedule.location.name,
        online=schedule.location.online,
        officer_id=schedule.officer_id,
        team=schedule.team,
        capacity=schedule.meeting_type.capacity,
        remaining=remaining,
    )
