"""Live results: counts, percentages, means, medians, rank scores, areas, cross-tabulations,
suppression of small breakdowns, free text, and the CSV and JSON exports."""

from __future__ import annotations

import csv
import io
import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from peelian.db.engine import Database
from peelian.testing.people import People
from surveys.results.models import AnswerCell, AnswerTally
from surveys_helpers import CAMPUS, CATHAYS, NOWHERE, Published, answers, content, respond

pytestmark = pytest.mark.integration

ORDER = ["app", "email", "social", "drop-in"]
OTHER_ORDER = ["email", "app", "drop-in", "social"]
COMMENTS = ["More lights by the library.", '=HYPERLINK("http://x")', "Bike racks."]


def twelve() -> list[dict[str, Any]]:
    """Six victims (1-6), five of whom reported it, and six others (7-12)."""
    people = []
    for n in range(1, 13):
        victim = n <= 6
        people.append(
            answers(
                year="first" if n <= 6 else "second" if n <= 11 else "third",
                home=CAMPUS if n <= 8 else CATHAYS if n <= 11 else NOWHERE,
                concerns=["theft"]
                + (["drugs"] if n <= 7 else [])
                + (["damage"] if n in (8, 9) else [])
                + (["violence"] if n >= 10 or n <= 2 else []),
                safe="unsafe" if n <= 5 else "safe",
                confidence=3 if victim else 5,
                victim="yes" if victim else "no",
                reported=("yes" if n <= 5 else "no") if victim else None,
                when=("2026-10-03" if n <= 5 else "2026-09-01") if victim else None,
                nights=0 if n <= 3 else 2 if n <= 9 else 7,
                channels=ORDER if n <= 8 else OTHER_ORDER,
                comments=COMMENTS[n - 1] if n <= 3 else None,
            )
        )
    return people


@pytest.fixture
async def answered(client: httpx.AsyncClient, survey: Published, people: People) -> Published:
    for given in twelve():
        response = await respond(client, survey, people.anonymous(), given)
        assert response.status_code == 201, response.text
    return survey


async def results(
    client: httpx.AsyncClient, survey: Published, **params: Any
) -> dict[str, dict[str, Any]]:
    """The results, by question id (and the survey's own figures under "")."""
    response = await client.get(
        f"/surveys/{survey.id}/results", params=params, headers=survey.officer
    )
    assert response.status_code == 200, response.text
    body = response.json()
    return {"": body} | {q["question"]: q for q in body["questions"]}


def counts(question: dict[str, Any]) -> dict[str, tuple[int | None, float | None]]:
    return {o["value"]: (o["count"], o["percent"]) for o in question["options"]}


async def test_live_results_count_and_summarise_every_kind_of_question(
    client: httpx.AsyncClient, answered: Published
) -> None:
    got = await results(client, answered)
    assert (got[""]["responses"], got[""]["suppress_below"]) == (12, 5)
    assert counts(got["concerns"]) == {
        "theft": (12, 100.0),
        "drugs": (7, 58.3),
        "damage": (None, None),  # 2
        "asb": (0, 0.0),
        "violence": (5, 41.7),
    }
    assert counts(got["safe"])["unsafe"] == (5, 41.7)
    assert (got["safe"]["mean"], got["safe"]["median"]) == (3.17, 4.0)
    assert counts(got["confidence"]) == {
        "1": (0, 0.0),
        "2": (0, 0.0),
        "3": (6, 50.0),
        "4": (0, 0.0),
        "5": (6, 50.0),
    }
    assert (got["confidence"]["mean"], got["confidence"]["median"]) == (4.0, 4.0)
    assert (got["nights"]["answered"], got["nights"]["mean"], got["nights"]["median"]) == (
        12,
        2.75,
        2.0,
    )
    assert counts(got["home"]) == {
        "campus": (8, 66.7),
        "cathays": (None, None),
        "park-place": (8, 66.7),
        "city-centre": (0, 0.0),
        "student-village": (0, 0.0),
        "elsewhere": (None, None),
    }
    assert [o["label"] for o in got["home"]["options"]][:2] == ["University campus", "Cathays"]
    ranking = [
        (r["value"], r["score"], r["mean_rank"], r["first"]) for r in got["channels"]["ranking"]
    ]
    assert ranking == [
        ("app", 8 * 4 + 4 * 3, 1.33, 8),
        ("email", 8 * 3 + 4 * 4, 1.67, None),  # first 4 times: suppressed
        ("social", 8 * 2 + 4 * 1, 3.33, 0),
        ("drop-in", 8 * 1 + 4 * 2, 3.67, 0),
    ]
    assert got["comments"]["kind"] == "text"


