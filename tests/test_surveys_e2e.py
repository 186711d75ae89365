"""End to end across services: an officer builds a survey and publishes it to the campus through
the gateway; the surveys service's outbox publishes survey.published to Kafka and messaging's
consumer puts a "Have your say" item in a campus subscriber's inbox; students answer through
the public link, signed in or with anonymous reporter keys, submitting with nothing but their
response token; the officer reads correct live results (small breakdowns suppressed), exports
the CSV and closes the survey. Real parts: gateway, surveys and messaging apps on real ports
with their relays, consumers and fan-out, the real PostgreSQL, Kafka and Redis."""

from __future__ import annotations

import contextlib
import csv
import io
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from e2e_support import (
    alembic_ini,
    app_settings,
    bearer,
    behind_gateway,
    eventually,
    gateway_settings,
    sign_in,
    staff,
)
from gateway.main import create_app as create_gateway
from messaging.config import MessagingSettings
from messaging.main import create_app as create_messaging
from messaging.seed import seed as seed_messaging
from peelian.testing.infra import Infra
from peelian.testing.plugin import CreateDatabase
from peelian.testing.serve import bound_socket, serve
from surveys.config import SurveysSettings
from surveys.main import create_app as create_surveys

pytestmark = pytest.mark.integration

ADMIN_EMAIL = "e2e-surveys-admin@police.example"
PASSWORD = "amber-kettle-violin-42"
TITLE = "Your safety on campus this term"


@pytest.fixture
async def gateway_url(
    infra: Infra, create_database: CreateDatabase, service_env: dict[str, Any]
) -> AsyncIterator[str]:
    gateway_socket = bound_socket()
    common = behind_gateway(service_env, gateway_socket)
    suffix = uuid.uuid4().hex[:8]
    surveys = await app_settings(SurveysSettings, "surveys", create_database, common, suffix)
    messaging = await app_settings(MessagingSettings, "messaging", create_database, common, suffix)
    await seed_messaging(messaging, samples=False)
    async with contextlib.AsyncExitStack() as stack:
        upstreams = {
            "surveys": await stack.enter_async_context(serve(create_surveys(surveys))),
            "messaging": await stack.enter_async_context(serve(create_messaging(messaging))),
        }
        gateway = create_gateway(
            gateway_settings(
                infra,
                await create_database("e2e_gateway", alembic_ini("gateway")),
                upstreams,
                first_admin_email=ADMIN_EMAIL,
                first_admin_password=PASSWORD,
                # Seven students sign up and in from one address within the test.
                rate_limit_auth="1000/60",
            )
        )
        yield await stack.enter_async_context(serve(gateway, sock=gateway_socket))


async def student(client: httpx.AsyncClient, n: int) -> dict[str, str]:
    """A student who registers an account and signs in."""
    email = f"e2e-student{n}-{uuid.uuid4().hex[:6]}@students.example.ac.uk"
    password = f"violet-harbour-{uuid.uuid4().hex[:8]}"
    made = await client.post(
        "/accounts", json={"email": email, "password": password, "display_name": f"Student {n}"}
    )
    assert made.status_code == 201, made.text
    return await sign_in(client, grant_type="password", username=email, password=password)


def survey_body() -> dict[str, Any]:
    def options(*values: str) -> list[dict[str, Any]]:
        return [{"value": v, "label": {"en": v.capitalize()}} for v in values]

    return {
        "audience": "areas",
        "areas": ["campus"],
        "anonymous": True,
        "closes_at": (datetime.now(UTC) + timedelta(days=14)).isoformat(),
        "content": {
            "title": {"en": TITLE},
            "description": {"en": "Five questions about what worries you."},
            "sections": [
                {
                    "title": {"en": "Your concerns"},
                    "questions": [
                        {
                            "id": "concerns",
                            "kind": "multiple_choice",
                            "required": True,
                            "text": {"en": "What worries you most?"},
                            "options": options("theft", "drugs", "damage"),
                        },
                        {
                            "id": "confidence",
                            "kind": "rating",
                            "required": True,
                            "text": {"en": "How confident are you in the police?"},
                        },
                        {
                            "id": "channel",
                            "kind": "single_choice",
                            "required": True,
                            "text": {"en": "How should we reach you?"},
                            "options": options("app", "email", "instagram"),
                        },
                    ],
                }
            ],
        },
    }


