"""The reminder worker: emits meeting.reminder_due 24 hours and 1 hour before each meeting.

Each round claims a batch of due reminders (SKIP LOCKED: replicas share the work and none
takes a reminder another holds) and, in the same transaction, writes their events to the
outbox and marks them sent or dropped. A crash before the commit leaves them due; after it,
they are done: each reminder is emitted exactly once.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime

import structlog
from fastapi import FastAPI

from peelian.db.engine import Database
from scheduling.config import SchedulingSettings
from scheduling.meetings.service import MeetingService
from scheduling.reminders.repository import ReminderRepository

log = structlog.get_logger(__name__)

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


class ReminderWorker:
    def __init__(
        self, database: Database, settings: SchedulingSettings, *, clock: Clock = utc_now
    ) -> None:
        self.database = database
        self.settings = settings
        self.clock = clock
        self._stopped = asyncio.Event()

    async def run_pending(self) -> int:
        """Handle batches until nothing is due (or the worker is stopped); returns how many
        reminders were sent."""
        sent = 0
        while not self._stopped.is_set():
            handled, batch_sent = await self._one_batch(self.clock())
            sent += batch_sent
            if handled < self.settings.reminder_batch_size:
                break
        return sent

    async def _one_batch(self, now: datetime) -> tuple[int, int]:
        async with self.database.sessionmaker.begin() as session:
            due = await ReminderRepository(session).claim(now, self.settings.reminder_batch_size)
            if not due:
                return 0, 0
            sent = await MeetingService(session, self.settings).remind(due, now)
        log.info("reminders_handled", due=len(due), sent=sent)
        return len(due), sent

    async def run(self) -> None:
        """Until stopped: send what is due, then look again every ``reminder_poll_seconds``."""
        while not self._stopped.is_set():
            try:
                await self.run_pending()
            except Exception:  # a database outage: log and try again on the next round
                log.exception("reminders_failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopped.wait(), self.settings.reminder_poll_seconds)

    def stop(self) -> None:
        self._stopped.set()


@contextlib.asynccontextmanager
async def reminder_worker(app: FastAPI) -> AsyncIterator[None]:
    """Send reminders in the background (unless workers are off)."""
    settings: SchedulingSettings = app.state.settings
    if not settings.run_workers:
        yield
        return
    worker = ReminderWorker(app.state.database, settings)
    task = asyncio.create_task(worker.run(), name="scheduling-reminders")
    try:
        yield
    finally:
        worker.stop()
        await task
