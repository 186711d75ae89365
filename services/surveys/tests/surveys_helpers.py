"""Helpers of the surveys tests: a survey asking every kind of question, valid answers, taking
tokens and responding, reading the outbox and every table."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import orjson

from peelian.app import asyncpg_dsn
from surveys.config import SurveysSettings

SurveysSettingsFactory = Callable[..., SurveysSettings]
ALEMBIC_INI = Path(__file__).resolve().parent.parent / "alembic.ini"

# Inside both the campus and Park Place (the reference areas overlap there), and nowhere.
CAMPUS = {"latitude": 51.4885, "longitude": -3.1790}
CATHAYS = {"latitude": 51.4960, "longitude": -3.1800}
NOWHERE = {"latitude": 51.4500, "longitude": -3.3000}


def _options(*values: str) -> list[dict[str, Any]]:
    return [{"value": v, "label": {"en": v.replace("-", " ").capitalize()}} for v in values]


def content(**overrides: Any) -> dict[str, Any]:
    """Two sections asking every kind of question; ``reported`` and ``when`` only of victims."""
    body: dict[str, Any] = {
        "default_language": "en",
        "title": {"en": "Your safety on campus", "cy": "Eich diogelwch ar y campws"},
        "description": {"en": "Tell us what worries you and how to reach you."},
        "sections": [
            {
                "title": {"en": "About you", "cy": "Amdanoch chi"},
                "questions": [
                    {
                        "id": "year",
                        "kind": "single_choice",
                        "required": True,
                        "text": {"en": "Which year are you in?", "cy": "Ym mha flwyddyn?"},
                        "options": _options("first", "second", "third", "postgraduate"),
                    },
                    {
                        "id": "home",
                        "kind": "location",
                        "text": {"en": "Where do you live? (a pin on the map)"},
                    },
                ],
            },
            {
                "title": {"en": "Your concerns"},
                "questions": [
                    {
                        "id": "concerns",
                        "kind": "multiple_choice",
                        "required": True,
                        "max_choices": 3,
                        "text": {"en": "What worries you most?"},
                        "options": _options("theft", "drugs", "damage", "asb", "violence"),
                    },
                    {
                        "id": "safe",
                        "kind": "likert",
                        "required": True,
                        "text": {"en": "How safe do you feel after dark?"},
                        "options": _options(
                            "very-unsafe", "unsafe", "neutral", "safe", "very-safe"
                        ),
                    },
                    {
                        "id": "confidence",
                        "kind": "rating",
                        "required": True,
                        "text": {"en": "How confident are you in the police?"},
                    },
                    {
                        "id": "victim",
                        "kind": "single_choice",
                        "required": True,
                        "text": {"en": "Have you been a victim of crime here?"},
                        "options": _options("yes", "no"),
                    },
                    {
                        "id": "reported",
                        "kind": "single_choice",
                        "required": True,
                        "show_if": {"question": "victim", "any_of": ["yes"]},
                        "text": {"en": "Did you report it?"},
                        "options": _options("yes", "no"),
                    },
                    {
                        "id": "when",
                        "kind": "date",
                        "show_if": {"question": "victim", "any_of": ["yes"]},
                        "earliest": "2020-01-01",
                        "text": {"en": "When did it happen?"},
                    },
                    {
                        "id": "nights",
                        "kind": "number",
                        "integer": True,
                        "min": 0,
                        "max": 7,
                        "text": {"en": "How many nights a week do you go out?"},
                    },
                    {
                        "id": "channels",
                        "kind": "ranking",
                        "text": {"en": "How would you like to hear from us? Best first."},
                        "options": _options("app", "email", "social", "drop-in"),
                    },
                    {"id": "comments", "kind": "text", "text": {"en": "Anything else?"}},
                ],
            },
        ],
    }
    return body | overrides


def survey_body(**overrides: Any) -> dict[str, Any]:
    """An anonymous survey for the campus, closing in two weeks."""
    body: dict[str, Any] = {
        "audience": "areas",
        "areas": ["campus"],
        "topics": ["personal-safety"],
        "anonymous": True,
        "closes_at": (datetime.now(UTC) + timedelta(days=14)).isoformat(),
        "content": content(),
    }
    return body | overrides


def answers(**overrides: Any) -> dict[str, Any]:
    """Every question answered, as a victim who reported it."""
    body: dict[str, Any] = {
        "year": "first",
        "home": CAMPUS,
        "concerns": ["theft", "drugs"],
        "safe": "safe",
        "confidence": 4,
        "victim": "yes",
        "reported": "yes",
        "when": "2026-10-03",
        "nights": 2,
        "channels": ["app", "email", "social", "drop-in"],
        "comments": "More lights by the library, please.",
    }
    return {k: v for k, v in (body | overrides).items() if v is not None}


@dataclass(frozen=True)
class Published:
    id: str
    slug: str
    officer: dict[str, str]

    @property
    def link(self) -> str:
        return f"/survey-links/{self.slug}"


async def create(
    client: httpx.AsyncClient, officer: dict[str, str], **overrides: Any
) -> dict[str, Any]:
    response = await client.post("/surveys", json=survey_body(**overrides), headers=officer)
    assert response.status_code == 201, response.text
    made: dict[str, Any] = response.json()
    return made


async def publish(
    client: httpx.AsyncClient, officer: dict[str, str], **overrides: Any
) -> Published:
    made = await create(client, officer, **overrides)
    published = await client.post(f"/surveys/{made['id']}/publish", headers=officer)
    assert published.status_code == 200, published.text
    return Published(made["id"], made["slug"], officer)


async def take_token(client: httpx.AsyncClient, survey: Published, who: dict[str, str]) -> str:
    response = await client.post(f"{survey.link}/token", headers=who)
    assert response.status_code == 201, response.text
    token: str = response.json()["token"]
    return token


async def submit(
    client: httpx.AsyncClient,
    survey: Published,
    token: str,
    given: dict[str, Any],
    who: dict[str, str] | None = None,
    **extra: Any,
) -> httpx.Response:
    """Submit with ``token``, and with ``who``'s bearer token only if given (an anonymous
    survey needs none)."""
    return await client.post(
        f"{survey.link}/responses",
        json={"token": token, "answers": given, **extra},
        headers=who or {},
    )


async def respond(
    client: httpx.AsyncClient,
    survey: Published,
    who: dict[str, str],
    given: dict[str, Any],
    *,
    identified: bool = False,
) -> httpx.Response:
    """Take ``who``'s token and submit ``given`` (with their bearer token if ``identified``)."""
    token = await take_token(client, survey, who)
    return await submit(client, survey, token, given, who if identified else None)


async def outbox(database_url: str, subject: str) -> list[tuple[str, dict[str, Any]]]:
    """(type, data) of each event written to the outbox about ``subject``, in order."""
    conn = await asyncpg.connect(asyncpg_dsn(database_url))
    try:
        rows = await conn.fetch(
            "SELECT event_type, envelope FROM outbox WHERE key = $1 ORDER BY id", subject
        )
    finally:
        await conn.close()
    return [(r["event_type"], orjson.loads(r["envelope"])["data"]) for r in rows]


async def every_table(database_url: str) -> dict[str, list[str]]:
    """Every row of every table of the database, as text (bytea as hex), by table."""
    conn = await asyncpg.connect(asyncpg_dsn(database_url))
    try:
        tables = await conn.fetch(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
        )
        rows = {}
        for table in tables:
            name = table["table_name"]  # from the catalogue, not from input
            rows[name] = [r[0] for r in await conn.fetch(f'SELECT t::text FROM "{name}" t')]  # noqa: S608
        return rows
    finally:
        await conn.close()


def refusal(response: httpx.Response) -> tuple[int, str, str | None]:
    """(status, error, the question the error names) of an error response."""
    body = response.json()
    context = body["detail"].get("context") or {}
    return response.status_code, body["error"], context.get("question")
