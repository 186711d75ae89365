"""All SQL of reports' reporters."""

from __future__ import annotations

import uuid

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from scheduling.reports.models import ReportReporter


class ReportReporterRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def remember(self, report_id: uuid.UUID, reporter_id: uuid.UUID) -> None:
        await self.session.execute(
            insert(ReportReporter)
            .values(report_id=report_id, reporter_id=reporter_id)
            .on_conflict_do_nothing()
        )

    async def reporter_of(self, report_id: uuid.UUID) -> uuid.UUID | None:
        stmt = select(ReportReporter.reporter_id).where(ReportReporter.report_id == report_id)
        return await self.session.scalar(stmt)

    async def forget(self, reporter_id: uuid.UUID) -> None:
        await self.session.execute(
            delete(ReportReporter).where(ReportReporter.reporter_id == reporter_id)
        )
