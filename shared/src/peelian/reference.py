"""The reference deployment, one source of truth for every service's seed.

A UK force whose university neighbourhood team serves 30,000 students (and 644,000 social
media followers). Ids are derived from names (UUID v5), so every service seeds the same
partner agencies and teams without asking each other.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

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

# Named areas around the campus (their polygons are seeded by the service that owns areas).
AREAS = (
    ("campus", "University campus"),
    ("cathays", "Cathays"),
    ("park-place", "Park Place"),
    ("city-centre", "City centre"),
    ("student-village", "Student village"),
)

# The languages students read alerts in, most common first.
LANGUAGES = ("en", "cy", "zh-Hans", "ar", "es", "hi")
