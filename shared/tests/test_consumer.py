"""The consumer runner: inbox de-duplication, dead-lettering, graceful stop (real Kafka + DB)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable

import pytest
from aiokafka import AIOKafkaProducer
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from peelian.consumer import ConsumerRunner, Handlers
from peelian.db.engine import Database
from peelian.events import CloudEvent
from peelian.kafka import idempotent_producer
from peelian.testing.infra import Infra
from peelian.testing.kafka import read_topic
from widgets import Widget, count_widget, widget_event

pytestmark = pytest.mark.integration

WIDGET_CHANGED = "org.peelian.widget.changed.v1"


@pytest.fixture
async def producer(infra: Infra) -> AsyncIterator[AIOKafkaProducer]:
    p = idempotent_producer(infra.kafka_bootstrap, "test-producer")
    await p.start()
    yield p
    await p.stop()


def runner(
    database: Database, infra: Infra, topic: str, handlers: Handlers, **kwargs: object
) -> ConsumerRunner:
    return ConsumerRunner(
        name=f"test-consumer-{uuid.uuid4().hex[:8]}",
        topics=[topic],
        handlers=handlers,
        database=database,
        bootstrap_servers=infra.kafka_bootstrap,
        producer_factory=lambda: idempotent_producer(infra.kafka_bootstrap, "test-dlq"),
        retry_backoff=0.05,
        **kwargs,  # type: ignore[arg-type]
    )


async def send_in_order(producer: AIOKafkaProducer, topic: str, *values: bytes) -> None:
    """Send values under one key: the topic has 3 partitions, and only within one partition
    does a later marker event prove that the events before it were handled."""
    for value in values:
        await producer.send_and_wait(topic, value, key=b"in-order")


async def times_seen(database: Database, widget_id: uuid.UUID) -> int | None:
    async with database.sessionmaker() as session:
        return await session.scalar(select(Widget.times_seen).where(Widget.id == widget_id))


async def wait_until_seen(database: Database, widget_id: uuid.UUID, times: int = 1) -> None:
    """Poll until the handler has counted the widget ``times`` times (30 s at most)."""
    async with asyncio.timeout(30):
        while (await times_seen(database, widget_id) or 0) < times:
            await asyncio.sleep(0.1)


async def test_redelivered_event_is_applied_once(
    widgets_database: Database,
    infra: Infra,
    producer: AIOKafkaProducer,
    unique_topic: Callable[[str], str],
) -> None:
    topic = unique_topic("widgets")
    event = widget_event(uuid.uuid4())
    # The same event delivered three times, as after a producer retry or consumer crash.
    marker = widget_event(uuid.uuid4())
    await send_in_order(producer, topic, *[event.to_json()] * 3, marker.to_json())

    consumer = runner(widgets_database, infra, topic, {WIDGET_CHANGED: count_widget})
    task = asyncio.create_task(consumer.run())
    try:
        await wait_until_seen(widgets_database, marker.payload().widget_id)  # type: ignore[attr-defined]
    finally:
        consumer.stop()
        await task
    assert await times_seen(widgets_database, event.payload().widget_id) == 1  # type: ignore[attr-defined]
    async with widgets_database.sessionmaker() as session:
        inbox = await session.scalar(
            text("SELECT count(*) FROM inbox WHERE event_id = :id"), {"id": event.id}
        )
    assert inbox == 1


async def test_poison_message_goes_to_dlq_after_retries_and_consumer_goes_on(
    widgets_database: Database,
    infra: Infra,
    producer: AIOKafkaProducer,
    unique_topic: Callable[[str], str],
) -> None:
    topic = unique_topic("widgets")
    attempts: list[str] = []

    async def explode_on_poison(session: AsyncSession, event: CloudEvent) -> None:
        if event.payload().sequence == 666:  # type: ignore[attr-defined]
            attempts.append(event.id)
            raise ValueError("this widget cannot be handled")
        await count_widget(session, event)

    poison = widget_event(uuid.uuid4(), sequence=666)
    after = widget_event(uuid.uuid4())
    garbage = b"{not json"
    await send_in_order(producer, topic, poison.to_json(), garbage, after.to_json())

    consumer = runner(
        widgets_database, infra, topic, {WIDGET_CHANGED: explode_on_poison}, max_attempts=3
    )
    task = asyncio.create_task(consumer.run())
    try:
        await wait_until_seen(widgets_database, after.payload().widget_id)  # type: ignore[attr-defined]
    finally:
        consumer.stop()
        await task

    # Its batch fails once, then the poison alone gets exactly max_attempts tries.
    assert attempts == [poison.id] * (1 + 3), "bounded retries"
    dead = await read_topic(infra.kafka_bootstrap, f"{topic}.dlq", until=2, timeout=20)
    assert sorted(r.value for r in dead) == sorted([poison.to_json(), garbage])
    poisoned = next(r for r in dead if r.value == poison.to_json())
    headers = dict(poisoned.headers)
    assert b"this widget cannot be handled" in headers["dlq-error"]
    assert headers["dlq-attempts"] == b"3"
    assert headers["dlq-source"].startswith(topic.encode())
    # The failed attempts rolled back: no inbox row claims the poison event as applied.
    async with widgets_database.sessionmaker() as session:
        claimed = await session.scalar(
            text("SELECT count(*) FROM inbox WHERE event_id = :id"), {"id": poison.id}
        )
    assert claimed == 0


async def test_stop_commits_progress_and_a_restart_resumes_without_reapplying(
    widgets_database: Database,
    infra: Infra,
    producer: AIOKafkaProducer,
    unique_topic: Callable[[str], str],
) -> None:
    topic = unique_topic("widgets")
    widget_id = uuid.uuid4()
    events = [widget_event(widget_id, sequence=i) for i in range(20)]
    for event in events[:10]:
        await producer.send_and_wait(topic, event.to_json(), key=event.subject.encode())

    applied: list[int] = []

    async def record(session: AsyncSession, event: CloudEvent) -> None:
        applied.append(event.payload().sequence)  # type: ignore[attr-defined]
        await count_widget(session, event)

    first = runner(widgets_database, infra, topic, {WIDGET_CHANGED: record})
    task = asyncio.create_task(first.run())
    await wait_until_seen(widgets_database, widget_id, times=10)
    first.stop()
    await task

    for event in events[10:]:
        await producer.send_and_wait(topic, event.to_json(), key=event.subject.encode())
    # Same group name: it must resume after the committed offset.
    second = runner(widgets_database, infra, topic, {WIDGET_CHANGED: record})
    second.name = first.name
    task = asyncio.create_task(second.run())
    await wait_until_seen(widgets_database, widget_id, times=20)
    second.stop()
    await task
    assert applied == list(range(20)), "in order, each once, none re-applied after restart"
