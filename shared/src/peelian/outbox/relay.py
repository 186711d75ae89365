"""The outbox relay: publishes committed outbox rows to Kafka, in order, and marks them sent.

One relay is active per service database, chosen by a session-level advisory lock; others stand
by and take over when the holder's connection goes away. The relay wakes on NOTIFY from the
outbox trigger and polls as a fallback. While Kafka is down it retries with backoff and drops
nothing: rows stay unsent until the broker acknowledges them.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import asyncpg
import structlog
from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaError
from prometheus_client import Counter, Gauge

from peelian.asyncutils import wait_or_timeout
from peelian.outbox.models import OUTBOX_CHANNEL

log = structlog.get_logger(__name__)

# Any 64-bit constant works: advisory locks are scoped to the database, one per service.
RELAY_LOCK_KEY = 0x5EE1_1A40_0B0C

PUBLISHED = Counter("peelian_outbox_published_total", "Events relayed to Kafka", ["service"])
FAILURES = Counter("peelian_outbox_failures_total", "Failed relay attempts", ["service"])
PENDING = Gauge("peelian_outbox_pending", "Committed events not yet relayed", ["service"])
LAG = Gauge("peelian_outbox_lag_seconds", "Age of the oldest unrelayed event", ["service"])
ACTIVE = Gauge(
    "peelian_outbox_relay_active", "1 while this process holds the relay lock", ["service"]
)

_FETCH = "SELECT id, topic, key, envelope FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT $1"
_MARK = "UPDATE outbox SET sent_at = now() WHERE id = ANY($1::bigint[])"
_LAG = (
    "SELECT count(*), coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 "
    "FROM outbox WHERE sent_at IS NULL"
)
_PURGE = "DELETE FROM outbox WHERE sent_at < now() - make_interval(days => $1)"
_HEADERS = [("content-type", b"application/cloudevents+json")]


class OutboxRelay:
    def __init__(
        self,
        *,
        service: str,
        dsn: str,
        producer_factory: Callable[[], AIOKafkaProducer],
        batch_size: int = 500,
        poll_interval: float = 1.0,
        max_backoff: float = 10.0,
        retention_days: int = 7,
    ) -> None:
        self.service = service
        self.dsn = dsn
        self.producer_factory = producer_factory
        self.batch_size = batch_size
        self.poll_interval = poll_interval
        self.max_backoff = max_backoff
        self.retention_days = retention_days
        self._wake = asyncio.Event()
        self._stopping = asyncio.Event()
        self.active = asyncio.Event()

    def stop(self) -> None:
        self._stopping.set()
        self._wake.set()

    async def run(self) -> None:
        """Run until :meth:`stop`; every failure is logged and retried, never fatal."""
        backoff = 0.2
        while not self._stopping.is_set():
            try:
                await self._run_once()
                backoff = 0.2
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError, KafkaError) as exc:
                FAILURES.labels(self.service).inc()
                log.warning("outbox_relay_retry", error=repr(exc), backoff=backoff)
                # Only stop() cuts a backoff short: new rows must not turn it into a busy loop.
                await wait_or_timeout(self._stopping, backoff)
                backoff = min(backoff * 2, self.max_backoff)

    async def _run_once(self) -> None:
        conn: asyncpg.Connection = await asyncpg.connect(self.dsn, timeout=5)
        try:
            if not await conn.fetchval("SELECT pg_try_advisory_lock($1)", RELAY_LOCK_KEY):
                await self._sleep(self.poll_interval)  # standby: another relay is active
                return
            ACTIVE.labels(self.service).set(1)
            self.active.set()
            await conn.add_listener(OUTBOX_CHANNEL, self._notified)
            producer = self.producer_factory()
            await producer.start()
            try:
                await self._pump(conn, producer)
            finally:
                await producer.stop()
        finally:
            ACTIVE.labels(self.service).set(0)
            self.active.clear()
            await conn.close(timeout=2)

    async def _pump(self, conn: asyncpg.Connection, producer: AIOKafkaProducer) -> None:
        next_housekeeping = 0.0
        while not self._stopping.is_set():
            self._wake.clear()
            sent = await self.publish_batch(conn, producer)
            if time.monotonic() >= next_housekeeping:
                await self._housekeeping(conn)
                next_housekeeping = time.monotonic() + 10
            if sent < self.batch_size:
                await self._sleep(self.poll_interval)

    async def publish_batch(self, conn: asyncpg.Connection, producer: AIOKafkaProducer) -> int:
        """Publish up to one batch; returns how many rows were acknowledged and marked sent."""
        rows = await conn.fetch(_FETCH, self.batch_size)
        if not rows:
            return 0
        # send() only enqueues; the producer batches per partition and keeps each one in order.
        futures = [
            await producer.send(
                row["topic"], row["envelope"], key=row["key"].encode(), headers=_HEADERS
            )
            for row in rows
        ]
        results = await asyncio.gather(*futures, return_exceptions=True)
        acked = [
            row["id"]
            for row, r in zip(rows, results, strict=True)
            if not isinstance(r, BaseException)
        ]
        if acked:
            await conn.execute(_MARK, acked)
            PUBLISHED.labels(self.service).inc(len(acked))
        failed = next((r for r in results if isinstance(r, BaseException)), None)
        if failed is not None:
            raise failed  # the unacknowledged rows stay unsent and are retried after backoff
        return len(acked)

    async def _housekeeping(self, conn: asyncpg.Connection) -> None:
        pending, lag = await conn.fetchrow(_LAG)
        PENDING.labels(self.service).set(pending)
        LAG.labels(self.service).set(lag)
        await conn.execute(_PURGE, self.retention_days)

    def _notified(self, *_: object) -> None:
        self._wake.set()

    async def _sleep(self, seconds: float) -> None:
        await wait_or_timeout(self._wake, seconds)
