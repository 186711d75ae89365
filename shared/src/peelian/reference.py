"""The reference deployment, one source of truth for every service's seed.

A UK force whose university neighbourhood team serves 30,000 students (and 644,000 social
media followers). Ids are derived from names (UUID v5), so every service seeds the same
partner agencies and teams without asking each other.
"""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass
from typing import Any

NAMESPACE = uuid.UUID("6f1c2d0e-8a4b-5c3d-9e7f-0a1b2c3d4e5f")

FORCE_NAME = "Peelian Reference Constabulary"
STAFF_EMAIL_DOMAIN = "police.example"
STUDENT_EMAIL_DOMAIN = "students.example.ac.uk"
NEIGHBOURHOOD_TEAM = "university-neighbourhood"
STUDENTS = 30_000
SOCIAL_MEDIA_FOLLOWERS = 644_000


def reference_id(kind: str, slug: str) -> uuid.UUID:
    """The stable id of a reference entity, e.g. ``reference_id("partner", "victim-support")``."""
    return uuid.uuid5(NAMESPACE, f"{kind}:{slug}")


def account_id(email: str) -> uuid.UUID:
    """The id the development seed gives the account with this email, so that other services'
    seeds can make sample data (reports, bookings) that belongs to seeded people."""
    return reference_id("account", email.strip().lower())


SAMPLE_STUDENTS = 20


def sample_student_email(n: int) -> str:
    """The email of sample student ``n`` (1 to SAMPLE_STUDENTS)."""
    return f"student{n:02d}@{STUDENT_EMAIL_DOMAIN}"


def staff_email(local_part: str) -> str:
    return f"{local_part}@{STAFF_EMAIL_DOMAIN}"


@dataclass(frozen=True)
class SampleStudent:
    """A seeded student: the gateway makes the account, the services its sample data."""

    n: int
    email: str
    display_name: str
    language: str
    # Home areas: every student follows the campus, two in three one more area too.
    areas: tuple[str, ...]

    @property
    def id(self) -> uuid.UUID:
        return account_id(self.email)


_FIRST_NAMES = ("Alex", "Bethan", "Chen", "Dylan", "Fatima", "Gwen", "Hamid", "Isla", "Jia", "Kai")


def sample_students() -> list[SampleStudent]:
    areas = itertools.cycle([area.slug for area in AREAS])
    languages = itertools.cycle(LANGUAGES)
    return [
        SampleStudent(
            n=n,
            email=sample_student_email(n),
            display_name=f"{_FIRST_NAMES[n % len(_FIRST_NAMES)]} (sample student {n:02d})",
            language=next(languages),
            areas=tuple(dict.fromkeys([next(areas), "campus"] if n % 3 else ["campus"])),
        )
        for n in range(1, SAMPLE_STUDENTS + 1)
    ]


@dataclass(frozen=True)
class PartnerAgency:
    slug: str
    name: str

    @property
    def id(self) -> uuid.UUID:
        return reference_id("partner", self.slug)


PARTNER_AGENCIES = (
    PartnerAgency("student-support", "University Student Support Service"),
    PartnerAgency("mental-health-crisis", "Mental Health Crisis Team"),
    PartnerAgency("council-asb", "City Council Anti-Social Behaviour Team"),
    PartnerAgency("victim-support", "Victim Support"),
)

PARTNER_EMAIL_DOMAIN = "partners.example"


def partner_staff_email(agency: PartnerAgency) -> str:
    """The email of the agency's seeded duty desk: the person who works its referrals in the
    dashboard (its case system signs in with the client ``pc_<slug>`` instead)."""
    return f"duty.{agency.slug}@{PARTNER_EMAIL_DOMAIN}"


@dataclass(frozen=True)
class NamedArea:
    """A named area as a simple polygon of (longitude, latitude) points, in GeoJSON order."""

    slug: str
    name: str
    ring: tuple[tuple[float, float], ...]

    def geojson(self) -> dict[str, Any]:
        """The area as a GeoJSON Polygon (the ring closed, as RFC 7946 requires)."""
        return {"type": "Polygon", "coordinates": [[*map(list, self.ring), list(self.ring[0])]]}


def _box(west: float, south: float, east: float, north: float) -> tuple[tuple[float, float], ...]:
    return ((west, south), (east, south), (east, north), (west, north))


# Named areas around the campus. Areas may overlap (the campus lies partly in Park Place): a
# report is assigned to every area it falls in.
AREAS = (
    NamedArea("campus", "University campus", _box(-3.1860, 51.4860, -3.1740, 51.4920)),
    NamedArea("cathays", "Cathays", _box(-3.1900, 51.4920, -3.1700, 51.5000)),
    NamedArea("park-place", "Park Place", _box(-3.1820, 51.4840, -3.1720, 51.4900)),
    NamedArea("city-centre", "City centre", _box(-3.1900, 51.4740, -3.1650, 51.4840)),
    NamedArea("student-village", "Student village", _box(-3.2000, 51.4950, -3.1905, 51.5020)),
)

# The languages students read alerts in, most common first.
LANGUAGES = ("en", "cy", "zh-Hans", "ar", "es", "hi")
