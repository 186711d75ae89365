"""All SQL of the reports domain."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from referrals.reports.models import ReportSnapshot


class ReportRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, report_id: uuid.UUID, *, for_share: bool = False) -> ReportSnapshot | None:
        # A shared lock keeps a withdrawal or an erasure from slipping in while it is referred.
        return await self.session.get(
            ReportSnapshot, report_id, with_for_update={"read": True} if for_share else None
        )

    async def insert(self, values: dict[str, Any]) -> bool:
        """Keep the snapshot; False if it was already kept (a redelivered event)."""
        stmt = (
            insert(ReportSnapshot)
            .values(**values)
            .on_conflict_do_nothing(index_elements=[ReportSnapshot.report_id])
            .returning(ReportSnapshot.report_id)
        )
        return (await self.session.scalar(stmt)) is not None

    async def set_withdrawn(self, report_id: uuid.UUID) -> None:
        await self.session.execute(
            update(ReportSnapshot)
            .where(ReportSnapshot.report_id == report_id)
            .values(withdrawn=True)
        )

    async def forget_reporter(self, reporter_id: uuid.UUID) -> list[uuid.UUID]:
        """Unlink the erased person's reports and withdraw their consent to sharing; returns
        the reports."""
        rows = await self.session.scalars(
            update(ReportSnapshot)
            .where(ReportSnapshot.reporter_id == reporter_id)
            .values(reporter_id=None, share_consent=False)
            .returning(ReportSnapshot.report_id)
        )
        return list(rows)
