"""The outbox relay against the real PostgreSQL and Kafka."""

from __future__ import annotations

import asyncio
import uuid
from collections import defaultdict

import orjson
import pytest
from cloudevents.core.bindings import kafka as ce_kafka
from sqlalchemy import text

from peelian.app import asyncpg_dsn
from peelian.db.engine import Database
from peelian.kafka import idempotent_producer
from peelian.outbox import add_event
from peelian.outbox.relay import OutboxRelay
from peelian.testing.infra import Infra
from peelian.testing.kafka import read_topic
from widgets import WIDGET_TOPIC, widget_event

pytestmark = pytest.mark.integration


def make_relay(database: Database, infra: Infra, **kwargs: object) -> OutboxRelay:
    return OutboxRelay(
        service="widgets",
        dsn=asyncpg_dsn(database.engine.url.render_as_string(hide_password=False)),
        producer_factory=lambda: idempotent_producer(infra.kafka_bootstrap, "widgets-relay"),
        poll_interval=0.5,
        max_backoff=2.0,
        **kwargs,  # type: ignore[arg-type]
    )


async def unsent(database: Database) -> int:
    async with database.engine.connect() as conn:
        return int(await conn.scalar(text("SELECT count(*) FROM outbox WHERE sent_at IS NULL")))


async def test_committed_event_reaches_kafka_once_and_rolled_back_never(
    widgets_database: Database, infra: Infra
) -> None:
    committed, rolled_back = widget_event(uuid.uuid4()), widget_event(uuid.uuid4())
    async with widgets_database.sessionmaker() as session, session.begin():
        await add_event(session, committed)
    async with widgets_database.sessionmaker() as session:
        await add_event(session, rolled_back)
        await session.rollback()

    relay = make_relay(widgets_database, infra)
    task = asyncio.create_task(relay.run())
    try:
        records = await read_topic(
            infra.kafka_bootstrap,
            WIDGET_TOPIC,
            until=1,
            settle=2.0,
            match={committed.id, rolled_back.id},
        )
    finally:
        relay.stop()
        await task

    assert [orjson.loads(r.value)["id"] for r in records] == [committed.id]
    assert records[0].key == committed.subject.encode()
    assert await unsent(widgets_database) == 0

    # The envelope is CloudEvents 1.0 in structured mode: the SDK parses the Kafka message.
    parsed = ce_kafka.from_kafka_event(
        ce_kafka.KafkaMessage(
            headers=dict(records[0].headers), key=records[0].key, value=records[0].value
        )
    )
    assert parsed.get_type() == "org.peelian.widget.changed.v1"
    assert parsed.get_id() == committed.id
    assert parsed.get_source() == "/peelian/widgets"
    assert parsed.get_data()["widget_id"] == committed.data["widget_id"]


async def test_kafka_outage_loses_nothing_and_keeps_order_per_key(
    widgets_database: Database, infra: Infra
) -> None:
    widget_ids = [uuid.uuid4() for _ in range(10)]
    events = [widget_event(widget_ids[i % 10], sequence=i // 10) for i in range(500)]
    relay = make_relay(widgets_database, infra)
    task = asyncio.create_task(relay.run())
    await asyncio.to_thread(infra.stop_kafka)
    try:
        for chunk in range(0, 500, 50):
            async with widgets_database.sessionmaker() as session, session.begin():
                for event in events[chunk : chunk + 50]:
                    await add_event(session, event)
        await asyncio.sleep(2)  # the relay fails against the dead broker meanwhile
        assert await unsent(widgets_database) == 500
    finally:
        await asyncio.to_thread(infra.start_kafka)
    try:
        records = await read_topic(
            infra.kafka_bootstrap,
            WIDGET_TOPIC,
            until=500,
            timeout=120,
            settle=1.0,
            match={e.id for e in events},
        )
    finally:
        relay.stop()
        await task

    received = [orjson.loads(r.value) for r in records]
    assert {e["id"] for e in received} == {e.id for e in events}
    assert len(received) == 500, "every event arrives exactly once"
    by_key: dict[str, list[int]] = defaultdict(list)
    for event in received:
        by_key[event["subject"]].append(event["data"]["sequence"])
    assert all(seqs == sorted(seqs) for seqs in by_key.values())
    assert await unsent(widgets_database) == 0


async def test_only_one_relay_is_active_per_database(
    widgets_database: Database, infra: Infra
) -> None:
    first, second = make_relay(widgets_database, infra), make_relay(widgets_database, infra)
    first_task = asyncio.create_task(first.run())
    await asyncio.wait_for(first.active.wait(), 30)
    second_task = asyncio.create_task(second.run())
    await asyncio.sleep(1.5)
    assert not second.active.is_set(), "the standby must not publish while the first is active"

    first.stop()
    await first_task
    await asyncio.wait_for(second.active.wait(), 10)  # takes over once the lock is released
    second.stop()
    await second_task
