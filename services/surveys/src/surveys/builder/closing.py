"""The worker that closes surveys when their closing time comes (so that survey.closed is
published then, not only when someone next looks)."""

from __future__ import annotations

import asyncio

import structlog

from peelian.asyncutils import wait_or_timeout
from peelian.db.engine import Database
from surveys.builder.service import SurveyService

log = structlog.get_logger(__name__)


class ClosingWorker:
    def __init__(self, database: Database, poll_seconds: float) -> None:
        self.database = database
        self.poll_seconds = poll_seconds
        self._stop = asyncio.Event()

    async def close_due(self) -> int:
        """Close every survey past its closing time, in one transaction; returns how many."""
        async with self.database.sessionmaker.begin() as session:
            return await SurveyService(session).close_due()

    async def run(self) -> None:
        while not self._stop.is_set():
            try:
                closed = await self.close_due()
                if closed:
                    log.info("surveys_closed", count=closed)
            except Exception:
                log.exception("closing_surveys_failed")
            await wait_or_timeout(self._stop, self.poll_seconds)

    def stop(self) -> None:
        self._stop.set()
