"""The reference deployment's partner agencies: seeded once, with the ids the gateway's
partner clients carry, agreements, disabled endpoints, and the rules that suggest them."""

from __future__ import annotations

import pytest

import peelian.reference as reference
from peelian.testing.people import People
from peelian.testing.plugin import CreateDatabase, app_client
from referrals.main import create_app
from referrals.seed import PARTNERS, seed
from referrals_helpers import ALEMBIC_INI, ReferralsSettingsFactory, applying, report_submitted

pytestmark = pytest.mark.integration


async def test_seed_is_idempotent_and_a_mental_health_report_suggests_the_crisis_team(
    create_database: CreateDatabase,
    referrals_settings: ReferralsSettingsFactory,
    people: People,
) -> None:
    url = await create_database("referrals_seed", ALEMBIC_INI)
    settings = referrals_settings(database_url=url, environment="development")
    assert await seed(settings) == len(PARTNERS) == len(reference.PARTNER_AGENCIES)
    assert await seed(settings) == 0

    crisis = next(a for a in reference.PARTNER_AGENCIES if a.slug == "mental-health-crisis")
    async with app_client(create_app(settings)) as client, applying(settings) as apply:
        me = await client.get("/partners/me", headers=people.partner(crisis.id))
        assert me.status_code == 200, me.text
        assert me.json()["name"] == crisis.name
        assert "people" in me.json()["agreement"]["fields"]
        [endpoint] = (
            await client.get(f"/partners/{crisis.id}/webhooks", headers=people.partner(crisis.id))
        ).json()
        assert endpoint["enabled"] is False
        assert endpoint["url"].startswith("http://127.0.0.1:")
        partners = (await client.get("/partners", headers=people.officer())).json()
        feeds = {p["slug"]: p["feed_topic"] for p in partners}
        assert feeds["council-asb"] == "referrals.feed.council-asb"

        report = report_submitted(category="mental-health")
        await apply(report, report.report_id)
        suggested = await client.get(
            "/referrals/suggestions",
            params={"report_id": str(report.report_id)},
            headers=people.officer(),
        )
    slugs = {str(a.id): a.slug for a in reference.PARTNER_AGENCIES}
    assert {slugs[s["partner_id"]] for s in suggested.json()["items"]} == {
        "mental-health-crisis",
        "student-support",
    }
