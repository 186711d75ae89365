"""Seed the reference deployment's reporting data: `python -m reporting.seed`.

The named areas (from ``peelian.reference``) always; in development also a few dozen sample
reports from the seeded students (and some anonymous ones), worked by the neighbourhood team,
some with a photo. Idempotent: each sample report is submitted with an Idempotency-Key of its
own, and a sample that already exists is left as it is. Categories come with the migrations.
"""

from __future__ import annotations

import hashlib
import io
import uuid
from collections.abc import AsyncIterator
from contextlib import aclosing
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from PIL import ExifTags, Image, ImageDraw
from sqlalchemy.ext.asyncio import AsyncSession

import peelian.reference as reference
from peelian.areas import AreaRepository
from peelian.auth.principal import Principal, Role
from peelian.db.engine import Database
from peelian.seeding import seed_command
from peelian.storage import ObjectStore
from reporting.config import ReportingSettings
from reporting.evidence.ingest import multipart_parts
from reporting.evidence.service import EvidenceService
from reporting.main import buckets
from reporting.reports.models import Priority, ReportStatus
from reporting.reports.schemas import LinkCreate, ReportCreate, StatusChange, Triage
from reporting.reports.service import ReportService

# Places around the campus: (latitude, longitude, description).
LIBRARY = (51.4889, -3.1787, "Bike racks outside the main library")
UNION = (51.4893, -3.1805, "Students' union entrance, Park Place")
SALISBURY_ROAD = (51.4925, -3.1760, "Salisbury Road, Cathays")
CATHAYS_PARK = (51.4870, -3.1800, "Alexandra Gardens, Cathays Park")
QUEEN_STREET = (51.4818, -3.1740, "Queen Street, near the station end")
WOMANBY_STREET = (51.4790, -3.1805, "Womanby Street, outside the music venues")
TALYBONT = (51.4985, -3.1950, "Talybont student village, block C")
WOODVILLE_ROAD = (51.4950, -3.1790, "Woodville Road, Cathays")
CRWYS_ROAD = (51.4960, -3.1840, "Crwys Road takeaways")


@dataclass(frozen=True)
class Sample:
    student: int | None  # sample student number; None: an anonymous reporter
    category: str
    description: str
    place: tuple[float, float, str]
    hours_ago: float
    moves: tuple[ReportStatus, ...] = ()
    kind: str = "incident"
    urgent: bool = False
    priority: Priority | None = None
    share: bool = False


