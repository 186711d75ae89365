"""The reference deployment's survey: published to the campus, a few hundred responses,
results worth reading; idempotent."""

from __future__ import annotations

import pytest

import peelian.reference as reference
from peelian.testing.people import People
from peelian.testing.plugin import CreateDatabase, app_client
from surveys.main import create_app
from surveys.seed import RESPONSES, SURVEY_ID, seed
from surveys_helpers import ALEMBIC_INI, SurveysSettingsFactory, outbox

pytestmark = pytest.mark.integration


async def test_seed_publishes_the_students_survey_with_its_responses_once(
    create_database: CreateDatabase, surveys_settings: SurveysSettingsFactory, people: People
) -> None:
    url = await create_database("surveys_seed", ALEMBIC_INI)
    settings = surveys_settings(database_url=url, environment="development")

    assert await seed(settings, samples=False) == 0
    assert await seed(settings, samples=True) == RESPONSES
    assert await seed(settings, samples=True) == 0

    events = [e for e, _ in await outbox(url, str(SURVEY_ID))]
    assert events[0] == "org.peelian.survey.published.v1"
    assert events.count("org.peelian.survey.response_submitted.v1") == RESPONSES
    [(_, published)] = [(e, d) for e, d in await outbox(url, str(SURVEY_ID)) if "published" in e]
    assert (published["audience"], published["areas"]) == ("areas", ["campus"])

    officer = people.officer()
    async with app_client(create_app(settings)) as client:
        survey = (await client.get(f"/surveys/{SURVEY_ID}", headers=officer)).json()
        assert (survey["status"], survey["responses"]) == ("published", RESPONSES)
        by_home = await client.get(
            f"/surveys/{SURVEY_ID}/results", params={"by": "home"}, headers=officer
        )
        questions = {q["question"]: q for q in by_home.json()["questions"]}
        concerns = {o["value"]: o["count"] for o in questions["concerns"]["options"]}
        assert concerns["bike-theft"] > concerns["criminal-damage"] > 0
        cathays = next(g for g in questions["concerns"]["groups"] if g["value"] == "cathays")
        top = max(cathays["options"], key=lambda o: o["count"] or 0)
        assert top["value"] in ("burglary", "bike-theft")
        assert questions["channels"]["ranking"][0]["value"] in ("app-alerts", "instagram")
        # The sample students have not answered: they can.
        student = reference.sample_students()[0].id
        token = await client.post(f"{survey['link']}/token", headers=people.citizen(student))
        assert token.status_code == 201, token.text