# Seven students' answers: four signed in, three with anonymous reporter keys.
ANSWERS = [
    {"concerns": ["theft", "drugs"], "confidence": 4, "channel": "app"},
    {"concerns": ["theft"], "confidence": 5, "channel": "app"},
    {"concerns": ["theft", "drugs"], "confidence": 3, "channel": "app"},
    {"concerns": ["theft", "damage"], "confidence": 4, "channel": "email"},
    {"concerns": ["theft", "drugs"], "confidence": 2, "channel": "instagram"},
    {"concerns": ["theft", "drugs"], "confidence": 4, "channel": "app"},
    {"concerns": ["theft", "drugs", "damage"], "confidence": 5, "channel": "app"},
]


async def test_an_officer_surveys_the_campus_and_reads_live_results(gateway_url: str) -> None:
    async with httpx.AsyncClient(base_url=gateway_url, timeout=30) as client:
        admin = await sign_in(
            client, grant_type="password", username=ADMIN_EMAIL, password=PASSWORD
        )
        officer = await staff(client, admin, "officer")
        students = [await student(client, n) for n in range(4)]
        for _ in range(3):
            key = await client.post("/auth/anonymous")
            students.append(bearer(key.json()["access_token"]))
        subscribed = await client.put(
            "/subscriptions/me", json={"areas": ["campus"]}, headers=students[0]
        )
        assert subscribed.status_code == 200, subscribed.text

        created = await client.post("/surveys", json=survey_body(), headers=officer)
        assert created.status_code == 201, created.text
        survey = created.json()
        published = await client.post(f"/surveys/{survey['id']}/publish", headers=officer)
        assert published.json()["status"] == "published"
        # Citizens cannot reach the force's side, not even past the gateway.
        refused = await client.get(f"/surveys/{survey['id']}/results", headers=students[0])
        assert refused.status_code == 403

        # Messaging heard survey.published and asked the campus's subscribers.
        async def announced() -> Any:
            inbox = (await client.get("/inbox", headers=students[0])).json()["items"]
            # (Other runs' surveys may be announced too: the topic is shared.)
            return next(
                (e for e in inbox if e["publication"]["body"].endswith(survey["link"])), None
            )

        item = (await eventually(announced))["publication"]
        assert (item["kind"], item["title"]) == ("survey", f"Have your say: {TITLE}")

        for who, given in zip(students, ANSWERS, strict=True):
            form = await client.get(survey["link"])  # no token needed to read it
            assert form.json()["title"] == TITLE
            token = await client.post(f"{survey['link']}/token", headers=who)
            assert token.status_code == 201, token.text
            # Submitted with the response token alone: no bearer token, no identity.
            answered = await client.post(
                f"{survey['link']}/responses",
                json={"token": token.json()["token"], "answers": given},
            )
            assert answered.status_code == 201, answered.text
        again = await client.post(f"{survey['link']}/token", headers=students[4])
        assert again.status_code == 409

        results = await client.get(f"/surveys/{survey['id']}/results", headers=officer)
        assert results.status_code == 200, results.text
        assert results.json()["responses"] == 7
        questions = {q["question"]: q for q in results.json()["questions"]}
        assert {o["value"]: o["count"] for o in questions["concerns"]["options"]} == {
            "theft": 7,
            "drugs": 5,
            "damage": None,  # two: suppressed
        }
        assert questions["confidence"]["mean"] == round(27 / 7, 2)
        assert questions["confidence"]["median"] == 4.0
        channels = {o["value"]: o["count"] for o in questions["channel"]["options"]}
        # One each by email and Instagram: suppressed (and so each other's complement).
        assert channels == {"app": 5, "email": None, "instagram": None}

        exported = await client.get(f"/surveys/{survey['id']}/export.csv", headers=officer)
        assert exported.status_code == 200, exported.text
        assert exported.headers["content-type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(exported.text)))
        assert list(rows[0]) == [
            "response_id", "version", "submitted_on", "respondent_id",
            "concerns", "confidence", "channel",
        ]  # fmt: skip
        assert sorted(r["concerns"] for r in rows) == sorted(
            ";".join(a["concerns"]) for a in ANSWERS
        )
        assert {r["respondent_id"] for r in rows} == {""}

        closed = await client.post(f"/surveys/{survey['id']}/close", headers=officer)
        assert closed.json()["status"] == "closed"
        late = await client.post(f"{survey['link']}/token", headers=students[0])
        assert late.status_code == 409
