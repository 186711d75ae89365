"""Seed the reference deployment's scheduling data: `python -m scheduling.seed`.

The catalogue always: the meeting types (campus drop-in, crime-prevention advice, a report's
follow-up) and the places (the Students' Union drop-in point, the police station, a video
link). In development also the university neighbourhood team's schedule for the next four
weeks (the team's campus drop-ins on Tuesdays and Thursdays, its officers' one-to-one hours)
and two sample students' bookings. Idempotent: everything has a stable id or slug, and what
exists is left alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import peelian.reference as reference
from peelian.auth.principal import Principal, Role
from peelian.db.engine import Database
from peelian.pagination import PageParams
from peelian.seeding import seed_command
from scheduling.availability.models import Availability
from scheduling.availability.schemas import AvailabilityCreate, Weekday
from scheduling.availability.service import AvailabilityService
from scheduling.catalogue.models import LocationKind
from scheduling.catalogue.repository import LocationRepository, MeetingTypeRepository
from scheduling.catalogue.schemas import LocationCreate, MeetingTypeCreate
from scheduling.catalogue.service import CatalogueService
from scheduling.config import SchedulingSettings
from scheduling.meetings.models import Booking
from scheduling.meetings.schemas import MeetingCreate
from scheduling.meetings.service import MeetingService
from scheduling.slots.schemas import SlotSearch
from scheduling.slots.service import SlotService
from scheduling.timezones import zone

TEAM = reference.NEIGHBOURHOOD_TEAM
SERGEANT = Principal(
    subject=reference.account_id(reference.staff_email("sgt.patel")),
    roles=frozenset({Role.SUPERVISOR}),
)
DROP_IN = "campus-drop-in"
ADVICE = "crime-prevention-advice"
FOLLOW_UP = "report-follow-up"
STUDENTS_UNION = "students-union"
STATION = "cathays-station"
VIDEO = "video-call"

MEETING_TYPES = (
    MeetingTypeCreate(
        slug=DROP_IN,
        name="Campus drop-in",
        description="Come and talk to the neighbourhood team about anything that worries you "
        "on or around campus. Small groups; no need to prepare.",
        duration_minutes=30,
        capacity=6,
    ),
    MeetingTypeCreate(
        slug=ADVICE,
        name="Crime prevention advice",
        description="One to one with an officer: securing your room, your bike and your "
        "belongings, staying safe on nights out.",
        duration_minutes=30,
        buffer_minutes=10,
    ),
    MeetingTypeCreate(
        slug=FOLLOW_UP,
        name="Follow-up of your report",
        description="One to one with an officer about a report you made (also with a "
        "reporter key: your name is never asked).",
        duration_minutes=30,
        buffer_minutes=10,
    ),
)

LOCATIONS = (
    LocationCreate(
        slug=STUDENTS_UNION,
        name="Students' Union, police drop-in point",
        kind=LocationKind.CAMPUS,
        address="Students' Union, Park Place (ground floor, by the advice centre)",
    ),
    LocationCreate(
        slug=STATION,
        name="Cathays police station",
        kind=LocationKind.STATION,
        address="Cathays Terrace (front desk: ask for the neighbourhood team)",
    ),
    LocationCreate.model_validate(
        {
            "slug": VIDEO,
            "name": "Video call",
            "kind": LocationKind.ONLINE,
            "video_url": "https://video.police.example/neighbourhood-team",
        }
    ),
)


@dataclass(frozen=True)
class Hours:
    slug: str
    officer: str | None  # a staff email's local part; None for the team's own sessions
    meeting_type: str
    location: str
    weekday: Weekday
    start: time
    end: time


# The team's week: drop-ins at lunchtime, each officer's one-to-one hours.
SCHEDULE = (
    Hours("drop-in-tuesday", None, DROP_IN, STUDENTS_UNION, Weekday.TUESDAY, time(12), time(14)),
    Hours("drop-in-thursday", None, DROP_IN, STUDENTS_UNION, Weekday.THURSDAY, time(12), time(14)),
    Hours("jones-advice", "pc.jones", ADVICE, STATION, Weekday.MONDAY, time(10), time(12)),
    Hours("jones-follow-up", "pc.jones", FOLLOW_UP, VIDEO, Weekday.WEDNESDAY, time(14), time(16)),
    Hours("okafor-advice", "pc.okafor", ADVICE, STUDENTS_UNION, Weekday.TUESDAY,
          time(15), time(17)),
    Hours("okafor-follow-up", "pc.okafor", FOLLOW_UP, STATION, Weekday.FRIDAY, time(10), time(12)),
    Hours("williams-advice", "pcso.williams", ADVICE, STUDENTS_UNION, Weekday.THURSDAY,
          time(15), time(17)),
)  # fmt: skip
WEEKS = 4

# Sample bookings: (student number, meeting type, note).
BOOKINGS = (
    (1, DROP_IN, "Our house was burgled last term; how do we make it safer?"),
    (2, ADVICE, "Where can I get my bike marked and registered?"),
)


async def seed_catalogue(database: Database) -> int:
    """Add the reference meeting types and locations that are missing; returns how many."""
    new = 0
    async with database.sessionmaker.begin() as session:
        catalogue = CatalogueService(session)
        for kind in MEETING_TYPES:
            if await MeetingTypeRepository(session).by_slug(kind.slug) is None:
                await catalogue.create_meeting_type(kind)
                new += 1
        for place in LOCATIONS:
            if await LocationRepository(session).by_slug(place.slug) is None:
                await catalogue.create_location(place)
                new += 1
    return new


async def seed_schedule(database: Database, settings: SchedulingSettings, today: date) -> int:
    """The team's schedule for the ``WEEKS`` weeks from ``today``; returns how many entries
    were new."""
    new = 0
    for hours in SCHEDULE:
        entry_id = reference.reference_id("availability", hours.slug)
        async with database.sessionmaker.begin() as session:
            if await session.get(Availability, entry_id) is not None:
                continue
            officer = (
                reference.account_id(reference.staff_email(hours.officer))
                if hours.officer
                else None
            )
            data = AvailabilityCreate(
                officer_id=officer,
                team=TEAM,
                meeting_type=hours.meeting_type,
                location=hours.location,
                weekday=hours.weekday,
                start_time=hours.start,
                end_time=hours.end,
                valid_from=today,
                valid_until=today + timedelta(weeks=WEEKS, days=-1),
            )
            await AvailabilityService(session, settings).create(SERGEANT, data, entry_id)
            new += 1
    return new


async def seed_bookings(database: Database, settings: SchedulingSettings) -> int:
    """Sample students' bookings of the first free slot of their meeting type."""
    new = 0
    tz = zone(settings.default_timezone)
    for n, meeting_type, note in BOOKINGS:
        booking_id = reference.reference_id("booking", f"sample-{n}")
        student = Principal(
            subject=reference.account_id(reference.sample_student_email(n)),
            roles=frozenset({Role.CITIZEN}),
        )
        async with database.sessionmaker.begin() as session:
            if await session.get(Booking, booking_id) is not None:
                continue
            now = datetime.now(UTC)
            query = SlotSearch(meeting_type=meeting_type, team=TEAM)
            slots = await SlotService(session, settings).search(
                query, tz, PageParams(limit=1, cursor=None), now
            )
            if not slots.items:
                continue
            slot = slots.items[0]
            data = MeetingCreate(
                availability_id=slot.availability_id, starts_at=slot.starts_at, note=note
            )
            await MeetingService(session, settings).book(student, data, tz, now, booking_id)
            new += 1
    return new


async def seed(settings: SchedulingSettings, *, samples: bool, today: date | None = None) -> int:
    """Seed; returns how many things were new."""
    database = Database.from_settings(settings)
    try:
        new = await seed_catalogue(database)
        if not samples:
            return new
        today = today or datetime.now(zone(settings.default_timezone)).date()
        new += await seed_schedule(database, settings, today)
        return new + await seed_bookings(database, settings)
    finally:
        await database.dispose()


def main() -> None:
    async def run(settings: SchedulingSettings) -> str:
        new = await seed(settings, samples=settings.is_development)
        samples = ", the neighbourhood team's next four weeks, sample bookings"
        return f"{new} new (meeting types, locations{samples if settings.is_development else ''})"

    seed_command("scheduling", __doc__, SchedulingSettings, run)


if __name__ == "__main__":
    main()
