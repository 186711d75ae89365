"""The consumer runner: a consumer group applying events through an explicit handler registry.

For each message the handler's writes and an inbox row keyed by event id commit in one database
transaction; the Kafka offset is committed only after that. A redelivered event finds its inbox
row and is skipped. A handler that keeps failing gets bounded retries, then the message goes to
``<topic>.dlq`` with the error attached and the consumer moves on. An unreachable database is
not the message's fault: it is retried until the database returns, never dead-lettered.
"""

from __future__ import annotations

import asyncio
import traceback
from collections.abc import Awaitable, Callable, Mapping

import structlog
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord
from prometheus_client import Counter
from pydantic import ValidationError
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession

from peelian.asyncutils import wait_or_timeout
from peelian.db.engine import Database
from peelian.events.envelope import CloudEvent
from peelian.logging import bind_correlation_id

log = structlog.get_logger(__name__)

Handler = Callable[[AsyncSession, CloudEvent], Awaitable[None]]
# Event type name -> handler; each service declares one such dict in its handlers module.
Handlers = Mapping[str, Handler]

PROCESSED = Counter(
    "peelian_consumer_events_total", "Events consumed", ["consumer", "event_type", "outcome"]
)

_CLAIM = text(
    "INSERT INTO inbox (consumer, event_id, event_type) VALUES (:consumer, :event_id, :type) "
    "ON CONFLICT DO NOTHING RETURNING 1"
)


def _is_transient(exc: BaseException) -> bool:
    """Database unreachable or connection lost: wait for it rather than blame the message."""
    if isinstance(exc, (OSError, OperationalError, InterfaceError, TimeoutError)):
        return True
    return isinstance(exc, DBAPIError) and exc.connection_invalidated


class ConsumerRunner:
    def __init__(
        self,
        *,
        name: str,
        topics: list[str],
        handlers: Handlers,
        database: Database,
        bootstrap_servers: str,
        producer_factory: Callable[[], AIOKafkaProducer],
        max_attempts: int = 5,
        retry_backoff: float = 0.2,
        max_backoff: float = 10.0,
    ) -> None:
        self.name = name
        self.topics = topics
        self.handlers = handlers
        self.database = database
        self.bootstrap_servers = bootstrap_servers
        self.producer_factory = producer_factory
        self.dlq_producer: AIOKafkaProducer | None = None
        self.max_attempts = max_attempts
        self.retry_backoff = retry_backoff
        self.max_backoff = max_backoff
        self._stopping = asyncio.Event()
        self.assigned = asyncio.Event()

    def stop(self) -> None:
        """Finish the message in hand, commit its offset, then leave the group."""
        self._stopping.set()

    async def run(self) -> None:
        backoff = self.retry_backoff
        while not self._stopping.is_set():
            consumer = AIOKafkaConsumer(
                *self.topics,
                bootstrap_servers=self.bootstrap_servers,
                group_id=self.name,
                client_id=self.name,
                enable_auto_commit=False,
                auto_offset_reset="earliest",
                isolation_level="read_committed",
            )
            producer = self.producer_factory()
            try:
                await producer.start()
                await consumer.start()
                self.dlq_producer = producer
                backoff = self.retry_backoff
                await self._consume(consumer)
            except Exception as exc:
                log.warning("consumer_retry", consumer=self.name, error=repr(exc))
                await self._pause(backoff)
                backoff = min(backoff * 2, self.max_backoff)
            finally:
                self.dlq_producer = None
                await consumer.stop()
                await producer.stop()

    async def _consume(self, consumer: AIOKafkaConsumer) -> None:
        while not self._stopping.is_set():
            batches = await consumer.getmany(timeout_ms=200, max_records=200)
            if consumer.assignment():
                self.assigned.set()
            for tp, records in batches.items():
                for record in records:
                    if self._stopping.is_set():
                        return
                    await self.process(record)
                    await consumer.commit({tp: record.offset + 1})

    async def process(self, record: ConsumerRecord[bytes, bytes]) -> None:
        """Apply one record: skip, handle once, or dead-letter; returns when it is settled."""
        try:
            event = CloudEvent.from_json(record.value)
        except (ValueError, ValidationError) as exc:
            await self._dead_letter(record, exc, attempts=1)
            return
        handler = self.handlers.get(event.type)
        if handler is None:
            return
        bind_correlation_id(event.correlationid)
        try:
            await self._apply_with_retries(record, event, handler)
        finally:
            bind_correlation_id(None)

    async def _apply_with_retries(
        self, record: ConsumerRecord[bytes, bytes], event: CloudEvent, handler: Handler
    ) -> None:
        attempts = 0
        backoff = self.retry_backoff
        while True:
            try:
                outcome = await self._apply(event, handler)
                PROCESSED.labels(self.name, event.type, outcome).inc()
                return
            except Exception as exc:
                if self._stopping.is_set() and _is_transient(exc):
                    raise  # the offset stays uncommitted; the event comes back after restart
                if not _is_transient(exc):
                    attempts += 1
                log.warning(
                    "handler_failed",
                    consumer=self.name,
                    event_id=event.id,
                    event_type=event.type,
                    attempt=attempts,
                    error=repr(exc),
                )
                if attempts >= self.max_attempts:
                    PROCESSED.labels(self.name, event.type, "dead_lettered").inc()
                    await self._dead_letter(record, exc, attempts)
                    return
                await self._pause(backoff)
                backoff = min(backoff * 2, self.max_backoff)

    async def _apply(self, event: CloudEvent, handler: Handler) -> str:
        async with self.database.sessionmaker() as session, session.begin():
            claimed = await session.scalar(
                _CLAIM, {"consumer": self.name, "event_id": event.id, "type": event.type}
            )
            if claimed is None:
                return "duplicate"
            await handler(session, event)
        return "applied"

    async def _dead_letter(
        self, record: ConsumerRecord[bytes, bytes], exc: BaseException, attempts: int
    ) -> None:
        log.error("event_dead_lettered", consumer=self.name, topic=record.topic, error=repr(exc))
        headers = [
            *(record.headers or ()),
            ("dlq-error", repr(exc)[:2000].encode()),
            ("dlq-traceback", "".join(traceback.format_exception(exc))[-8000:].encode()),
            ("dlq-consumer", self.name.encode()),
            ("dlq-attempts", str(attempts).encode()),
            ("dlq-source", f"{record.topic}/{record.partition}/{record.offset}".encode()),
        ]
        assert self.dlq_producer is not None, "dead-lettering happens only while consuming"
        await self.dlq_producer.send_and_wait(
            dlq_topic(record.topic), record.value, key=record.key, headers=headers
        )

    async def _pause(self, seconds: float) -> None:
        await wait_or_timeout(self._stopping, seconds)


def dlq_topic(topic: str) -> str:
    return f"{topic}.dlq"
