"""The fan-out worker: delivers published warnings and appeals to every matching inbox.

A fan-out is cut into slices of the subscriptions (publications/repository.py). Each batch of
a slice is one statement (inbox entries and queued deliveries together) in a transaction of
its own that also moves the slice's cursor, so a crash loses at most the batch in flight,
which is then redone. Slices are claimed with SKIP LOCKED: the worker's tasks, and the
service's replicas, run one fan-out in parallel.
"""

from __future__ import annotations

import asyncio
import contextlib

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from messaging.events import emit
from messaging.publications.models import FanOut, Kind, Publication, Severity
from messaging.publications.repository import FanOutRepository
from messaging.publications.service import PublicationService
from peelian.db.engine import Database
from peelian.events.contracts.messaging import WarningIssuedV1

log = structlog.get_logger(__name__)


class FanOutWorker:
    def __init__(
        self,
        database: Database,
        *,
        batch_size: int = 20_000,
        concurrency: int = 2,
        poll_seconds: float = 0.5,
    ) -> None:
        self.database = database
        self.batch_size = batch_size
        self.concurrency = concurrency
        self.poll_seconds = poll_seconds
        self._stopped = asyncio.Event()

    async def run_pending(self) -> int:
        """Run batches on ``concurrency`` connections until no slice is left; returns how many
        batches ran."""
        async with asyncio.TaskGroup() as group:  # one failing cancels the others
            drains = [group.create_task(self._drain()) for _ in range(self.concurrency)]
        return sum(d.result() for d in drains)

    async def _drain(self) -> int:
        batches = 0
        # Stopping between batches loses nothing: the next start carries on from the cursor.
        while not self._stopped.is_set() and await self._one_batch():
            batches += 1
        return batches

    async def _one_batch(self) -> bool:
        async with self.database.sessionmaker.begin() as session:
            fan_outs = FanOutRepository(session)
            slice_ = await fan_outs.next_slice()
            if slice_ is None:
                return False
            publication = await session.get(Publication, slice_.publication_id)
            assert publication is not None
            if slice_.scanned == 0:
                await fan_outs.mark_running(publication.id)
            result = await fan_outs.batch(
                slice_,
                publication,
                self.batch_size,
                urgent=publication.severity == Severity.URGENT,
            )
            slice_.scanned += result.scanned
            slice_.recipients += result.made
            if result.last_seq is not None:
                slice_.after_seq = result.last_seq
            if result.scanned < self.batch_size:
                slice_.done = True
                await session.flush()
                fan_out = await fan_outs.finish_if_complete(publication.id)
                if fan_out is not None:
                    await self._finished(session, publication, fan_out)
        return True

    async def _finished(
        self, session: AsyncSession, publication: Publication, fan_out: FanOut
    ) -> None:
        log.info("fan_out_done", publication_id=str(publication.id), recipients=fan_out.recipients)
        if publication.kind == Kind.WARNING:
            await emit(
                session,
                WarningIssuedV1(
                    publication_id=publication.id,
                    severity=publication.severity or "info",
                    areas=list(publication.areas),
                    topics=list(publication.topics),
                    expires_at=publication.expires_at,
                    requires_acknowledgement=publication.requires_acknowledgement,
                    recipients=fan_out.recipients,
                ),
                publication.id,
            )

    async def publish_scheduled(self) -> int:
        """Publish scheduled publications whose time has come (their fan-outs follow)."""
        async with self.database.sessionmaker.begin() as session:
            return await PublicationService(session).publish_due()

    async def run(self) -> None:
        """Until stopped: publish what is due, run what is pending, then look again every
        ``poll_seconds``."""
        while not self._stopped.is_set():
            try:
                await self.publish_scheduled()
                await self.run_pending()
            except Exception:  # a database outage: log and try again on the next round
                log.exception("fan_out_failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopped.wait(), self.poll_seconds)

    def stop(self) -> None:
        self._stopped.set()
