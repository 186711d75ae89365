"""Who sees what: citizens never see other respondents' answers nor the results unless the
force publishes them, and an anonymous response cannot be traced back to the person who held
its token from any table."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy import text

from peelian.db.engine import Database
from peelian.testing.people import People
from surveys.responses.tokens import ResponseTokens
from surveys_helpers import (
    Published,
    SurveysSettingsFactory,
    answers,
    create,
    every_table,
    publish,
    refusal,
    respond,
    submit,
    take_token,
)

pytestmark = pytest.mark.integration

STAFF_ROUTES = [
    ("GET", "/surveys"),
    ("POST", "/surveys"),
    ("GET", "/surveys/{id}"),
    ("PATCH", "/surveys/{id}"),
    ("GET", "/surveys/{id}/versions/1"),
    ("PUT", "/surveys/{id}/versions/1"),
    ("POST", "/surveys/{id}/versions"),
    ("POST", "/surveys/{id}/publish"),
    ("POST", "/surveys/{id}/close"),
    ("PUT", "/surveys/{id}/results-visibility"),
    ("GET", "/surveys/{id}/results"),
    ("GET", "/surveys/{id}/results/text/comments"),
    ("GET", "/surveys/{id}/export.csv"),
    ("GET", "/surveys/{id}/export.json"),
]


@pytest.mark.parametrize("caller", ["citizen", "anonymous", "partner"])
async def test_only_the_force_builds_surveys_and_reads_their_answers(
    client: httpx.AsyncClient, survey: Published, people: People, caller: str
) -> None:
    await respond(client, survey, people.citizen(), answers())
    who = getattr(people, caller)()
    for method, path in STAFF_ROUTES:
        for survey_id in (survey.id, str(uuid.uuid4())):  # an unknown id tells nothing either
            response = await client.request(
                method, path.format(id=survey_id), json={"public": True}, headers=who
            )
            assert response.status_code == 403, (method, path, response.text)
            assert "theft" not in response.text


async def test_citizens_read_results_only_once_published_and_never_the_free_text(
    client: httpx.AsyncClient, survey: Published, people: People
) -> None:
    for n in range(5):
        given = answers(comments=f"Secret remark {n}")
        assert (await respond(client, survey, people.citizen(), given)).status_code == 201
    public = f"{survey.link}/results"
    assert refusal(await client.get(public))[:2] == (403, "results_not_public")
    assert refusal(await client.get(public, headers=people.citizen()))[:2] == (
        403,
        "results_not_public",
    )

    visibility = f"/surveys/{survey.id}/results-visibility"
    shown = await client.put(visibility, json={"public": True}, headers=survey.officer)
    assert shown.json()["results_public"] is True
    published = await client.get(public, params={"by": "year"})
    assert published.status_code == 200, published.text
    questions = {q["question"]: q for q in published.json()["questions"]}
    assert questions["year"]["options"][0]["count"] == 5
    assert questions["comments"]["answered"] == 5
    assert all(q["groups"] is None for q in questions.values())  # no cross-tabulation
    assert "Secret remark" not in published.text

    await client.put(visibility, json={"public": False}, headers=survey.officer)
    assert refusal(await client.get(public))[:2] == (403, "results_not_public")


async def test_a_draft_survey_has_no_results_to_publish(
    client: httpx.AsyncClient, people: People
) -> None:
    officer = people.officer()
    made = await create(client, officer)
    refused = await client.put(
        f"/surveys/{made['id']}/results-visibility", json={"public": True}, headers=officer
    )
    assert refusal(refused)[:2] == (409, "invalid_survey_state")


async def test_a_partial_response_is_only_ever_read_with_its_own_token(
    client: httpx.AsyncClient, survey: Published, people: People
) -> None:
    mine = await take_token(client, survey, people.citizen())
    theirs = await take_token(client, survey, people.citizen())
    await client.put(f"{survey.link}/draft", json={"token": mine, "answers": {"year": "third"}})
    assert refusal(await client.post(f"{survey.link}/resume", json={"token": theirs}))[:2] == (
        404,
        "draft_not_found",
    )


async def test_an_anonymous_response_cannot_be_traced_to_its_respondent_from_any_table(
    client: httpx.AsyncClient,
    people: People,
    surveys_settings: SurveysSettingsFactory,
    database: Database,
) -> None:
    settings = surveys_settings()
    keys = ResponseTokens(settings.token_secret.get_secret_value())
    survey = await publish(client, people.officer())
    survey_id = survey.id

    # A signed-in student saves a draft and then submits; an anonymous reporter submits.
    student, reporter = uuid.uuid4(), uuid.uuid4()
    student_token = await take_token(client, survey, people.citizen(student))
    saved = await client.put(
        f"{survey.link}/draft", json={"token": student_token, "answers": {"year": "second"}}
    )
    assert saved.status_code == 200, saved.text
    reporter_token = await take_token(client, survey, people.anonymous(reporter))
    # Neither submission carries a bearer token: the service never learns who submitted.
    given = answers(year="second", comments="The path behind the library is unlit.")
    assert (await submit(client, survey, student_token, given)).status_code == 201
    assert (await submit(client, survey, reporter_token, answers())).status_code == 201

    tables = await every_table(str(settings.database_url))
    everything = {name: "\n".join(rows) for name, rows in tables.items()}

    def found(needle: str) -> set[str]:
        """The tables holding ``needle`` as text or inside a binary column (hex)."""
        encoded = needle.encode().hex()
        return {name for name, rows in everything.items() if needle in rows or encoded in rows}

    for person, token in ((student, student_token), (reporter, reporter_token)):
        # Neither the person nor their token is anywhere, in any form.
        for needle in (str(person), person.hex, token):
            assert found(needle) == set(), needle
        # That they took a token is recorded under a keyed hash, and only there.
        assert found(keys.respondent_key(person).hex()) == {"respondents"}
        # That a token was spent is recorded under a hash of it, with nothing else.
        spent = keys.verify(uuid.UUID(survey_id), token)
        assert spent is not None
        assert found(spent.hex()) == {"spent_tokens"}

    async with database.sessionmaker() as session:
        columns = await session.execute(
            text(
                "SELECT table_name, column_name FROM information_schema.columns "
                "WHERE table_name IN ('respondents', 'spent_tokens') ORDER BY 1, 2"
            )
        )
        # Neither record shares anything with a response but the survey.
        assert list(columns) == [
            ("respondents", "respondent_key"),
            ("respondents", "survey_id"),
            ("spent_tokens", "survey_id"),
            ("spent_tokens", "token_hash"),
        ]
        stamps = await session.execute(
            text(
                "SELECT table_name, column_name FROM information_schema.columns WHERE "
                "table_name IN ('respondents', 'spent_tokens', 'drafts', 'responses', "
                "'answer_cells', 'answer_tallies') AND data_type LIKE 'timestamp%'"
            )
        )
        # The only time a response keeps is the day it came.
        assert list(stamps) == [("responses", "submitted_day")]
        days = await session.scalars(
            text("SELECT submitted_day FROM responses WHERE survey_id = :s"), {"s": survey_id}
        )
        midnight = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
        assert list(days) == [midnight, midnight]
        drafts = await session.scalar(
            text("SELECT count(*) FROM drafts WHERE survey_id = :s"), {"s": survey_id}
        )
        assert drafts == 0
