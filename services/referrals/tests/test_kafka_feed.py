"""A partner that runs Kafka reads its own topic: the same CloudEvents envelope as its
webhooks, only its own referrals' events, minimised, through the transactional outbox."""

from __future__ import annotations

import asyncio
import uuid

import orjson
import pytest
from cloudevents.core.bindings import kafka as ce_kafka

from peelian.app import asyncpg_dsn
from peelian.kafka import idempotent_producer
from peelian.outbox.relay import OutboxRelay
from peelian.testing.infra import Infra
from peelian.testing.kafka import read_topic
from peelian.testing.people import People
from peelian.testing.plugin import CreateDatabase, app_client
from referrals.main import create_app
from referrals_helpers import (
    ACCEPTED,
    ALEMBIC_INI,
    CREATED,
    ReferralsSettingsFactory,
    applying,
    deleting_topics,
    eventually,
    fetch,
    make_partner,
    refer,
    report_submitted,
)

pytestmark = pytest.mark.integration


async def relay_everything(database_url: str, infra: Infra) -> None:
    """Run the service's outbox relay until every event of this database is published."""
    relay = OutboxRelay(
        service="referrals-feed-test",
        dsn=asyncpg_dsn(database_url),
        producer_factory=lambda: idempotent_producer(infra.kafka_bootstrap, "referrals-test"),
        poll_interval=0.2,
    )
    task = asyncio.create_task(relay.run())
    try:
        await eventually(lambda: _all_sent(database_url))
    finally:
        relay.stop()
        await task


async def _all_sent(database_url: str) -> bool:
    [row] = await fetch(database_url, "SELECT count(*) AS n FROM outbox WHERE sent_at IS NULL")
    return row["n"] == 0


async def test_each_partners_topic_carries_only_its_own_minimised_events(
    people: People,
    infra: Infra,
    create_database: CreateDatabase,
    referrals_settings: ReferralsSettingsFactory,
) -> None:
    # A database of its own, so that the relay publishes this test's events only.
    url = await create_database("referrals_feed", ALEMBIC_INI)
    settings = referrals_settings(database_url=url)
    async with app_client(create_app(settings)) as client, applying(settings) as apply:
        feed_a = await make_partner(client, people, kafka_feed=True)
        feed_b = await make_partner(
            client,
            people,
            kafka_feed=True,
            agreement={"reference": "DSA-B", "fields": ["category"]},
        )
        no_feed = await make_partner(client, people)
        topics = [feed_a["feed_topic"], feed_b["feed_topic"]]
        async with deleting_topics(infra, topics):
            report = report_submitted()
            await apply(report, report.report_id)
            made = await refer(
                client, people, report.report_id, feed_a["id"], feed_b["id"], no_feed["id"]
            )
            assert made.status_code == 201, made.text
            by_partner = {r["partner_id"]: r["id"] for r in made.json()}
            accepted = await client.post(
                f"/referrals/{by_partner[feed_a['id']]}/accept",
                headers=people.partner(uuid.UUID(feed_a["id"])),
            )
            assert accepted.status_code == 200
            await relay_everything(url, infra)

            a_records = await read_topic(
                infra.kafka_bootstrap, feed_a["feed_topic"], until=2, settle=1
            )
            b_records = await read_topic(
                infra.kafka_bootstrap, feed_b["feed_topic"], until=1, settle=1
            )

    a_events = [orjson.loads(r.value) for r in a_records]
    assert [e["type"] for e in a_events] == [CREATED, ACCEPTED]
    assert {e["subject"] for e in a_events} == {by_partner[feed_a["id"]]}
    [b_event] = [orjson.loads(r.value) for r in b_records]
    assert b_event["subject"] == by_partner[feed_b["id"]]
    assert b_event["data"]["report"] == {"category": "mental-health"}, "B's agreement only"
    assert set(a_events[0]["data"]["report"]) == {"category", "description", "areas"}

    # The same envelope as the partner's webhooks get: the copy kept for the partner.
    [kept] = await fetch(
        url,
        "SELECT envelope FROM partner_events WHERE referral_id = $1 AND type = $2",
        uuid.UUID(by_partner[feed_a["id"]]),
        CREATED,
    )
    assert orjson.loads(kept["envelope"]) == a_events[0]
    parsed = ce_kafka.from_kafka_event(
        ce_kafka.KafkaMessage(
            headers=dict(a_records[0].headers), key=a_records[0].key, value=a_records[0].value
        )
    )
    assert parsed.get_type() == CREATED
    assert parsed.get_source() == "/peelian/referrals"
    assert a_records[0].key == by_partner[feed_a["id"]].encode()
    internal = await fetch(url, "SELECT DISTINCT topic FROM outbox ORDER BY topic")
    assert [r["topic"] for r in internal] == sorted(["referrals.referral", *topics])