S = ReportStatus
SAMPLES = (
    Sample(
        1,
        "theft",
        "My bike was stolen from the racks, the D-lock was cut. Blue Carrera "
        "Subway, frame number WTU123456.",
        LIBRARY,
        5,
        (S.TRIAGED,),
        priority=Priority.NORMAL,
    ),
    Sample(
        2,
        "theft",
        "Bicycle stolen between 9am and 4pm; cable lock left cut on the ground.",
        LIBRARY,
        30,
        (S.TRIAGED, S.IN_PROGRESS),
    ),
    Sample(3, "theft", "Laptop taken from my bag while I was queuing at the bar.", UNION, 52),
    Sample(
        4,
        "theft",
        "Parcel stolen from the shared hallway of our house.",
        WOODVILLE_ROAD,
        80,
        (S.TRIAGED, S.CLOSED),
    ),
    Sample(
        None,
        "drugs",
        "People dealing from a grey hatchback most evenings around 10pm; lots of short visits.",
        SALISBURY_ROAD,
        20,
        kind="intelligence",
    ),
    Sample(
        None,
        "drugs",
        "Strong smell of cannabis and a steady stream of visitors at the back of block C.",
        TALYBONT,
        96,
        (S.TRIAGED,),
        kind="intelligence",
    ),
    Sample(
        5,
        "drugs",
        "Someone offered me pills outside the club and would not take no for an answer.",
        WOMANBY_STREET,
        60,
        (S.TRIAGED, S.IN_PROGRESS),
        priority=Priority.HIGH,
    ),
    Sample(
        6,
        "criminal-damage",
        "Car windows smashed along the street overnight, at least three cars.",
        WOODVILLE_ROAD,
        14,
        (S.TRIAGED,),
    ),
    Sample(
        7,
        "criminal-damage",
        "Graffiti sprayed on the side of the halls, offensive words.",
        TALYBONT,
        200,
        (S.TRIAGED, S.RESOLVED),
    ),
    Sample(
        8,
        "criminal-damage",
        "Bus shelter glass kicked in by a group of lads around midnight.",
        QUEEN_STREET,
        40,
    ),
    Sample(
        9,
        "anti-social-behaviour",
        "Very loud party every night this week until 4am, bottles thrown into the street.",
        CRWYS_ROAD,
        8,
    ),
    Sample(
        10,
        "anti-social-behaviour",
        "Group of teenagers on bikes intimidating students and throwing eggs at windows.",
        SALISBURY_ROAD,
        26,
        (S.TRIAGED, S.REFERRED),
        share=True,
    ),
    Sample(
        11,
        "anti-social-behaviour",
        "Fireworks let off at people in the park.",
        CATHAYS_PARK,
        300,
        (S.TRIAGED, S.CLOSED),
    ),
    Sample(
        12,
        "mental-health",
        "My flatmate has not left her room for days and said things "
        "that worried me. I do not know what to do.",
        TALYBONT,
        3,
        urgent=True,
        priority=Priority.CRITICAL,
        share=True,
        moves=(S.TRIAGED, S.REFERRED),
    ),
    Sample(
        None,
        "mental-health",
        "A man on the bridge looked very distressed and was talking "
        "about ending it; he walked towards the station.",
        QUEEN_STREET,
        1,
        urgent=True,
    ),
    Sample(
        13,
        "violent-crime",
        "I was punched outside the takeaway after an argument over the queue. Split lip.",
        CRWYS_ROAD,
        18,
        (S.TRIAGED, S.IN_PROGRESS),
        priority=Priority.HIGH,
    ),
    Sample(
        14,
        "violent-crime",
        "My phone was snatched and I was pushed to the ground by two men on an e-scooter.",
        QUEEN_STREET,
        46,
        (S.TRIAGED, S.IN_PROGRESS, S.REFERRED),
        priority=Priority.HIGH,
        share=True,
    ),
    Sample(
        None,
        "violent-crime",
        "Heard someone say they carry a knife when going out on Womanby Street at weekends.",
        WOMANBY_STREET,
        70,
        kind="intelligence",
    ),
    Sample(
        15,
        "sexual-offence",
        "A man followed me from the bus stop to my door and tried to grab me.",
        WOODVILLE_ROAD,
        12,
        (S.TRIAGED, S.IN_PROGRESS),
        priority=Priority.CRITICAL,
    ),
    Sample(
        16,
        "sexual-offence",
        "I think my drink was spiked; I lost two hours and felt very ill.",
        WOMANBY_STREET,
        36,
        (S.TRIAGED, S.IN_PROGRESS),
        share=True,
        priority=Priority.HIGH,
    ),
    Sample(
        17,
        "other",
        "Street light out on the path through the park, it is very dark and people feel unsafe.",
        CATHAYS_PARK,
        100,
        (S.TRIAGED, S.REFERRED),
        share=True,
    ),
    Sample(
        18,
        "other",
        "Lost student ID card, possibly stolen; someone used it at the gym.",
        UNION,
        150,
        (S.TRIAGED, S.CLOSED),
    ),
    Sample(19, "theft", "Bike seat and front wheel taken, frame left locked.", LIBRARY, 22),
    Sample(
        20,
        "theft",
        "Wallet pickpocketed in the crowd at the match day.",
        QUEEN_STREET,
        75,
        (S.TRIAGED,),
    ),
    Sample(
        1,
        "anti-social-behaviour",
        "Drunk people urinating in our front garden every Friday night.",
        CRWYS_ROAD,
        170,
        (S.TRIAGED, S.IN_PROGRESS, S.RESOLVED),
    ),
    Sample(
        2,
        "drugs",
        "Nitrous oxide canisters all over the car park every morning.",
        SALISBURY_ROAD,
        56,
        kind="intelligence",
    ),
    Sample(3, "criminal-damage", "Someone keyed my car along both sides.", WOODVILLE_ROAD, 90),
    Sample(
        4,
        "violent-crime",
        "Fight outside the venue, one man kicked on the ground; I filmed part of it.",
        WOMANBY_STREET,
        9,
        (S.TRIAGED,),
        priority=Priority.HIGH,
    ),
    Sample(
        None,
        "theft",
        "Three bikes stolen from the racks this week by the same two men in "
        "dark hoodies with bolt cutters.",
        LIBRARY,
        4,
        kind="intelligence",
    ),
    Sample(
        5,
        "mental-health",
        "A student in my seminar said he has stopped eating and sleeping; I am worried.",
        UNION,
        28,
        (S.TRIAGED, S.REFERRED),
        share=True,
    ),
    Sample(
        6,
        "other",
        "Suspicious man trying doors of the student houses late at night.",
        WOODVILLE_ROAD,
        7,
        (S.TRIAGED,),
    ),
    Sample(
        7,
        "theft",
        "Phone stolen from the table in the library cafe when I looked away.",
        LIBRARY,
        33,
    ),
)
# Sample numbers (0-based) of reports whose reporter attached a photo, and what it shows.
PHOTOS = {
    0: "Cut D-lock on the library bike racks",
    1: "Cut cable lock left on the ground",
    7: "Smashed car window, Woodville Road",
    8: "Graffiti on the wall of block C",
    9: "Bus shelter glass kicked in",
    20: "Unlit path through Alexandra Gardens",
    25: "Nitrous oxide canisters in the car park",
    26: "Key scratch along a car door",
}
# Sample numbers (0-based) of reports an officer linked as about the same bike thieves.
LINKED = ((0, 28), (1, 28))
REASONS = {
    S.TRIAGED: "Triaged by the neighbourhood team",
    S.IN_PROGRESS: "Enquiries started",
    S.REFERRED: "Referred to the partner agency best placed to help",
    S.RESOLVED: "Resolved",
    S.CLOSED: "No further lines of enquiry",
}
PUBLIC = {
    S.IN_PROGRESS: "An officer is looking into your report and may contact you.",
    S.REFERRED: "We have asked a partner agency to help; they will be in touch.",
    S.RESOLVED: "We have dealt with this. Thank you for reporting it.",
    S.CLOSED: "We have no further lines of enquiry at the moment. Thank you for reporting it.",
}