async def test_small_breakdowns_are_suppressed_and_cannot_be_worked_out(
    client: httpx.AsyncClient, answered: Published
) -> None:
    got = await results(client, answered)
    # Third year: 1 person. Second year (5) goes too, or 12 - 6 - 5 would give it away.
    assert counts(got["year"]) == {
        "first": (6, 50.0),
        "second": (None, None),
        "third": (None, None),
        "postgraduate": (0, 0.0),
    }
    assert [o["suppressed"] for o in got["year"]["options"]] == [False, True, True, False]
    # Six victims: five reported, one did not; neither can be shown.
    assert got["reported"]["answered"] == 6
    assert counts(got["reported"]) == {"yes": (None, None), "no": (None, None)}
    # Three people wrote comments: the question as a whole is suppressed.
    assert (got["comments"]["answered"], got["comments"]["suppressed"]) == (None, True)


async def test_results_cross_tabulate_by_another_question(
    client: httpx.AsyncClient, answered: Published
) -> None:
    got = await results(client, answered, by="victim")
    assert got[""]["by"] == "victim"
    yes, no = got["confidence"]["groups"]
    assert (yes["value"], yes["responses"], yes["mean"]) == ("yes", 6, 3.0)
    assert (no["value"], no["responses"], no["mean"]) == ("no", 6, 5.0)
    assert counts(got["concerns"]["groups"][0]) == {
        "theft": (6, 100.0),
        "drugs": (6, 100.0),
        "damage": (0, 0.0),
        "asb": (0, 0.0),
        "violence": (None, None),
    }

    by_area = await results(client, answered, by="home")
    groups = {g["value"]: g for g in by_area["concerns"]["groups"]}
    assert (groups["campus"]["responses"], counts(groups["campus"])["theft"]) == (8, (8, 100.0))
    # On campus: six first years and two second years; neither count can be shown.
    assert counts(by_area["year"]["groups"][0])["first"] == (None, None)
    assert (groups["cathays"]["responses"], groups["cathays"]["suppressed"]) == (None, True)
    assert groups["city-centre"]["responses"] == 0

    by_year = await results(client, answered, by="year")
    assert [(g["value"], g["responses"]) for g in by_year["safe"]["groups"]] == [
        ("first", 6),
        ("second", None),  # 5, but third year's 1 could be worked out from it
        ("third", None),
        ("postgraduate", 0),
    ]


async def test_results_cannot_be_broken_down_by_free_text(
    client: httpx.AsyncClient, answered: Published
) -> None:
    for by in ("comments", "no-such-question"):
        response = await client.get(
            f"/surveys/{answered.id}/results", params={"by": by}, headers=answered.officer
        )
        assert response.status_code == 400
        assert (response.json()["error"], response.json()["detail"]["context"]) == (
            "invalid_question",
            {"question": by},
        )


async def test_results_of_one_version_or_all(
    client: httpx.AsyncClient, answered: Published, people: People
) -> None:
    body = content()
    body["sections"][0]["questions"].append(
        {"id": "halls", "kind": "text", "text": {"en": "Which halls?"}}
    )
    officer = answered.officer
    await client.post(f"/surveys/{answered.id}/versions", json=body, headers=officer)
    await client.post(f"/surveys/{answered.id}/publish", headers=officer)
    for n in range(5):
        given = answers(halls=f"Hall {n}", confidence=1)
        assert (await respond(client, answered, people.citizen(), given)).status_code == 201

    every = await results(client, answered)
    assert (every[""]["responses"], every["confidence"]["answered"]) == (17, 17)
    assert counts(every["confidence"])["1"] == (5, 29.4)
    second = await results(client, answered, version=2)
    assert (second[""]["responses"], second["halls"]["answered"], second["year"]["answered"]) == (
        5,
        5,
        5,
    )
    first = await results(client, answered, version=1)
    assert (first[""]["responses"], first["halls"]["answered"]) == (12, 0)
    missing = await client.get(
        f"/surveys/{answered.id}/results", params={"version": 3}, headers=officer
    )
    assert missing.json()["error"] == "version_not_found"


