"""Answering: reading a survey by its link, the one response token, saving and resuming,
submitting once; every bad input is a typed 4xx naming the offending question."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from peelian.testing.people import People
from surveys_helpers import (
    Published,
    answers,
    create,
    publish,
    refusal,
    respond,
    submit,
    take_token,
)

pytestmark = pytest.mark.integration


async def test_anyone_with_the_link_reads_the_survey_in_their_language(
    client: httpx.AsyncClient, survey: Published
) -> None:
    welsh = (await client.get(survey.link, params={"lang": "cy-GB"})).json()
    assert (welsh["language"], welsh["languages"]) == ("cy", ["en", "cy"])
    assert welsh["title"] == "Eich diogelwch ar y campws"
    [about, concerns] = welsh["sections"]
    assert (about["title"], about["questions"][0]["text"]) == ("Amdanoch chi", "Ym mha flwyddyn?")
    # Texts without a Welsh version fall back to English.
    assert concerns["title"] == "Your concerns"
    reported = concerns["questions"][4]
    assert reported["show_if"] == {"question": "victim", "any_of": ["yes"]}
    assert [o["value"] for o in reported["options"]] == ["yes", "no"]
    nights = concerns["questions"][6]
    assert (nights["min"], nights["max"], nights["integer"], nights["options"]) == (
        0,
        7,
        True,
        None,
    )
    assert (welsh["open"], welsh["anonymous"], welsh["results_public"]) == (True, True, False)


async def test_a_citizen_or_an_anonymous_reporter_takes_one_token_and_answers_once(
    client: httpx.AsyncClient, survey: Published, people: People
) -> None:
    for who in (people.citizen(), people.anonymous()):
        token = await take_token(client, survey, who)
        assert token.startswith("srt_")
        again = await client.post(f"{survey.link}/token", headers=who)
        assert refusal(again)[:2] == (409, "token_already_issued")

        received = await submit(client, survey, token, answers())
        assert received.status_code == 201, received.text
        assert received.json() == {"survey_id": survey.id, "version": 1, "anonymous": True}
        second = await submit(client, survey, token, answers(year="second"))
        assert refusal(second)[:2] == (409, "already_responded")


async def test_a_token_used_twice_at_once_records_one_response(
    client: httpx.AsyncClient, survey: Published, people: People
) -> None:
    token = await take_token(client, survey, people.citizen())
    first, second = await asyncio.gather(
        submit(client, survey, token, answers()), submit(client, survey, token, answers())
    )
    assert sorted([first.status_code, second.status_code]) == [201, 409]
    read = await client.get(f"/surveys/{survey.id}", headers=survey.officer)
    assert read.json()["responses"] == 1


async def test_who_may_take_a_token(client: httpx.AsyncClient, people: People) -> None:
    survey = await publish(client, people.officer())
    assert refusal(await client.post(f"{survey.link}/token"))[:2] == (401, "unauthorized")
    for staff in (people.officer(), people.partner()):
        refused = await client.post(f"{survey.link}/token", headers=staff)
        assert refusal(refused)[:2] == (403, "respondents_only")


async def test_a_survey_for_a_list_of_accounts_takes_only_them(
    client: httpx.AsyncClient, people: People
) -> None:
    listed = uuid.uuid4()
    survey = await publish(
        client,
        people.officer(),
        audience="accounts",
        areas=[],
        topics=[],
        account_ids=[str(listed)],
    )
    assert (await respond(client, survey, people.citizen(listed), answers())).status_code == 201
    other = await client.post(f"{survey.link}/token", headers=people.citizen())
    assert refusal(other)[:2] == (403, "not_in_audience")


async def test_an_identified_survey_records_who_answered_once(
    client: httpx.AsyncClient, people: People
) -> None:
    survey = await publish(client, people.officer(), anonymous=False)
    person = uuid.uuid4()
    who = people.citizen(person)
    refused = await client.post(f"{survey.link}/token", headers=people.anonymous())
    assert refusal(refused)[:2] == (403, "sign_in_required")

    lost = await take_token(client, survey, who)
    # A lost token is issued again while the person has not answered (they are known).
    token = await take_token(client, survey, who)
    assert refusal(await submit(client, survey, token, answers()))[:2] == (401, "unauthorized")
    assert (await submit(client, survey, token, answers(), who)).status_code == 201

    assert refusal(await submit(client, survey, lost, answers(), who))[:2] == (
        409,
        "already_responded",
    )
    assert refusal(await client.post(f"{survey.link}/token", headers=who))[:2] == (
        409,
        "already_responded",
    )
    export = await client.get(f"/surveys/{survey.id}/export.json", headers=survey.officer)
    assert [r["respondent_id"] for r in export.json()["responses"]] == [str(person)]


async def test_a_partial_response_is_saved_resumed_and_gone_once_submitted(
    client: httpx.AsyncClient, survey: Published, people: People
) -> None:
    token = await take_token(client, survey, people.anonymous())
    draft = f"{survey.link}/draft"
    resume = f"{survey.link}/resume"
    assert refusal(await client.post(resume, json={"token": token}))[:2] == (
        404,
        "draft_not_found",
    )
    saved = await client.put(draft, json={"token": token, "answers": {"year": "second"}})
    assert saved.json() == {"version": 1, "current_version": 1, "answers": {"year": "second"}}
    partial = {"year": "third", "victim": "no", "comments": " Later. "}
    await client.put(draft, json={"token": token, "answers": partial})

    resumed = (await client.post(resume, json={"token": token})).json()
    assert resumed["answers"] == partial | {"comments": "Later."}
    refused = await client.put(draft, json={"token": token, "answers": {"year": "fifth"}})
    assert refusal(refused) == (400, "unknown_option", "year")

    given = resumed["answers"] | answers(victim="no", reported=None, when=None)
    assert (await submit(client, survey, token, given)).status_code == 201
    assert refusal(await client.post(resume, json={"token": token}))[:2] == (
        409,
        "already_responded",
    )


async def test_a_token_of_another_survey_or_made_up_is_refused(
    client: httpx.AsyncClient, survey: Published, people: People
) -> None:
    other = await publish(client, people.officer())
    token = await take_token(client, other, people.citizen())
    made_up = "srt_" + "A" * 43
    for bad in (token, made_up):
        assert refusal(await submit(client, survey, bad, answers()))[:2] == (
            403,
            "invalid_response_token",
        )
        resumed = await client.post(f"{survey.link}/resume", json={"token": bad})
        assert refusal(resumed)[:2] == (403, "invalid_response_token")


# --- item 6: every bad input is a typed 4xx naming the offending question ---


async def refused(
    client: httpx.AsyncClient, survey: Published, people: People, given: dict[str, Any]
) -> tuple[int, str, str | None]:
    token = await take_token(client, survey, people.anonymous())
    return refusal(await submit(client, survey, token, given))


async def test_an_answer_of_the_wrong_type_is_refused_naming_the_question(
    client: httpx.AsyncClient, survey: Published, people: People
) -> None:
    assert await refused(client, survey, people, answers(confidence="four")) == (
        400,
        "invalid_answer",
        "confidence",
    )


async def test_an_option_not_in_the_question_is_refused_naming_the_question(
    client: httpx.AsyncClient, survey: Published, people: People
) -> None:
    assert await refused(client, survey, people, answers(concerns=["theft", "aliens"])) == (
        400,
        "unknown_option",
        "concerns",
    )


async def test_a_missing_required_answer_is_refused_naming_the_question(
    client: httpx.AsyncClient, survey: Published, people: People
) -> None:
    assert await refused(client, survey, people, answers(safe=None)) == (
        400,
        "missing_answer",
        "safe",
    )


async def test_an_answer_to_a_hidden_conditional_question_is_refused_naming_it(
    client: httpx.AsyncClient, survey: Published, people: People
) -> None:
    given = answers(victim="no", when=None)  # "reported" is only asked of victims
    assert await refused(client, survey, people, given) == (
        400,
        "hidden_question_answered",
        "reported",
    )


async def test_an_answer_to_a_question_the_version_does_not_ask_is_refused_naming_it(
    client: httpx.AsyncClient, survey: Published, people: People
) -> None:
    assert await refused(client, survey, people, answers(favourite_colour="blue")) == (
        400,
        "unknown_question",
        "favourite_colour",
    )


async def test_a_response_to_a_closed_survey_is_refused(
    client: httpx.AsyncClient, survey: Published, people: People
) -> None:
    token = await take_token(client, survey, people.citizen())
    await client.post(f"/surveys/{survey.id}/close", headers=survey.officer)
    assert refusal(await submit(client, survey, token, answers()))[:2] == (409, "survey_closed")
    assert refusal(await client.post(f"{survey.link}/token", headers=people.citizen()))[:2] == (
        409,
        "survey_closed",
    )


async def test_a_response_to_an_unpublished_survey_is_refused(
    client: httpx.AsyncClient, people: People
) -> None:
    made = await create(client, people.officer())
    draft = Published(made["id"], made["slug"], {})
    assert refusal(await client.post(f"{draft.link}/token", headers=people.citizen())) == (
        409,
        "survey_not_open",
        None,
    )
    assert refusal(await submit(client, draft, "srt_" + "A" * 43, answers()))[:2] == (
        409,
        "survey_not_open",
    )


async def test_a_response_before_the_survey_opens_is_refused(
    client: httpx.AsyncClient, people: People
) -> None:
    opens = datetime.now(UTC) + timedelta(days=1)
    survey = await publish(client, people.officer(), opens_at=opens.isoformat())
    assert (await client.get(survey.link)).json()["open"] is False
    response = await client.post(f"{survey.link}/token", headers=people.citizen())
    assert refusal(response)[:2] == (409, "survey_not_open")
    assert response.json()["detail"]["context"]["opens_at"] == opens.isoformat()


async def test_a_second_response_is_a_conflict(
    client: httpx.AsyncClient, survey: Published, people: People
) -> None:
    token = await take_token(client, survey, people.citizen())
    assert (await submit(client, survey, token, answers())).status_code == 201
    assert refusal(await submit(client, survey, token, answers()))[:2] == (409, "already_responded")


async def test_a_response_keeps_the_published_version_it_answered(
    client: httpx.AsyncClient, survey: Published, people: People
) -> None:
    versions = f"/surveys/{survey.id}/versions"
    await client.post(
        versions,
        json=(await client.get(f"{versions}/1", headers=survey.officer)).json()["content"],
        headers=survey.officer,
    )
    await client.post(f"/surveys/{survey.id}/publish", headers=survey.officer)
    token = await take_token(client, survey, people.citizen())

    stale = await submit(client, survey, token, answers(), version=3)
    assert refusal(stale)[:2] == (404, "version_not_found")
    assert stale.json()["detail"]["context"] == {"version": 3, "current_version": 2}
    kept = await submit(client, survey, token, answers(), version=1)
    assert kept.json()["version"] == 1