def _reporter(sample: Sample, n: int) -> Principal:
    if sample.student is None:
        # An anonymous reporter: a random-looking id that no account holds.
        return Principal(
            subject=reference.reference_id("anonymous-reporter", str(n)),
            roles=frozenset({Role.CITIZEN}),
            anonymous=True,
        )
    email = reference.sample_student_email(sample.student)
    return Principal(subject=reference.account_id(email), roles=frozenset({Role.CITIZEN}))


OFFICERS = [
    Principal(
        subject=reference.account_id(reference.staff_email(local)), roles=frozenset({Role.OFFICER})
    )
    for local in ("pc.jones", "pc.okafor", "pcso.williams")
]


def sample_photo(caption: str, latitude: float, longitude: float) -> bytes:
    """A stand-in phone photo: a drawn scene with its caption, and the GPS position in EXIF
    as a phone would record it (the shareable copy made from it has none)."""
    shade = int(hashlib.sha256(caption.encode()).hexdigest()[:6], 16)
    image = Image.new("RGB", (1024, 768), (shade >> 16, (shade >> 8) & 0xFF, shade & 0xFF))
    draw = ImageDraw.Draw(image)
    for i in range(6):
        draw.rectangle((80 + i * 140, 300 - i * 30, 180 + i * 140, 640), outline=(240, 240, 240))
    draw.rectangle((0, 680, 1024, 768), fill=(20, 20, 20))
    draw.text((24, 705), f"Sample evidence: {caption}", fill=(255, 255, 255))
    exif = Image.Exif()
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N" if latitude >= 0 else "S",
        ExifTags.GPS.GPSLatitude: _dms(latitude),
        ExifTags.GPS.GPSLongitudeRef: "E" if longitude >= 0 else "W",
        ExifTags.GPS.GPSLongitude: _dms(longitude),
    }
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85, exif=exif)
    return out.getvalue()


def _dms(degrees: float) -> tuple[float, float, float]:
    value = abs(degrees)
    whole, minutes = int(value), (value - int(value)) * 60
    return (float(whole), float(int(minutes)), round((minutes - int(minutes)) * 60, 2))


