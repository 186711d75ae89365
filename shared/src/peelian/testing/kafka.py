"""Reading back what reached Kafka, for tests' assertions."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Iterable

import orjson
from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient


async def read_topic(
    bootstrap: str,
    topic: str,
    *,
    until: int,
    timeout: float = 30.0,
    settle: float = 0.0,
    match: set[str] | None = None,
    subjects: set[str] | None = None,
) -> list[ConsumerRecord[bytes, bytes]]:
    """Read ``topic`` from the start until ``until`` matching records arrived (then wait
    ``settle`` seconds more to catch duplicates) or ``timeout`` passes. ``match`` keeps only
    events with these ids, ``subjects`` only events about these subjects."""
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=f"reader-{uuid.uuid4().hex}",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        isolation_level="read_committed",
    )
    await consumer.start()
    records: list[ConsumerRecord[bytes, bytes]] = []
    deadline = time.monotonic() + timeout
    settle_until: float | None = None
    try:
        while time.monotonic() < deadline:
            if settle_until is not None and time.monotonic() >= settle_until:
                break
            batch = await consumer.getmany(timeout_ms=200)
            for part in batch.values():
                records.extend(r for r in part if _wanted(r.value, match, subjects))
            if len(records) >= until and settle_until is None:
                settle_until = time.monotonic() + settle
            await asyncio.sleep(0)
    finally:
        await consumer.stop()
    return records


def _wanted(value: bytes, ids: set[str] | None, subjects: set[str] | None) -> bool:
    if ids is None and subjects is None:
        return True
    envelope = orjson.loads(value)
    return (ids is None or str(envelope.get("id")) in ids) and (
        subjects is None or str(envelope.get("subject")) in subjects
    )


async def consume_from_now(bootstrap: str, group: str, topics: Iterable[str]) -> None:
    """Move consumer group ``group`` to the end of ``topics``: an app started with it then
    handles what happens from now on, not every event other tests and runs left on the shared
    topics (a fresh group otherwise starts at the earliest offset and works through them all).
    Topics that do not exist yet are left alone (an app reads them from their start)."""
    # The partitions come from the admin client: a consumer's partitions_for_topic() knows only
    # topics it subscribed to, and returned None here, so nothing was moved.
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        described = await admin.describe_topics(list(topics))
    finally:
        await admin.close()
    partitions = [
        TopicPartition(topic["topic"], partition["partition"])
        for topic in described
        if topic["error_code"] == 0
        for partition in topic["partitions"]
    ]
    if not partitions:
        return
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False
    )
    await consumer.start()
    try:
        consumer.assign(partitions)
        await consumer.commit(await consumer.end_offsets(partitions))
    finally:
        await consumer.stop()
