"""The fan-out worker: delivers published warnings and appeals to every matching inbox.

Each batch is one statement (INSERT ... SELECT over the next subscriptions in id order) in a
transaction of its own that also records the progress, so a crash loses at most the batch in
flight, which is then redone (inbox entries are unique per publication and person). The
fan-out row is locked per batch with SKIP LOCKED: several service replicas share the work.
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import UTC, datetime

import structlog

from messaging.channels.service import queue_deliveries
from messaging.events import emit
from messaging.publications.models import FanOutStatus, Kind, Publication
from messaging.publications.repository import FanOutRepository
from messaging.publications.service import PublicationService
from peelian.db.engine import Database
from peelian.events.contracts.messaging import WarningIssuedV1

log = structlog.get_logger(__name__)

BATCH_SIZE = 20_000


class FanOutWorker:
    def __init__(
        self, database: Database, *, batch_size: int = BATCH_SIZE, poll_seconds: float = 0.5
    ) -> None:
        self.database = database
        self.batch_size = batch_size
        self.poll_seconds = poll_seconds
        self._stopped = asyncio.Event()

    async def run_pending(self) -> int:
        """Run batches until no fan-out is left; returns how many batches ran."""
        batches = 0
        # Stopping between batches loses nothing: the next start carries on from the last.
        while not self._stopped.is_set() and await self._one_batch():
            batches += 1
        return batches

    async def _one_batch(self) -> bool:
        async with self.database.sessionmaker.begin() as session:
            fan_outs = FanOutRepository(session)
            fan_out = await fan_outs.next_pending()
            if fan_out is None:
                return False
            publication = await session.get(Publication, fan_out.publication_id)
            assert publication is not None
            now = datetime.now(UTC)
            if fan_out.status == FanOutStatus.PENDING:
                fan_out.status = FanOutStatus.RUNNING
                fan_out.started_at = now
            last_id, scanned, made = await fan_outs.batch(fan_out, publication, self.batch_size)
            await queue_deliveries(
                session, publication, after=fan_out.after_subscription, through=last_id
            )
            fan_out.subscriptions_scanned += scanned
            fan_out.recipients += made
            fan_out.after_subscription = last_id or fan_out.after_subscription
            if scanned < self.batch_size:
                fan_out.status = FanOutStatus.DONE
                fan_out.finished_at = datetime.now(UTC)
                log.info(
                    "fan_out_done",
                    publication_id=str(publication.id),
                    recipients=fan_out.recipients,
                )
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
        return True

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
