"""Seed the reference deployment's partner agencies: `python -m referrals.seed`.

The four agencies of ``peelian.reference.PARTNER_AGENCIES`` (their ids are the ones the
gateway's partner clients carry, so each agency's system can sign in and see its referrals),
with their data-sharing agreements, the report categories they deal with (which drive the
suggestions), contacts, and one webhook endpoint each, disabled and pointing at a local
catcher: nothing leaves the machine until someone enables one (and rotates its secret to
learn it). The council's ASB team takes a Kafka feed too. Idempotent: what exists is left
alone. Development only, like every seed.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

import peelian.reference as reference
from peelian.db.engine import Database
from peelian.seeding import seed_command
from referrals.config import ReferralsSettings
from referrals.partners.repository import PartnerRepository
from referrals.partners.schemas import Agreement, Contact, PartnerCreate
from referrals.partners.service import PartnerService
from referrals.partners.topics import PartnerTopics
from referrals.reports.minimise import ReportField as F
from referrals.webhooks.schemas import EndpointCreate, EventType
from referrals.webhooks.service import WebhookService
from referrals.webhooks.signing import SecretBox

# Where a developer's own webhook catcher would listen; the endpoints start disabled.
LOCAL_CATCHER = "http://127.0.0.1:8099"


@dataclass(frozen=True)
class SeedPartner:
    agency: reference.PartnerAgency
    description: str
    categories: tuple[str, ...]
    fields: tuple[F, ...]
    contact: Contact
    kafka_feed: bool = False


_WHEN = (F.OCCURRED_FROM, F.OCCURRED_TO)
_AGENCIES = {agency.slug: agency for agency in reference.PARTNER_AGENCIES}

PARTNERS = (
    SeedPartner(
        _AGENCIES["student-support"],
        "The university's wellbeing, disability and student-life advisers.",
        ("mental-health", "theft", "drugs"),
        (F.KIND, F.CATEGORY, F.DESCRIPTION, *_WHEN, F.AREAS, F.LANGUAGE),
        Contact(name="Student Support duty adviser", role="duty", email="support@uni.example"),
    ),
    SeedPartner(
        _AGENCIES["mental-health-crisis"],
        "The NHS crisis resolution team: same-day assessment and home treatment.",
        ("mental-health",),
        (
            F.CATEGORY,
            F.URGENT,
            F.DESCRIPTION,
            *_WHEN,
            F.LOCATION_TEXT,
            F.AREAS,
            F.PEOPLE,
            F.LANGUAGE,
        ),
        Contact(name="Crisis team coordinator", role="triage", email="crisis@nhs.example"),
    ),
    SeedPartner(
        _AGENCIES["council-asb"],
        "The city council's anti-social behaviour and community safety officers.",
        ("anti-social-behaviour", "criminal-damage"),
        (
            F.CATEGORY,
            F.DESCRIPTION,
            *_WHEN,
            F.LATITUDE,
            F.LONGITUDE,
            F.LOCATION_TEXT,
            F.AREAS,
            F.VEHICLES,
        ),
        Contact(name="ASB case officer", role="casework", email="asb@council.example"),
        kafka_feed=True,
    ),
    SeedPartner(
        _AGENCIES["victim-support"],
        "Free, confidential support for people affected by crime.",
        ("violent-crime", "sexual-offence", "theft"),
        (F.KIND, F.CATEGORY, F.DESCRIPTION, *_WHEN, F.AREAS, F.PEOPLE, F.LANGUAGE),
        Contact(name="Referrals hub", role="intake", email="referrals@victimsupport.example"),
    ),
)


async def seed(settings: ReferralsSettings) -> int:
    """Create the partners that are missing, each with its endpoint; returns how many."""
    database = Database.from_settings(settings)
    topics = PartnerTopics(
        settings.kafka_bootstrap_servers,
        partitions=settings.partner_topic_partitions,
        replication=settings.partner_topic_replication,
    )
    # The catcher is on this machine: allowed here, as in development.
    local = settings.model_copy(update={"webhook_allow_insecure_urls": True})
    new = 0
    try:
        for seeded in PARTNERS:
            async with database.sessionmaker.begin() as session:
                if await PartnerRepository(session).get(seeded.agency.id) is not None:
                    continue
                await PartnerService(session, topics).create(
                    PartnerCreate(
                        slug=seeded.agency.slug,
                        name=seeded.agency.name,
                        description=seeded.description,
                        categories=list(seeded.categories),
                        contacts=[seeded.contact],
                        agreement=Agreement(
                            reference=f"DSA-2026-{seeded.agency.slug.upper()}",
                            fields=list(seeded.fields),
                        ),
                        kafka_feed=seeded.kafka_feed,
                    ),
                    partner_id=seeded.agency.id,
                )
                await WebhookService(session, local, SecretBox(settings.secrets_key)).create(
                    seeded.agency.id,
                    EndpointCreate.model_validate(
                        {
                            "url": f"{LOCAL_CATCHER}/{seeded.agency.slug}",
                            "event_types": list(EventType),
                            "description": "A local catcher; enable it to try deliveries",
                            "enabled": False,
                        }
                    ),
                )
                new += 1
    finally:
        await database.dispose()
    return new


def main() -> None:
    async def run(settings: ReferralsSettings) -> str:
        if not settings.is_development:
            sys.exit(f"refusing to seed partner agencies in the {settings.environment} environment")
        new = await seed(settings)
        return (
            f"{new} new partner agencies ({len(PARTNERS)} in the reference deployment), their "
            "agreements and disabled webhook endpoints"
        )

    seed_command("referrals", __doc__, ReferralsSettings, run)


if __name__ == "__main__":
    main()