async def test_free_text_answers_are_listed_for_officers_page_by_page(
    client: httpx.AsyncClient, answered: Published
) -> None:
    path = f"/surveys/{answered.id}/results/text/comments"
    first = (await client.get(path, params={"limit": 2}, headers=answered.officer)).json()
    rest = await client.get(
        path, params={"limit": 2, "cursor": first["next_cursor"]}, headers=answered.officer
    )
    texts = [a["text"] for a in first["items"] + rest.json()["items"]]
    assert sorted(texts) == sorted(COMMENTS)
    assert rest.json()["next_cursor"] is None
    assert all(a["respondent_id"] is None for a in first["items"])
    refused = await client.get(
        f"/surveys/{answered.id}/results/text/year", headers=answered.officer
    )
    assert (refused.status_code, refused.json()["error"]) == (400, "invalid_question")


async def test_the_csv_export_has_a_stable_column_layout(
    client: httpx.AsyncClient, answered: Published, people: People
) -> None:
    officer = answered.officer
    exported = await client.get(f"/surveys/{answered.id}/export.csv", headers=officer)
    assert exported.headers["content-type"] == "text/csv; charset=utf-8"
    assert "attachment" in exported.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    header = list(rows[0])
    assert header == [
        "response_id", "version", "submitted_on", "respondent_id", "year", "home", "concerns",
        "safe", "confidence", "victim", "reported", "when", "nights", "channels", "comments",
    ]  # fmt: skip
    assert len(rows) == 12
    first = next(r for r in rows if r["comments"] == COMMENTS[0])
    assert {k: first[k] for k in header[4:]} == {
        "year": "first",
        "home": "51.4885,-3.179",
        "concerns": "theft;drugs;violence",
        "safe": "unsafe",
        "confidence": "3",
        "victim": "yes",
        "reported": "yes",
        "when": "2026-10-03",
        "nights": "0",
        "channels": "app>email>social>drop-in",
        "comments": COMMENTS[0],
    }
    assert first["respondent_id"] == ""
    assert first["version"] == "1"
    # A spreadsheet would run this as a formula: it is quoted.
    assert {r["comments"] for r in rows} >= {"'" + COMMENTS[1]}

    body = content()
    body["sections"][0]["questions"].insert(
        0, {"id": "halls", "kind": "text", "text": {"en": "Which halls?"}}
    )
    await client.post(f"/surveys/{answered.id}/versions", json=body, headers=officer)
    await client.post(f"/surveys/{answered.id}/publish", headers=officer)
    await respond(client, answered, people.citizen(), answers(halls="Talybont"))
    again = await client.get(f"/surveys/{answered.id}/export.csv", headers=officer)
    rows = list(csv.DictReader(io.StringIO(again.text)))
    # The new question is asked first but its column comes last: nothing moves.
    assert list(rows[0]) == [*header, "halls"]
    assert [r["halls"] for r in rows if r["version"] == "2"] == ["Talybont"]


async def test_the_json_export_carries_the_questions_and_every_response(
    client: httpx.AsyncClient, answered: Published
) -> None:
    exported = await client.get(f"/surveys/{answered.id}/export.json", headers=answered.officer)
    body = exported.json()
    assert body["columns"][4:] == [q["key"] for q in body["questions"]]
    year = body["questions"][0]
    assert year["text"] == "Which year are you in?"
    assert year["options"][0] == {"value": "first", "label": "First"}
    assert len(body["responses"]) == 12
    sample = body["responses"][0]
    assert set(sample) == {"response_id", "version", "submitted_on", "respondent_id", "answers"}
    assert {tuple(r["answers"]["channels"]) for r in body["responses"]} == {
        tuple(ORDER),
        tuple(OTHER_ORDER),
    }


async def test_tallies_agree_with_counting_every_cell(
    answered: Published, database: Database
) -> None:
    survey_id = uuid.UUID(answered.id)
    async with database.sessionmaker() as session:
        # Summed over the shards each submission picked one of.
        tallies = await session.execute(
            select(
                AnswerTally.question,
                AnswerTally.option,
                AnswerTally.value,
                func.sum(AnswerTally.count),
            )
            .where(AnswerTally.survey_id == survey_id)
            .group_by(AnswerTally.question, AnswerTally.option, AnswerTally.value)
        )
        cells = await session.execute(
            select(AnswerCell.question, AnswerCell.option, AnswerCell.value, func.count())
            .where(AnswerCell.survey_id == survey_id)
            .group_by(AnswerCell.question, AnswerCell.option, AnswerCell.value)
        )
        assert sorted(tuple(r) for r in tallies) == sorted(tuple(r) for r in cells)
