"""The builder: drafts, versions, distribution, publishing (survey.published) and closing
(survey.closed, by an officer or at the closing time)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select, update

from peelian.db.engine import Database
from peelian.testing.people import People
from surveys.builder.closing import ClosingWorker
from surveys.builder.models import Survey
from surveys.responses.models import Draft, Respondent, SpentToken
from surveys_helpers import (
    Published,
    answers,
    content,
    create,
    outbox,
    publish,
    refusal,
    respond,
    survey_body,
    take_token,
)

pytestmark = pytest.mark.integration


def with_question(**question: Any) -> dict[str, Any]:
    """The test content with one more question at the end."""
    body = content()
    body["sections"][-1]["questions"].append({"text": {"en": "A new question"}, **question})
    return body


async def test_a_draft_is_not_found_at_its_link_until_published(
    client: httpx.AsyncClient, people: People
) -> None:
    officer = people.officer()
    made = await create(client, officer)
    assert (made["status"], made["current_version"], made["draft_version"]) == ("draft", 0, 1)
    assert made["link"] == f"/survey-links/{made['slug']}"
    assert (made["title"], made["responses"]) == ("Your safety on campus", 0)

    assert refusal(await client.get(made["link"]))[:2] == (404, "survey_not_found")
    published = await client.post(f"/surveys/{made['id']}/publish", headers=officer)
    assert published.status_code == 200, published.text
    assert (published.json()["status"], published.json()["current_version"]) == ("published", 1)
    assert (await client.get(made["link"])).json()["open"] is True


async def test_publishing_writes_survey_published_for_the_audience(
    client: httpx.AsyncClient, people: People, surveys_database_url: str
) -> None:
    officer_id = uuid.uuid4()
    survey = await publish(client, people.officer(officer_id))
    [(event, data)] = await outbox(surveys_database_url, survey.id)
    assert event == "org.peelian.survey.published.v1"
    assert data | {"opens_at": None, "closes_at": None} == {
        "survey_id": survey.id,
        "version": 1,
        "published_by": str(officer_id),
        "title": "Your safety on campus",
        "description": "Tell us what worries you and how to reach you.",
        "language": "en",
        "audience": "areas",
        "areas": ["campus"],
        "topics": ["personal-safety"],
        "account_ids": [],
        "path": survey.link,
        "opens_at": None,
        "closes_at": None,
    }


async def test_a_draft_version_is_edited_in_place_and_a_published_one_is_refused(
    client: httpx.AsyncClient, people: People
) -> None:
    officer = people.officer()
    made = await create(client, officer)
    versions = f"/surveys/{made['id']}/versions"
    edited = await client.put(
        f"{versions}/1", json=content(title={"en": "Edited"}), headers=officer
    )
    assert edited.status_code == 200, edited.text
    assert edited.json()["content"]["title"] == {"en": "Edited"}
    assert edited.json()["published"] is False
    await client.post(f"/surveys/{made['id']}/publish", headers=officer)

    refused = await client.put(f"{versions}/1", json=content(), headers=officer)
    assert refusal(refused)[:2] == (409, "version_published")
    assert refused.json()["detail"]["context"] == {"version": 1, "next": 2}
    assert (await client.get(f"{versions}/1", headers=officer)).json()["content"]["title"] == {
        "en": "Edited"
    }


async def test_editing_a_published_survey_makes_a_new_version_and_responses_keep_theirs(
    client: httpx.AsyncClient, people: People, surveys_database_url: str
) -> None:
    survey = await publish(client, people.officer())
    officer = survey.officer
    assert (await respond(client, survey, people.citizen(), answers())).status_code == 201
    versions = f"/surveys/{survey.id}/versions"

    second = await client.post(
        versions, json=with_question(id="walk", kind="single_choice", options=[
            {"value": "yes", "label": {"en": "Yes"}}, {"value": "no", "label": {"en": "No"}},
        ]), headers=officer,
    )  # fmt: skip
    assert second.status_code == 201, second.text
    assert (second.json()["number"], second.json()["published"]) == (2, False)
    assert refusal(await client.post(versions, json=content(), headers=officer))[:2] == (
        409,
        "invalid_survey_state",
    )
    assert (await client.get(survey.link)).json()["version"] == 1
    read = (await client.get(f"/surveys/{survey.id}", headers=officer)).json()
    assert (read["current_version"], read["draft_version"]) == (1, 2)

    published = await client.post(f"/surveys/{survey.id}/publish", headers=officer)
    assert published.json()["current_version"] == 2
    assert (await client.get(survey.link)).json()["version"] == 2
    given = answers(walk="no")
    assert (await respond(client, survey, people.citizen(), given)).status_code == 201
    events = await outbox(surveys_database_url, survey.id)
    assert [(e, d["version"]) for e, d in events if e.endswith("published.v1")] == [
        ("org.peelian.survey.published.v1", 1),
        ("org.peelian.survey.published.v1", 2),
    ]
    assert [d["version"] for e, d in events if e.endswith("response_submitted.v1")] == [1, 2]
    export = await client.get(f"/surveys/{survey.id}/export.json", headers=officer)
    assert sorted(r["version"] for r in export.json()["responses"]) == [1, 2]


async def test_a_question_keeps_its_kind_across_versions(
    client: httpx.AsyncClient, people: People
) -> None:
    survey = await publish(client, people.officer())
    body = content()
    body["sections"][0]["questions"][0] = {
        "id": "year",
        "kind": "number",
        "text": {"en": "Which year?"},
    }
    refused = await client.post(f"/surveys/{survey.id}/versions", json=body, headers=survey.officer)
    assert refusal(refused) == (400, "question_kind_changed", "year")
    assert refused.json()["detail"]["context"] | {"question": "year"} == {
        "question": "year",
        "was": "single_choice",
        "now": "number",
    }


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"areas": []}, "invalid_distribution"),
        ({"audience": "citizens"}, "invalid_distribution"),  # areas left for another audience
        ({"areas": ["campus", "atlantis"]}, "unknown_area"),
        ({"audience": "accounts", "areas": [], "topics": []}, "invalid_distribution"),
        ({"audience": "public", "areas": [], "topics": ["nightlife"]}, "invalid_distribution"),
        (
            {"closes_at": (datetime.now(UTC) - timedelta(hours=1)).isoformat()},
            "invalid_distribution",
        ),
        (
            {
                "opens_at": (datetime.now(UTC) + timedelta(days=3)).isoformat(),
                "closes_at": (datetime.now(UTC) + timedelta(days=2)).isoformat(),
            },
            "invalid_distribution",
        ),
    ],
)
async def test_a_distribution_that_does_not_fit_together_is_refused(
    client: httpx.AsyncClient, people: People, overrides: dict[str, Any], error: str
) -> None:
    response = await client.post(
        "/surveys", json=survey_body(**overrides), headers=people.officer()
    )
    assert refusal(response)[:2] == (400, error)


async def test_content_that_breaks_a_rule_is_a_validation_error(
    client: httpx.AsyncClient, people: People
) -> None:
    body = survey_body(content=content(title={"cy": "Dim Saesneg"}))
    response = await client.post("/surveys", json=body, headers=people.officer())
    assert response.status_code == 422
    assert "has no 'en' version" in response.text


async def test_once_published_only_the_closing_time_changes(
    client: httpx.AsyncClient, people: People
) -> None:
    officer = people.officer()
    made = await create(client, officer)
    path = f"/surveys/{made['id']}"
    changed = await client.patch(
        path, json={"audience": "citizens", "areas": [], "anonymous": False}, headers=officer
    )
    assert changed.status_code == 200, changed.text
    assert (changed.json()["audience"], changed.json()["anonymous"]) == ("citizens", False)
    await client.post(f"{path}/publish", headers=officer)

    later = (datetime.now(UTC) + timedelta(days=30)).isoformat()
    extended = await client.patch(path, json={"closes_at": later}, headers=officer)
    assert extended.status_code == 200, extended.text
    refused = await client.patch(path, json={"anonymous": True}, headers=officer)
    assert refusal(refused)[:2] == (409, "invalid_survey_state")
    assert refused.json()["detail"]["context"] == {"fields": ["anonymous"]}


async def test_closing_stops_responses_forgets_tokens_and_says_how_many_answered(
    client: httpx.AsyncClient, people: People, surveys_database_url: str, database: Database
) -> None:
    officer_id = uuid.uuid4()
    survey = await publish(client, people.officer(officer_id))
    assert (await respond(client, survey, people.citizen(), answers())).status_code == 201
    token = await take_token(client, survey, people.citizen())
    saved = await client.put(
        f"{survey.link}/draft", json={"token": token, "answers": {"year": "third"}}
    )
    assert saved.status_code == 200, saved.text

    closed = await client.post(f"/surveys/{survey.id}/close", headers=survey.officer)
    assert (closed.json()["status"], closed.json()["responses"]) == ("closed", 1)
    assert refusal(await client.post(f"/surveys/{survey.id}/close", headers=survey.officer))[
        :2
    ] == (409, "invalid_survey_state")
    _, data = (await outbox(surveys_database_url, survey.id))[-1]
    assert (data["closed_by"], data["responses"], data["version"]) == (str(officer_id), 1, 1)
    async with database.sessionmaker() as session:
        for table in (Draft, Respondent, SpentToken):
            count = select(func.count()).where(table.survey_id == uuid.UUID(survey.id))
            assert await session.scalar(count) == 0, table.__tablename__
    form = (await client.get(survey.link)).json()
    assert (form["status"], form["open"]) == ("closed", False)


async def test_the_worker_closes_surveys_whose_time_has_come(
    client: httpx.AsyncClient, people: People, surveys_database_url: str, database: Database
) -> None:
    due, later = await publish(client, people.officer()), await publish(client, people.officer())
    # Time passes for the first survey: its closing time is moved into the past.
    async with database.sessionmaker.begin() as session:
        await session.execute(
            update(Survey)
            .where(Survey.id == uuid.UUID(due.id))
            .values(closes_at=datetime.now(UTC) - timedelta(seconds=1))
        )
    assert refusal(await client.post(f"{due.link}/token", headers=people.citizen()))[:2] == (
        409,
        "survey_closed",
    )

    assert await ClosingWorker(database, poll_seconds=1).close_due() >= 1
    event, data = (await outbox(surveys_database_url, due.id))[-1]
    assert (event, data["closed_by"]) == ("org.peelian.survey.closed.v1", None)
    assert (await client.get(f"/surveys/{later.id}", headers=later.officer)).json()[
        "status"
    ] == "published"


async def test_surveys_are_listed_newest_first_by_status(
    client: httpx.AsyncClient, people: People
) -> None:
    officer = people.officer()
    draft = await create(client, officer)
    published: Published = await publish(client, officer)
    assert (await respond(client, published, people.citizen(), answers())).status_code == 201
    # The live version's title is listed, not a newer draft's.
    renamed = content(title={"en": "Renamed in the next version"})
    new = await client.post(f"/surveys/{published.id}/versions", json=renamed, headers=officer)
    assert new.status_code == 201, new.text
    page = await client.get("/surveys", params={"limit": 2}, headers=officer)
    assert [(s["id"], s["title"], s["responses"]) for s in page.json()["items"]] == [
        (published.id, "Your safety on campus", 1),
        (draft["id"], "Your safety on campus", 0),
    ]
    drafts = await client.get("/surveys", params={"status": "draft", "limit": 100}, headers=officer)
    ids = {s["id"] for s in drafts.json()["items"]}
    assert draft["id"] in ids
    assert published.id not in ids