async def _attach_photo(
    session: AsyncSession,
    store: ObjectStore,
    settings: ReportingSettings,
    report_id: uuid.UUID,
    reporter: Principal,
    photo: bytes,
) -> None:
    """Through the same streamed multipart path as the API, so the sample has everything a
    real upload has: hash, retention, shareable copy, thumbnail, custody, event."""
    boundary = uuid.uuid4().hex
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
        f'filename="photo.jpg"\r\nContent-Type: image/jpeg\r\n\r\n'.encode()
        + photo
        + f"\r\n--{boundary}--\r\n".encode()
    )

    async def chunks() -> AsyncIterator[bytes]:
        yield body

    evidence = EvidenceService(session, store, settings)
    allowance = await evidence.admit(report_id, reporter)
    content_type = f"multipart/form-data; boundary={boundary}"
    async with aclosing(multipart_parts(content_type, chunks())) as parts:
        await evidence.upload(report_id, reporter, allowance, parts)


async def seed_areas(database: Database) -> None:
    async with database.sessionmaker.begin() as session:
        await AreaRepository(session).upsert(reference.AREAS)


async def seed_reports(database: Database, store: ObjectStore, settings: ReportingSettings) -> int:
    """Submit and work the sample reports that do not exist yet; returns how many were new."""
    now = datetime.now(UTC)
    made: dict[int, uuid.UUID] = {}
    new = 0
    for n, sample in enumerate(SAMPLES):
        lat, lon, where = sample.place
        occurred = now - timedelta(hours=sample.hours_ago)
        data = ReportCreate(
            kind=sample.kind,
            category=sample.category,
            description=sample.description,
            urgent=sample.urgent,
            occurred_from=occurred - timedelta(minutes=30),
            occurred_to=occurred,
            latitude=lat,
            longitude=lon,
            location_text=where,
            contact_consent=True,
            share_consent=sample.share,
        )
        officer = OFFICERS[n % len(OFFICERS)]
        key = f"seed-report-{n}"
        reporter = _reporter(sample, n)
        async with database.sessionmaker.begin() as session:
            reports = ReportService(session, settings)
            # Seeded before (with times relative to that run): keep it as it is.
            earlier = await reports.idempotency.get(reporter.subject, key)
            if earlier is not None:
                made[n] = uuid.UUID(earlier.response["id"])
                continue
            body, _ = await reports.submit(reporter, data, key)
            made[n] = uuid.UUID(body["id"])
            if n in PHOTOS:
                photo = sample_photo(PHOTOS[n], lat, lon)
                await _attach_photo(session, store, settings, made[n], reporter, photo)
            new += 1
            report = await reports.reports.get(made[n], for_update=True)
            assert report is not None
            if sample.priority is not None or sample.moves:
                await reports.triage(
                    officer,
                    report,
                    Triage(
                        priority=sample.priority or Priority.NORMAL,
                        assigned_officer_id=officer.subject,
                        assigned_team=reference.NEIGHBOURHOOD_TEAM,
                    ),
                )
            for status in sample.moves:
                if status is S.TRIAGED:
                    continue  # triage made it so
                await reports.change_status(
                    officer,
                    report,
                    StatusChange(
                        status=status, reason=REASONS[status], public_message=PUBLIC.get(status)
                    ),
                )
    for a, b in LINKED:
        async with database.sessionmaker.begin() as session:
            reports = ReportService(session, settings)
            report = await reports.reports.get(made[a], for_update=True)
            assert report is not None
            await reports.link(
                OFFICERS[0],
                report,
                LinkCreate(related_report_id=made[b], reason="Same two men with bolt cutters"),
            )
    return new


async def seed(settings: ReportingSettings, *, samples: bool) -> int:
    database = Database.from_settings(settings)
    try:
        await seed_areas(database)
        if not samples:
            return 0
        store = ObjectStore.from_settings(settings)
        for bucket in buckets(settings):
            await store.ensure(bucket)
        return await seed_reports(database, store, settings)
    finally:
        await database.dispose()


def main() -> None:
    async def run(settings: ReportingSettings) -> str:
        new = await seed(settings, samples=settings.is_development)
        return (
            f"{len(reference.AREAS)} areas; {new} new sample reports "
            f"({len(SAMPLES)} in the reference deployment)"
        )

    seed_command("reporting", __doc__, ReportingSettings, run)


if __name__ == "__main__":
    main()
