"""aiokafka against our native Kafka 4 broker: the protocol features the platform relies on.

aiokafka's own CI stops at Kafka 2.8, so these guard against a broker/client mismatch.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from peelian.kafka import idempotent_producer
from peelian.testing.infra import Infra
from peelian.testing.kafka import consume_from_now, read_topic

pytestmark = pytest.mark.integration


async def test_idempotent_produce(infra: Infra, unique_topic: Callable[[str], str]) -> None:
    topic = unique_topic("smoke")
    producer = idempotent_producer(infra.kafka_bootstrap, "smoke")
    await producer.start()
    try:
        for i in range(5):
            await producer.send_and_wait(topic, f"m{i}".encode(), key=b"k")
    finally:
        await producer.stop()
    records = await read_topic(infra.kafka_bootstrap, topic, until=5, settle=0.5)
    assert [r.value for r in records] == [f"m{i}".encode() for i in range(5)]


async def test_transactional_produce_and_read_committed(
    infra: Infra, unique_topic: Callable[[str], str]
) -> None:
    topic = unique_topic("smoke")
    producer = AIOKafkaProducer(
        bootstrap_servers=infra.kafka_bootstrap, transactional_id=f"smoke-{uuid.uuid4().hex}"
    )
    await producer.start()
    try:
        async with producer.transaction():
            await producer.send_and_wait(topic, b"committed", key=b"k")
        await producer.begin_transaction()
        await producer.send_and_wait(topic, b"aborted", key=b"k")
        await producer.abort_transaction()
        async with producer.transaction():
            await producer.send_and_wait(topic, b"after", key=b"k")
    finally:
        await producer.stop()
    records = await read_topic(infra.kafka_bootstrap, topic, until=2, settle=1.0)
    assert [r.value for r in records] == [b"committed", b"after"]


async def test_consumer_group_commit_resumes(
    infra: Infra, unique_topic: Callable[[str], str]
) -> None:
    topic, group = unique_topic("smoke"), f"group-{uuid.uuid4().hex}"
    producer = idempotent_producer(infra.kafka_bootstrap, "smoke")
    await producer.start()
    try:
        for i in range(4):
            await producer.send_and_wait(topic, str(i).encode(), partition=0)
    finally:
        await producer.stop()

    async def consume(n: int) -> list[bytes]:
        consumer = AIOKafkaConsumer(
            topic,
            bootstrap_servers=infra.kafka_bootstrap,
            group_id=group,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
        )
        await consumer.start()
        try:
            got = []
            while len(got) < n:
                record = await consumer.getone()
                got.append(record.value)
                await consumer.commit({TopicPartition(topic, 0): record.offset + 1})
            return got
        finally:
            await consumer.stop()

    assert await consume(2) == [b"0", b"1"]
    assert await consume(2) == [b"2", b"3"], "a new member resumes from the committed offset"


async def test_consume_from_now_skips_what_came_before(
    infra: Infra, unique_topic: Callable[[str], str]
) -> None:
    """The tests' and the bench's apps start their consumer groups with consume_from_now: a
    group moved there sees only what is produced afterwards, on every partition."""
    topic = unique_topic("smoke")
    group = f"smoke-{uuid.uuid4().hex[:8]}"
    producer = idempotent_producer(infra.kafka_bootstrap, "smoke")
    await producer.start()
    try:
        for i in range(6):  # keys spread them over the topic's partitions
            await producer.send_and_wait(topic, b"old", key=f"k{i}".encode())
        await consume_from_now(infra.kafka_bootstrap, group, [topic, unique_topic("absent")])
        await producer.send_and_wait(topic, b"new", key=b"k0")
    finally:
        await producer.stop()
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=infra.kafka_bootstrap,
        group_id=group,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    seen: list[bytes | None] = []
    try:
        async with asyncio.timeout(30):  # joining the group takes a few seconds
            while not seen:
                batches = await consumer.getmany(timeout_ms=1000)
                seen = [r.value for records in batches.values() for r in records]
    finally:
        await consumer.stop()
    assert seen == [b"new"]
