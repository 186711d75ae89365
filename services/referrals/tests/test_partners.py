"""The partner registry: admins keep it, officers read it, each agency sees its own entry;
a Kafka feed gets its topic before any event is written for it."""

from __future__ import annotations

import uuid

import httpx
import pytest
from aiokafka.admin import AIOKafkaAdminClient

from peelian.testing.infra import Infra
from peelian.testing.people import People
from referrals_helpers import deleting_topics, make_partner, partner_body

pytestmark = pytest.mark.integration


async def test_an_admin_registers_a_partner_with_its_agreement_and_officers_read_it(
    client: httpx.AsyncClient, people: People
) -> None:
    partner = await make_partner(
        client,
        people,
        categories=["mental-health"],
        agreement={"reference": "DSA-2026-07", "fields": ["category", "description"]},
    )
    assert partner["agreement"]["fields"] == ["category", "description"]
    assert partner["agreement"]["reference"] == "DSA-2026-07"
    assert partner["kafka_feed"] is False
    assert partner["feed_topic"] is None
    assert partner["contacts"][0]["email"] == "duty@agency.example"

    listed = await client.get(
        "/partners", params={"category": "mental-health"}, headers=people.officer()
    )
    assert listed.status_code == 200, listed.text
    assert partner["id"] in {p["id"] for p in listed.json()}

    changed = await client.patch(
        f"/partners/{partner['id']}",
        json={"agreement": {"reference": "DSA-2026-08", "fields": ["category"]}, "active": False},
        headers=people.admin(),
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["agreement"]["fields"] == ["category"]
    assert changed.json()["agreement"]["updated_at"] > partner["agreement"]["updated_at"]
    assert changed.json()["active"] is False
    assert changed.json()["name"] == partner["name"], "fields left out stay"


async def test_bad_registrations_are_refused_with_what_to_fix(
    client: httpx.AsyncClient, people: People
) -> None:
    partner = await make_partner(client, people)
    again = await client.post(
        "/partners", json=partner_body(slug=partner["slug"]), headers=people.admin()
    )
    assert again.status_code == 409
    assert again.json()["error"] == "partner_exists"

    unknown_field = partner_body(agreement={"reference": "DSA", "fields": ["reporter_email"]})
    refused = await client.post("/partners", json=unknown_field, headers=people.admin())
    assert refused.status_code == 422
    assert refused.json()["detail"]["errors"][0]["loc"][-2:] == ["fields", 0]

    empty = partner_body(agreement={"reference": "DSA", "fields": []})
    assert (await client.post("/partners", json=empty, headers=people.admin())).status_code == 422

    by_officer = await client.post("/partners", json=partner_body(), headers=people.officer())
    assert by_officer.status_code == 403
    missing = await client.patch(f"/partners/{uuid.uuid4()}", json={}, headers=people.admin())
    assert missing.status_code == 404
    assert missing.json()["error"] == "partner_not_found"


async def test_a_partner_sees_its_own_entry_only(client: httpx.AsyncClient, people: People) -> None:
    mine = await make_partner(client, people)
    other = await make_partner(client, people)
    agency = people.partner(uuid.UUID(mine["id"]))

    me = await client.get("/partners/me", headers=agency)
    assert me.status_code == 200, me.text
    assert me.json()["id"] == mine["id"]
    assert (await client.get(f"/partners/{mine['id']}", headers=agency)).status_code == 200
    theirs = await client.get(f"/partners/{other['id']}", headers=agency)
    assert theirs.status_code == 404
    assert theirs.json()["error"] == "partner_not_found"
    assert (await client.get("/partners", headers=agency)).status_code == 403

    citizen = await client.get(f"/partners/{mine['id']}", headers=people.citizen())
    assert citizen.status_code == 403
    assert citizen.json()["error"] == "referrals_forbidden"
    assert (await client.get("/partners/me", headers=people.officer())).status_code == 403


async def test_a_kafka_feed_gets_the_partners_own_topic(
    client: httpx.AsyncClient, people: People, infra: Infra
) -> None:
    partner = await make_partner(client, people)
    assert partner["feed_topic"] is None
    changed = await client.patch(
        f"/partners/{partner['id']}", json={"kafka_feed": True}, headers=people.admin()
    )
    assert changed.status_code == 200, changed.text
    topic = changed.json()["feed_topic"]
    assert topic == f"referrals.feed.{partner['slug']}"
    async with deleting_topics(infra, [topic]):
        admin = AIOKafkaAdminClient(bootstrap_servers=infra.kafka_bootstrap)
        await admin.start()
        try:
            assert topic in await admin.list_topics()
        finally:
            await admin.close()
