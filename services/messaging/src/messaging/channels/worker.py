"""The delivery worker: sends queued email, push and SMS messages when they are due.

Each round claims a batch of due deliveries (SKIP LOCKED: replicas share the work) and renders
them in one short transaction, sends them with no transaction open (several at once), then
records every outcome in one statement. Failures are retried with exponential back-off until
``delivery_max_attempts``.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import structlog
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from messaging.channels.adapters import (
    ChannelAdapter,
    Message,
    PermanentFailure,
    Recipient,
    build_adapters,
)
from messaging.channels.repository import Claimed, DeliveryRepository, Outcome
from messaging.config import MessagingSettings
from messaging.publications.models import Publication, Status
from messaging.publications.schemas import PublicationRead
from messaging.publications.service import PublicationService
from messaging.subscriptions.models import Subscription
from messaging.unsubscribe.tokens import make_token
from peelian.db.engine import Database
from peelian.settings import Environment

log = structlog.get_logger(__name__)

BATCH_SIZE = 100
CONCURRENCY = 10
# The most one send may take, whatever the adapter does; a longer one is retried.
SEND_TIMEOUT_SECONDS = 30.0


@dataclass(frozen=True)
class _Job:
    delivery: Claimed
    recipient: Recipient
    message: Message


class DeliveryWorker:
    def __init__(
        self,
        database: Database,
        settings: MessagingSettings,
        *,
        batch_size: int = BATCH_SIZE,
        poll_seconds: float = 1.0,
    ) -> None:
        self.database = database
        self.settings = settings
        self.adapters: Mapping[str, ChannelAdapter] = build_adapters(settings)
        self.batch_size = batch_size
        self.poll_seconds = poll_seconds
        # Twice what a batch can take, so a live worker's claim never lapses mid-batch.
        self.lease_seconds = 2 * math.ceil(batch_size / CONCURRENCY) * SEND_TIMEOUT_SECONDS
        self._slots = asyncio.Semaphore(CONCURRENCY)
        self._stopped = asyncio.Event()

    async def run_pending(self) -> int:
        """Handle batches until nothing is due (or the worker is stopped); returns how many
        deliveries were handled."""
        handled = 0
        while not self._stopped.is_set() and (batch := await self._one_batch()):
            handled += batch
        return handled

    async def _one_batch(self) -> int:
        async with self.database.sessionmaker.begin() as session:
            claimed = await DeliveryRepository(session).claim(self.batch_size, self.lease_seconds)
            if not claimed:
                return 0
            jobs, outcomes = await self._prepare(session, claimed)
        outcomes += await asyncio.gather(*(self._send(job) for job in jobs))
        async with self.database.sessionmaker.begin() as session:
            await DeliveryRepository(session).record(
                outcomes,
                max_attempts=self.settings.delivery_max_attempts,
                retry_seconds=self.settings.delivery_retry_seconds,
            )
        counts: Counter[str] = Counter(o.outcome for o in outcomes)
        log.info("deliveries_handled", **counts)
        return len(claimed)

    async def _prepare(
        self, session: AsyncSession, claimed: Sequence[Claimed]
    ) -> tuple[list[_Job], list[Outcome]]:
        """What to send, rendered in each recipient's language, and what not to send."""
        deliveries = DeliveryRepository(session)
        subscriptions = await deliveries.subscriptions({c.recipient_id for c in claimed})
        service = PublicationService(session)
        publications = await service.many(list({c.publication_id for c in claimed}))
        rendered: dict[tuple[uuid.UUID, str], PublicationRead] = {}
        jobs: list[_Job] = []
        cancelled: list[Outcome] = []
        now = datetime.now(UTC)
        for delivery in claimed:
            subscription = subscriptions.get(delivery.recipient_id)
            publication = publications[delivery.publication_id]
            reason = _why_not(delivery, subscription, publication, now)
            if reason is not None:
                cancelled.append(Outcome(delivery.id, "cancelled", reason))
                continue
            assert subscription is not None
            key = (publication.id, subscription.language)
            if key not in rendered:
                rendered[key] = await service.render(publication, subscription.language)
            jobs.append(
                _Job(
                    delivery,
                    Recipient(id=subscription.subscriber_id, email=subscription.email),
                    self._message(rendered[key], subscription),
                )
            )
        return jobs, cancelled

    def _message(self, publication: PublicationRead, subscription: Subscription) -> Message:
        token = make_token(subscription.id, self.settings.unsubscribe_secret)
        return Message(
            publication_id=publication.id,
            kind=publication.kind,
            severity=publication.severity,
            language=publication.language,
            title=publication.title,
            body=publication.body,
            unsubscribe_url=f"{self.settings.public_base_url.rstrip('/')}/unsubscribe/{token}",
        )

    async def _send(self, job: _Job) -> Outcome:
        delivery = job.delivery
        async with self._slots:
            try:
                async with asyncio.timeout(SEND_TIMEOUT_SECONDS):
                    await self.adapters[delivery.channel].send(job.recipient, job.message)
            except PermanentFailure as exc:
                error = f"{type(exc).__name__}: {exc}"
                return Outcome(delivery.id, "failed", error)
            # Whatever an adapter raises (a provider down, a timeout) is worth another try.
            except Exception as exc:
                # The error's text may hold an address: it goes to the row, not to the log.
                log.warning(
                    "delivery_attempt_failed",
                    delivery_id=delivery.id,
                    channel=delivery.channel,
                    attempt=delivery.attempts,
                    error=type(exc).__name__,
                )
                return Outcome(delivery.id, "retry", f"{type(exc).__name__}: {exc}")
        return Outcome(delivery.id, "sent")

    async def run(self) -> None:
        """Until stopped: send what is due, then look again every ``poll_seconds``."""
        while not self._stopped.is_set():
            try:
                await self.run_pending()
            except Exception:  # a database outage: log and try again on the next round
                log.exception("deliveries_failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopped.wait(), self.poll_seconds)

    def stop(self) -> None:
        self._stopped.set()


def _why_not(
    delivery: Claimed,
    subscription: Subscription | None,
    publication: Publication,
    now: datetime,
) -> str | None:
    """Why a delivery must no longer go out, if it must not."""
    if publication.status != Status.PUBLISHED:
        return f"publication {publication.status}"
    if publication.expires_at is not None and publication.expires_at <= now:
        return "publication expired"
    if subscription is None or not subscription.active:
        return "unsubscribed"
    if delivery.channel not in subscription.channels:
        return "channel turned off"
    return None


@contextlib.asynccontextmanager
async def delivery_worker(app: FastAPI) -> AsyncIterator[None]:
    """Send queued email, push and SMS messages in the background (unless workers are off)."""
    settings: MessagingSettings = app.state.settings
    if not settings.run_workers:
        yield
        return
    if settings.environment is Environment.PRODUCTION and "logging" in (
        settings.push_adapter,
        settings.sms_adapter,
    ):
        log.warning("push_or_sms_only_logged", push=settings.push_adapter, sms=settings.sms_adapter)
    worker = DeliveryWorker(app.state.database, settings)
    task = asyncio.create_task(worker.run(), name="messaging-deliveries")
    try:
        yield
    finally:
        worker.stop()
        await task
