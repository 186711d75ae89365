"""Outbox benchmarks: relay throughput against a raw producer, and commit-to-handler latency."""

from __future__ import annotations

import asyncio
import multiprocessing
import time
import uuid
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from bench.harness import KAFKA, Row, percentile, scratch_database
from peelian.app import asyncpg_dsn
from peelian.consumer import ConsumerRunner
from peelian.db.engine import Database
from peelian.events import CloudEvent, EventPayload, registry
from peelian.kafka import idempotent_producer
from peelian.outbox import add_event
from peelian.outbox.relay import OutboxRelay

ALEMBIC = Path(__file__).resolve().parent.parent / "services" / "reporting" / "alembic.ini"
THROUGHPUT_EVENTS = 20_000
LATENCY_RATE = 200  # events per second
LATENCY_SECONDS = 10
# The first second is not measured: a broker just started by `make bench` is still warming up
# (JIT, page cache), which is not what a running platform sees.
WARMUP_EVENTS = LATENCY_RATE
RAW_TOPIC = "bench.raw"  # the baseline writes beside, not into, the relay's topic


@registry.event("org.peelian.bench.pinged.v1", topic="bench.ping")
class BenchPingedV1(EventPayload):
    run: str
    sequence: int
    committed_at: float = 0.0
    filler: str = ""


RUN = uuid.uuid4().hex


def ping(sequence: int, committed_at: float = 0.0, run: str = RUN) -> CloudEvent:
    # ~600-byte envelopes: the size of a typical report event.
    payload = BenchPingedV1(run=run, sequence=sequence, committed_at=committed_at, filler="x" * 300)
    return CloudEvent.wrap(payload, service="bench", subject=str(uuid.uuid4()))


def relay_for(database: Database) -> OutboxRelay:
    return OutboxRelay(
        service="bench",
        dsn=asyncpg_dsn(database.engine.url.render_as_string(hide_password=False)),
        producer_factory=lambda: idempotent_producer(KAFKA, "bench-relay"),
        poll_interval=0.5,
    )


async def raw_producer_rate(envelopes: list[tuple[bytes, bytes]]) -> float:
    producer = idempotent_producer(KAFKA, "bench-raw")
    await producer.start()
    try:
        await producer.send_and_wait(RAW_TOPIC, b"warm-up")
        start = time.perf_counter()
        futures = [await producer.send(RAW_TOPIC, value, key=key) for key, value in envelopes]
        await asyncio.gather(*futures)
        return len(envelopes) / (time.perf_counter() - start)
    finally:
        await producer.stop()


async def relay_throughput() -> list[Row]:
    events = [ping(i) for i in range(THROUGHPUT_EVENTS)]
    async with scratch_database(ALEMBIC) as database:
        for chunk in range(0, len(events), 500):
            async with database.sessionmaker() as session, session.begin():
                for event in events[chunk : chunk + 500]:
                    await add_event(session, event)
        raw = await raw_producer_rate([(e.subject.encode(), e.to_json()) for e in events])

        relay = relay_for(database)
        start = time.perf_counter()
        task = asyncio.create_task(relay.run())
        async with database.engine.connect() as conn:
            while await conn.scalar(text("SELECT count(*) FROM outbox WHERE sent_at IS NULL")):
                await asyncio.sleep(0.02)
        ours = THROUGHPUT_EVENTS / (time.perf_counter() - start)
        relay.stop()
        await task
    ratio = ours / raw
    return [
        Row(
            "outbox relay throughput",
            f"events/s ({THROUGHPUT_EVENTS} events)",
            f"{ours:,.0f}",
            f"{raw:,.0f} (raw aiokafka producer)",
            f"{ratio:.2f}",
            ">= 0.25",
            ratio >= 0.25,
        )
    ]


def _producing_service(url: str, run: str, total: int) -> None:
    """The producing side in its own process, as in production: commits at a steady rate and
    relays. Sharing one event loop with the consumer would measure contention, not latency."""

    async def main() -> None:
        database = Database.from_url(url)
        relay = relay_for(database)
        task = asyncio.create_task(relay.run())
        await asyncio.wait_for(relay.active.wait(), 30)
        start = time.perf_counter()
        for i in range(total):
            await asyncio.sleep(max(0.0, start + i / LATENCY_RATE - time.perf_counter()))
            async with database.sessionmaker() as session, session.begin():
                # committed_at is taken just before COMMIT: the latency includes the commit.
                await add_event(session, ping(i, committed_at=time.time(), run=run))
        await asyncio.sleep(2)  # let the relay drain before it stops
        relay.stop()
        await task
        await database.dispose()

    asyncio.run(main())


async def commit_to_handler_latency() -> list[Row]:
    latencies: list[float] = []
    total = LATENCY_RATE * LATENCY_SECONDS
    done = asyncio.Event()

    async def handle(session: AsyncSession, event: CloudEvent) -> None:
        payload = event.payload()
        assert isinstance(payload, BenchPingedV1)
        if payload.run != RUN or payload.sequence < WARMUP_EVENTS:
            return  # warm-up, or left on the topic by an earlier run
        latencies.append(time.time() - payload.committed_at)
        if len(latencies) >= total:
            done.set()

    async with scratch_database(ALEMBIC) as database:
        consumer = ConsumerRunner(
            name=f"bench-{uuid.uuid4().hex[:8]}",
            topics=["bench.ping"],
            handlers={BenchPingedV1.event_type: handle},
            database=database,
            bootstrap_servers=KAFKA,
            producer_factory=lambda: idempotent_producer(KAFKA, "bench-dlq"),
        )
        task = asyncio.create_task(consumer.run())
        await asyncio.wait_for(consumer.assigned.wait(), 30)
        url = database.engine.url.render_as_string(hide_password=False)
        producing = multiprocessing.get_context("spawn").Process(
            target=_producing_service, args=(url, RUN, WARMUP_EVENTS + total)
        )
        producing.start()
        await asyncio.wait_for(done.wait(), LATENCY_SECONDS + 60)
        await asyncio.to_thread(producing.join)
        consumer.stop()
        await task
    samples = [s * 1000 for s in latencies[:total]]
    p50, p99 = percentile(samples, 50), percentile(samples, 99)
    return [
        Row(
            "commit-to-handler latency", f"p50 ms at {LATENCY_RATE}/s", f"{p50:.1f}", "-", "-", "-"
        ),
        Row(
            "commit-to-handler latency",
            f"p99 ms at {LATENCY_RATE}/s",
            f"{p99:.1f}",
            "-",
            "-",
            "<= 50 ms",
            p99 <= 50,
        ),
    ]
