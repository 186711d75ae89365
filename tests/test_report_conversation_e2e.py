"""End to end across services: an anonymous student reports through the gateway; reporting's
outbox publishes report.submitted to Kafka; messaging's consumer opens a conversation; an
officer replies and the student answers with nothing but their reporter key's token. Then a
warning to the campus reaches the subscribed student, who acknowledges it, and the officer
sees the reach. Real processes' worth of parts: gateway, reporting and messaging apps on real
ports, their relays and consumers running, the real PostgreSQL, Kafka and MinIO."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator
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
    reporting_settings,
    staff,
)
from gateway.main import create_app as create_gateway
from messaging.config import MessagingSettings
from messaging.main import create_app as create_messaging
from messaging.seed import seed as seed_messaging
from peelian.testing.infra import Infra
from peelian.testing.plugin import CreateDatabase
from peelian.testing.serve import bound_socket, serve
from reporting.main import create_app as create_reporting
from reporting.seed import seed as seed_reporting

pytestmark = pytest.mark.integration

ADMIN_EMAIL = "e2e-admin@police.example"
PASSWORD = "amber-kettle-violin-42"


@pytest.fixture
async def gateway_url(
    infra: Infra, create_database: CreateDatabase, service_env: dict[str, Any]
) -> AsyncIterator[str]:
    gateway_socket = bound_socket()
    common = behind_gateway(service_env, gateway_socket)
    suffix = uuid.uuid4().hex[:8]
    reporting = await reporting_settings(infra, create_database, common, suffix)
    messaging = await app_settings(MessagingSettings, "messaging", create_database, common, suffix)
    await seed_reporting(reporting, samples=False)
    await seed_messaging(messaging, samples=False)
    async with contextlib.AsyncExitStack() as stack:
        reporting_url = await stack.enter_async_context(serve(create_reporting(reporting)))
        messaging_url = await stack.enter_async_context(serve(create_messaging(messaging)))
        gateway = create_gateway(
            gateway_settings(
                infra,
                await create_database("e2e_gateway", alembic_ini("gateway")),
                {"reporting": reporting_url, "messaging": messaging_url},
                first_admin_email=ADMIN_EMAIL,
                first_admin_password=PASSWORD,
            )
        )
        yield await stack.enter_async_context(serve(gateway, sock=gateway_socket))


async def test_an_anonymous_report_opens_a_conversation_and_a_warning_reaches_its_area(
    gateway_url: str,
) -> None:
    async with httpx.AsyncClient(base_url=gateway_url, timeout=30) as client:
        admin_token = await client.post(
            "/auth/token",
            data={"grant_type": "password", "username": ADMIN_EMAIL, "password": PASSWORD},
        )
        admin = bearer(admin_token.json()["access_token"])
        officer = await staff(client, admin, "officer")
        supervisor = await staff(client, admin, "supervisor")

        # An anonymous student: a reporter key, a subscription to the campus, and a report.
        anonymous = (await client.post("/auth/anonymous")).json()
        student = bearer(anonymous["access_token"])
        subscribed = await client.put(
            "/subscriptions/me", json={"areas": ["campus"]}, headers=student
        )
        assert subscribed.status_code == 200, subscribed.text
        report = await client.post(
            "/reports",
            json={
                "category": "drugs",
                "kind": "intelligence",
                "description": "Dealing from a grey hatchback behind the library most nights.",
                "occurred_at": "2026-11-20T22:00:00Z",
                "latitude": 51.4889,
                "longitude": -3.1787,
                "contact_consent": True,
            },
            headers=student,
        )
        assert report.status_code == 201, report.text
        assert report.json()["anonymity"] == "anonymous"

        async def opened() -> Any:
            mine = (await client.get("/conversations", headers=student)).json()
            return mine["items"][0] if mine["items"] else None

        conversation = await eventually(opened)
        cid = conversation["id"]
        assert conversation["report_id"] == report.json()["id"]
        reply = await client.post(
            f"/conversations/{cid}/messages",
            json={"text": "Thank you. Which nights did you see the car?"},
            headers=officer,
        )
        assert reply.status_code == 201, reply.text
        answer = await client.post(
            f"/conversations/{cid}/messages",
            json={"text": "Thursdays and Fridays, after 10pm."},
            headers=student,
        )
        assert answer.status_code == 201, answer.text
        thread = (await client.get(f"/conversations/{cid}", headers=officer)).json()
        assert [m["body"] for m in thread["messages"]][-2:] == [
            "Thank you. Which nights did you see the car?",
            "Thursdays and Fridays, after 10pm.",
        ]
        assert thread["citizen_anonymous"] is True

        # A warning to the campus: approved, fanned out, acknowledged, counted.
        draft = await client.post(
            "/publications",
            json={
                "kind": "warning",
                "severity": "advisory",
                "areas": ["campus"],
                "requires_acknowledgement": True,
                "translations": [
                    {
                        "language": "en",
                        "title": "Drug dealing near the library",
                        "body": "Report what you see; do not approach the car.",
                    }
                ],
            },
            headers=officer,
        )
        pid = draft.json()["id"]
        await client.post(f"/publications/{pid}/publish", headers=officer)
        approved = await client.post(f"/publications/{pid}/approve", headers=supervisor)
        assert approved.json()["status"] == "published"

        async def delivered() -> Any:
            inbox = (await client.get("/inbox", headers=student)).json()["items"]
            return next((e for e in inbox if e["publication"]["id"] == pid), None)

        await eventually(delivered)
        acknowledged = await client.post(
            f"/inbox/{pid}/acknowledge", json={"response": "seen"}, headers=student
        )
        assert acknowledged.json()["state"] == "acknowledged"
        reach = (await client.get(f"/publications/{pid}/reach", headers=officer)).json()
        assert reach["total"] == {"area": None, "delivered": 1, "read": 1, "acknowledged": 1}
