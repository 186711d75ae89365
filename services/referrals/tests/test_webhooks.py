"""Webhooks to partners over real HTTP: signed per Standard Webhooks (verified with the
`standardwebhooks` library, as a partner's receiver would), minimised, retried with back-off
and dead-lettered without holding up other partners, at least once across a restart, replayed
and re-signed after a secret rotation."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from standardwebhooks import Webhook, WebhookVerificationError

from peelian.db.engine import Database
from peelian.testing.people import People
from peelian.testing.plugin import app_client
from referrals.main import create_app
from referrals.webhooks.repository import DeliveryRepository
from referrals_helpers import (
    ACCEPTED,
    CREATED,
    EVERY_EVENT,
    Apply,
    Behaviour,
    Receiver,
    ReferralsSettingsFactory,
    eventually,
    make_partner,
    receiving,
    refer,
    report_submitted,
    running_worker,
)

pytestmark = pytest.mark.integration

AGREEMENT = {"reference": "DSA-WH", "fields": ["category", "description", "areas"]}


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    async with receiving() as r:
        yield r
        for behaviour in r.behaviours.values():
            if behaviour.hold is not None:
                behaviour.hold.set()  # let held requests end, so the server can stop


class Agency:
    """A partner with one webhook endpoint at the receiver (path: the partner's slug)."""

    def __init__(self, partner: dict[str, Any], endpoint: dict[str, Any], headers: dict[str, str]):
        self.id = partner["id"]
        self.slug = partner["slug"]
        self.endpoint = endpoint
        self.secret: str = endpoint["secret"]
        self.headers = headers

    async def deliveries(self, client: httpx.AsyncClient, **filters: Any) -> list[dict[str, Any]]:
        page = await client.get(
            f"/partners/{self.id}/deliveries", params=filters, headers=self.headers
        )
        assert page.status_code == 200, page.text
        return list(page.json()["items"])


async def agency(
    client: httpx.AsyncClient,
    people: People,
    receiver: Receiver,
    *,
    event_types: list[str] = EVERY_EVENT,
    **partner: Any,
) -> Agency:
    made = await make_partner(client, people, **{"agreement": AGREEMENT, **partner})
    headers = people.partner(uuid.UUID(made["id"]))
    endpoint = await client.post(
        f"/partners/{made['id']}/webhooks",
        json={"url": receiver.url(made["slug"]), "event_types": event_types},
        headers=headers,
    )
    assert endpoint.status_code == 201, endpoint.text
    return Agency(made, endpoint.json(), headers)


async def referred(
    client: httpx.AsyncClient, people: People, apply: Apply, *agencies: Agency
) -> list[dict[str, Any]]:
    report = report_submitted()
    await apply(report, report.report_id)
    made = await refer(client, people, report.report_id, *(a.id for a in agencies))
    assert made.status_code == 201, made.text
    return list(made.json())


def verified(secret: str, body: bytes, headers: dict[str, str]) -> dict[str, Any]:
    return dict(Webhook(secret).verify(body, headers))


async def test_a_partner_receives_a_signed_minimised_delivery_of_what_it_subscribed_to(
    client: httpx.AsyncClient,
    people: People,
    apply: Apply,
    receiver: Receiver,
    referrals_settings: ReferralsSettingsFactory,
) -> None:
    team = await agency(client, people, receiver, event_types=[CREATED])
    [referral] = await referred(client, people, apply, team)
    accepted = await client.post(f"/referrals/{referral['id']}/accept", headers=team.headers)
    assert accepted.status_code == 200

    async with running_worker(referrals_settings()):
        [delivered] = await eventually(lambda: _all(team.deliveries(client, status="delivered"), 1))
    [request] = receiver.at(team.slug)
    event = verified(team.secret, request.body, request.headers)
    assert request.headers["content-type"] == "application/cloudevents+json"
    assert request.headers["webhook-id"] == event["id"] == delivered["event_id"]
    assert event["type"] == CREATED, "accepted was not subscribed to"
    assert event["subject"] == referral["id"]
    assert event["specversion"] == "1.0"
    assert set(event["data"]["report"]) <= set(AGREEMENT["fields"])
    assert event["data"]["report"]["description"].startswith("My flatmate")
    with pytest.raises(WebhookVerificationError):
        Webhook(f"whsec_{'A' * 43}=").verify(request.body, request.headers)
    with pytest.raises(WebhookVerificationError):
        verified(team.secret, request.body.replace(b"flatmate", b"neighbour"), request.headers)

    detail = await client.get(
        f"/partners/{team.id}/deliveries/{delivered['id']}", headers=team.headers
    )
    assert detail.json()["attempts"] == 1
    [attempt] = detail.json()["attempts_log"]
    assert attempt["status_code"] == 200


async def _all(deliveries: Any, count: int) -> list[dict[str, Any]] | None:
    found: list[dict[str, Any]] = await deliveries
    return found if len(found) >= count else None


async def test_failing_and_hanging_partners_are_retried_then_dead_lettered(
    client: httpx.AsyncClient,
    people: People,
    apply: Apply,
    receiver: Receiver,
    referrals_settings: ReferralsSettingsFactory,
) -> None:
    failing = await agency(client, people, receiver)
    hanging = await agency(client, people, receiver)
    healthy = await agency(client, people, receiver)
    receiver.behaviours[failing.slug] = Behaviour(status=500)
    receiver.behaviours[hanging.slug] = Behaviour(hold=asyncio.Event())
    await referred(client, people, apply, failing, hanging, healthy)

    async with running_worker(referrals_settings(webhook_timeout_seconds=0.5)):
        await eventually(lambda: _all(healthy.deliveries(client, status="delivered"), 1))
        [dead_500] = await eventually(lambda: _all(failing.deliveries(client, status="dead"), 1))
        [dead_hung] = await eventually(lambda: _all(hanging.deliveries(client, status="dead"), 1))

    for agency_, dead, error in (
        (failing, dead_500, "the endpoint answered 500"),
        (hanging, dead_hung, "no answer within 0.5 s"),
    ):
        assert dead["attempts"] == 3
        assert dead["last_error"] == error
        log = await client.get(
            f"/partners/{agency_.id}/deliveries/{dead['id']}", headers=agency_.headers
        )
        attempts = log.json()["attempts_log"]
        assert [a["error"] for a in attempts] == [error] * 3
        times = [a["attempted_at"] for a in attempts]
        assert times == sorted(times)
        assert len({r.headers["webhook-id"] for r in receiver.at(agency_.slug)}) == 1


async def test_one_slow_partner_among_ten_holds_up_no_other(
    client: httpx.AsyncClient,
    people: People,
    apply: Apply,
    receiver: Receiver,
    referrals_settings: ReferralsSettingsFactory,
) -> None:
    slow = await agency(client, people, receiver)
    others = [await agency(client, people, receiver) for _ in range(9)]
    hold = asyncio.Event()
    receiver.behaviours[slow.slug] = Behaviour(hold=hold)
    for _ in range(3):
        await referred(client, people, apply, slow, *others)

    settings = referrals_settings(
        webhook_concurrency=6, webhook_concurrency_per_partner=1, webhook_timeout_seconds=60
    )
    async with running_worker(settings):
        for other in others:
            await eventually(
                lambda other=other: _all(other.deliveries(client, status="delivered"), 3)
            )
        # Every other partner got everything while the slow one held its single slot.
        assert len(receiver.at(slow.slug)) == 1
        hold.set()
        await eventually(lambda: _all(slow.deliveries(client, status="delivered"), 3))


async def test_a_restart_mid_delivery_delivers_at_least_once_with_the_same_webhook_id(
    client: httpx.AsyncClient,
    people: People,
    apply: Apply,
    receiver: Receiver,
    referrals_settings: ReferralsSettingsFactory,
) -> None:
    team = await agency(client, people, receiver)
    held = asyncio.Event()
    receiver.behaviours[team.slug] = Behaviour(hold=held)
    [referral] = await referred(client, people, apply, team)
    settings = referrals_settings(webhook_timeout_seconds=30, webhook_concurrency_per_partner=1)

    async with running_worker(settings):
        await eventually(lambda: _received(receiver, team, 1))
    # The worker stopped mid-request and handed the delivery back; it comes again.
    receiver.behaviours[team.slug] = Behaviour()
    held.set()
    async with running_worker(settings):
        [delivered] = await eventually(lambda: _all(team.deliveries(client, status="delivered"), 1))
    assert delivered["attempts"] == 2
    first, second = receiver.at(team.slug)
    assert first.headers["webhook-id"] == second.headers["webhook-id"] == delivered["event_id"]
    assert verified(team.secret, second.body, second.headers)["subject"] == referral["id"]


async def test_a_worker_that_dies_mid_delivery_leaves_it_to_another_after_its_lease(
    client: httpx.AsyncClient,
    people: People,
    apply: Apply,
    receiver: Receiver,
    referrals_settings: ReferralsSettingsFactory,
) -> None:
    team = await agency(client, people, receiver)
    await referred(client, people, apply, team)
    settings = referrals_settings()
    # A worker claims it and dies: no answer is ever recorded, no hand-back happens.
    database = Database.from_settings(settings)
    try:
        async with database.sessionmaker.begin() as session:
            claimed = await DeliveryRepository(session).claim(100, 100, lease_seconds=0.5)
    finally:
        await database.dispose()
    assert team.id in {str(c.partner_id) for c in claimed}
    async with running_worker(settings):
        [delivered] = await eventually(lambda: _all(team.deliveries(client, status="delivered"), 1))
    assert delivered["attempts"] == 2, "the lost attempt counts"
    assert len(receiver.at(team.slug)) == 1


async def _received(receiver: Receiver, team: Agency, count: int) -> bool:
    return len(receiver.at(team.slug)) >= count


async def test_replays_deliver_the_same_event_again(
    client: httpx.AsyncClient,
    people: People,
    apply: Apply,
    receiver: Receiver,
    referrals_settings: ReferralsSettingsFactory,
) -> None:
    team = await agency(client, people, receiver)
    [referral] = await referred(client, people, apply, team)
    await client.post(f"/referrals/{referral['id']}/accept", headers=team.headers)
    settings = referrals_settings()
    async with running_worker(settings):
        first = await eventually(lambda: _all(team.deliveries(client, status="delivered"), 2))
    accepted = next(d for d in first if d["event_type"] == ACCEPTED)

    replay = await client.post(
        f"/partners/{team.id}/deliveries/{accepted['id']}/replay", headers=team.headers
    )
    assert replay.status_code == 202, replay.text
    assert replay.json()["replay_of"] == accepted["id"]
    assert replay.json()["event_id"] == accepted["event_id"]
    pending = await client.post(
        f"/partners/{team.id}/deliveries/{replay.json()['id']}/replay", headers=team.headers
    )
    assert pending.status_code == 409
    assert pending.json()["error"] == "delivery_in_progress"

    everything = await client.post(
        f"/partners/{team.id}/webhooks/{team.endpoint['id']}/replay",
        json={"since": "2026-01-01T00:00:00Z", "until": "2099-01-01T00:00:00Z"},
        headers=team.headers,
    )
    assert everything.status_code == 422, "a replay covers at most 31 days"
    since = min(d["created_at"] for d in first)
    ranged = await client.post(
        f"/partners/{team.id}/webhooks/{team.endpoint['id']}/replay",
        json={"since": since, "until": _day_after(since)},
        headers=team.headers,
    )
    assert ranged.status_code == 202, ranged.text
    assert ranged.json() == {"queued": 2}
    async with running_worker(settings):
        await eventually(lambda: _received(receiver, team, 5))
    ids = [r.headers["webhook-id"] for r in receiver.at(team.slug)]
    assert sorted(ids) == sorted([accepted["event_id"]] * 3 + [_created(first)] * 2)

    await client.patch(
        f"/partners/{team.id}/webhooks/{team.endpoint['id']}",
        json={"enabled": False},
        headers=team.headers,
    )
    disabled = await client.post(
        f"/partners/{team.id}/deliveries/{accepted['id']}/replay", headers=team.headers
    )
    assert disabled.status_code == 409
    assert disabled.json()["error"] == "endpoint_disabled"


def _created(deliveries: list[dict[str, Any]]) -> str:
    return str(next(d["event_id"] for d in deliveries if d["event_type"] == CREATED))


def _day_after(since: str) -> str:
    return (datetime.fromisoformat(since) + timedelta(days=1)).isoformat()


async def test_after_a_rotation_deliveries_verify_with_the_old_and_the_new_secret(
    client: httpx.AsyncClient,
    people: People,
    apply: Apply,
    receiver: Receiver,
    referrals_settings: ReferralsSettingsFactory,
) -> None:
    team = await agency(client, people, receiver)
    rotated = await client.post(
        f"/partners/{team.id}/webhooks/{team.endpoint['id']}/rotate-secret", headers=team.headers
    )
    assert rotated.status_code == 200, rotated.text
    new_secret = rotated.json()["secret"]
    assert new_secret != team.secret
    await referred(client, people, apply, team)
    async with running_worker(referrals_settings()):
        await eventually(lambda: _received(receiver, team, 1))
    [request] = receiver.at(team.slug)
    assert len(request.headers["webhook-signature"].split(" ")) == 2
    assert verified(team.secret, request.body, request.headers)
    assert verified(new_secret, request.body, request.headers)
    shown = await client.get(
        f"/partners/{team.id}/webhooks/{team.endpoint['id']}", headers=team.headers
    )
    assert "secret" not in shown.json()
    assert (
        shown.json()["previous_secret_expires_at"] == rotated.json()["previous_secret_expires_at"]
    )


async def test_a_narrowed_agreement_holds_for_deliveries_already_queued(
    client: httpx.AsyncClient,
    people: People,
    apply: Apply,
    receiver: Receiver,
    referrals_settings: ReferralsSettingsFactory,
) -> None:
    team = await agency(client, people, receiver, event_types=[CREATED])
    await referred(client, people, apply, team)
    narrowed = await client.patch(
        f"/partners/{team.id}",
        json={"agreement": {"reference": "DSA-WH-2", "fields": ["category"]}},
        headers=people.admin(),
    )
    assert narrowed.status_code == 200
    async with running_worker(referrals_settings()):
        await eventually(lambda: _received(receiver, team, 1))
    [request] = receiver.at(team.slug)
    assert verified(team.secret, request.body, request.headers)["data"]["report"] == {
        "category": "mental-health"
    }


async def test_endpoints_must_be_https_on_public_addresses(
    people: People, referrals_settings: ReferralsSettingsFactory
) -> None:
    async with app_client(create_app(referrals_settings(webhook_allow_insecure_urls=False))) as c:
        partner = await make_partner(c, people)
        headers = people.partner(uuid.UUID(partner["id"]))
        for url, message in (
            ("http://partner.example/hooks", "https"),
            ("https://127.0.0.1:8005/referrals", "public address"),
            ("https://10.1.2.3/hooks", "public address"),
            ("https://localhost/hooks", "this machine"),
        ):
            refused = await c.post(
                f"/partners/{partner['id']}/webhooks",
                json={"url": url, "event_types": [CREATED]},
                headers=headers,
            )
            assert refused.status_code == 400, url
            assert refused.json()["error"] == "invalid_webhook_url"
            assert message in refused.json()["detail"]["message"]
        accepted = await c.post(
            f"/partners/{partner['id']}/webhooks",
            json={"url": "https://cases.partner.example/hooks", "event_types": [CREATED]},
            headers=headers,
        )
        assert accepted.status_code == 201, accepted.text
        assert accepted.json()["secret"].startswith("whsec_")
        unknown_type = await c.post(
            f"/partners/{partner['id']}/webhooks",
            json={"url": "https://cases.partner.example/x", "event_types": ["report.submitted"]},
            headers=headers,
        )
        assert unknown_type.status_code == 422


async def test_an_unreadable_secret_sends_nothing_unsigned(
    client: httpx.AsyncClient,
    people: People,
    apply: Apply,
    receiver: Receiver,
    referrals_settings: ReferralsSettingsFactory,
) -> None:
    team = await agency(client, people, receiver)
    await referred(client, people, apply, team)
    # A worker whose REFERRALS_SECRETS_KEY is not the one the secret was sealed under.
    async with running_worker(referrals_settings(secrets_key="dev-only-another-key")):
        [dead] = await eventually(lambda: _all(team.deliveries(client, status="dead"), 1))
    assert dead["last_error"] == "the endpoint's secret cannot be read: rotate it"
    assert receiver.at(team.slug) == []
