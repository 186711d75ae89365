"""Events: what survey.response_submitted says (never who, for an anonymous survey), erasure
through account.erased, and both directions over the real Kafka."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import httpx
import orjson
import pytest

from peelian.events.contracts.identity import AccountErasedV1
from peelian.testing.events import Apply, applying, eventually, send_as
from peelian.testing.infra import Infra
from peelian.testing.kafka import read_topic
from peelian.testing.people import People
from peelian.testing.plugin import CreateDatabase, app_client
from surveys.handlers import handlers
from surveys.main import create_app
from surveys.responses.tokens import ResponseTokens
from surveys_helpers import (
    ALEMBIC_INI,
    Published,
    SurveysSettingsFactory,
    answers,
    outbox,
    publish,
    refusal,
    respond,
    take_token,
)

pytestmark = pytest.mark.integration
SUBMITTED = "org.peelian.survey.response_submitted.v1"


@pytest.fixture
async def apply(surveys_settings: SurveysSettingsFactory) -> AsyncIterator[Apply]:
    settings = surveys_settings()
    registry = handlers(ResponseTokens(settings.token_secret.get_secret_value()))
    async with applying(settings, registry) as apply_event:
        yield apply_event


async def respondents(client: httpx.AsyncClient, survey: Published) -> list[str | None]:
    export = await client.get(f"/surveys/{survey.id}/export.json", headers=survey.officer)
    return [r["respondent_id"] for r in export.json()["responses"]]


async def test_a_response_submitted_event_names_the_respondent_only_when_identified(
    client: httpx.AsyncClient, people: People, surveys_database_url: str
) -> None:
    anonymous = await publish(client, people.officer())
    identified = await publish(client, people.officer(), anonymous=False)
    person = uuid.uuid4()
    await respond(client, anonymous, people.citizen(person), answers())
    await respond(client, identified, people.citizen(person), answers(), identified=True)

    [said] = [d for e, d in await outbox(surveys_database_url, anonymous.id) if e == SUBMITTED]
    assert said == {
        "survey_id": anonymous.id,
        "version": 1,
        "anonymous": True,
        "respondent_id": None,
    }
    [named] = [d for e, d in await outbox(surveys_database_url, identified.id) if e == SUBMITTED]
    assert (named["anonymous"], named["respondent_id"]) == (False, str(person))


async def test_an_erased_account_leaves_its_identified_responses_anonymous(
    client: httpx.AsyncClient, people: People, apply: Apply
) -> None:
    person = uuid.uuid4()
    identified = await publish(client, people.officer(), anonymous=False)
    listed = await publish(
        client,
        people.officer(),
        audience="accounts",
        areas=[],
        topics=[],
        account_ids=[str(person), str(uuid.uuid4())],
    )
    assert (
        await respond(client, identified, people.citizen(person), answers(), identified=True)
    ).status_code == 201
    await take_token(client, listed, people.citizen(person))

    await apply(AccountErasedV1(account_id=person), person)

    assert await respondents(client, identified) == [None]
    read = await client.get(f"/surveys/{listed.id}", headers=listed.officer)
    assert str(person) not in read.json()["account_ids"]
    assert len(read.json()["account_ids"]) == 1
    # The answers stay and still count.
    survey = await client.get(f"/surveys/{identified.id}", headers=identified.officer)
    assert survey.json()["responses"] == 1
    # The record that the person took a token is gone too (erasing twice changes nothing).
    await apply(AccountErasedV1(account_id=person), person)
    again = await client.post(f"{listed.link}/token", headers=people.citizen(person))
    assert refusal(again)[:2] == (403, "not_in_audience")


async def test_over_kafka_the_relay_publishes_and_the_consumer_erases(
    surveys_settings: SurveysSettingsFactory,
    create_database: CreateDatabase,
    people: People,
    infra: Infra,
) -> None:
    # Workers on, in a consumer group of its own (the dev service keeps its group), over a
    # database of its own (the relay publishes only this test's events), and a public survey
    # (messaging, wherever it runs, asks nobody about it).
    settings = surveys_settings(
        run_workers=True,
        service_name=f"surveys-{uuid.uuid4().hex[:8]}",
        database_url=await create_database("surveys_kafka", ALEMBIC_INI),
    )
    person = uuid.uuid4()
    async with app_client(create_app(settings)) as live:
        survey = await publish(
            live, people.officer(), anonymous=False, audience="public", areas=[], topics=[]
        )
        given = answers()
        assert (
            await respond(live, survey, people.citizen(person), given, identified=True)
        ).status_code == 201
        records = await read_topic(
            infra.kafka_bootstrap, "surveys.survey", until=2, subjects={survey.id}
        )
        assert [orjson.loads(r.value)["type"] for r in records] == [
            "org.peelian.survey.published.v1",
            SUBMITTED,
        ]

        await send_as(infra.kafka_bootstrap, "gateway", AccountErasedV1(account_id=person), person)

        async def erased() -> bool:
            return await respondents(live, survey) == [None]

        await eventually(erased)
