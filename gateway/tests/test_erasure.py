"""Erasing an account: the gateway forgets the person and account.erased reaches Kafka, so that
every service erases or anonymises their data."""

from __future__ import annotations

from typing import Any

import pytest

from gateway.main import create_app
from gateway_helpers import STRONG_PASSWORD, bearer
from peelian.events.envelope import CloudEvent
from peelian.testing.infra import Infra
from peelian.testing.kafka import read_topic
from peelian.testing.plugin import app_client

pytestmark = pytest.mark.integration


async def test_erasure_removes_the_account_and_publishes_account_erased(
    gateway_settings: Any, infra: Infra, sign_up: Any
) -> None:
    # Workers on: the outbox relay publishes what the erasure wrote.
    async with app_client(create_app(gateway_settings(run_workers=True))) as client:
        account, tokens = await sign_up(client)

        wrong = await client.post(
            "/accounts/me/erase", headers=bearer(tokens), json={"password": "not-mine"}
        )
        assert wrong.status_code == 403
        assert (await client.get("/accounts/me", headers=bearer(tokens))).status_code == 200

        erased = await client.post(
            "/accounts/me/erase", headers=bearer(tokens), json={"password": STRONG_PASSWORD}
        )
        assert erased.status_code == 204
        assert (await client.get("/accounts/me", headers=bearer(tokens))).status_code == 404
        signin = await client.post(
            "/auth/token",
            data={
                "grant_type": "password",
                "username": account["email"],
                "password": STRONG_PASSWORD,
            },
        )
        assert signin.status_code == 400
        refresh = await client.post(
            "/auth/token",
            data={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]},
        )
        assert refresh.status_code == 400
        # The email is free again: a new registration is a new person.
        again = await client.post(
            "/accounts",
            json={"email": account["email"], "password": STRONG_PASSWORD, "display_name": "New"},
        )
        assert again.status_code == 201
        assert again.json()["id"] != account["id"]

        records = await read_topic(
            infra.kafka_bootstrap, "gateway.account", until=1, subjects={account["id"]}, timeout=30
        )
    events = [CloudEvent.from_json(r.value) for r in records]
    erased_events = [e for e in events if e.subject == account["id"]]
    assert len(erased_events) == 1
    event = erased_events[0]
    assert event.type == "org.peelian.account.erased.v1"
    assert event.data == {"account_id": account["id"]}
    assert event.source == "/peelian/gateway"
