"""All SQL of the evidence domain."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, text, update

from peelian.db.repository import BaseRepository
from peelian.pagination import PageParams, Slice
from reporting.categories.models import Category
from reporting.evidence.models import CustodyEvent, DirectUpload, Evidence
from reporting.reports.models import Report

# Serialises one uploader's admissions across reports, so that two uploads at once cannot
# both fit under the daily limit that only one of them fits under.
_LOCK_UPLOADER = text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))")


@dataclass(frozen=True)
class CustodySummary:
    events: int
    last_at: datetime | None


class EvidenceRepository(BaseRepository[Evidence]):
    model = Evidence

    async def report(self, report_id: uuid.UUID, *, for_update: bool = False) -> Report | None:
        return await self.session.get(Report, report_id, with_for_update=for_update)

    async def retention_days(self, category: str) -> int:
        stmt = select(Category.retention_days).where(Category.slug == category)
        return (await self.session.execute(stmt)).scalar_one()

    async def report_bytes(self, report_id: uuid.UUID) -> int:
        stmt = select(func.coalesce(func.sum(Evidence.size_bytes), 0)).where(
            Evidence.report_id == report_id
        )
        return int((await self.session.execute(stmt)).scalar_one())

    async def uploader_bytes_since(self, uploader_id: uuid.UUID, since: datetime) -> int:
        stmt = select(func.coalesce(func.sum(Evidence.size_bytes), 0)).where(
            Evidence.uploaded_by == uploader_id, Evidence.created_at >= since
        )
        return int((await self.session.execute(stmt)).scalar_one())

    async def forget_uploader(self, account_id: uuid.UUID) -> None:
        """An erased account no longer names who uploaded or asked to upload (the evidence
        itself stays: it belongs to the report)."""
        await self.session.execute(
            update(Evidence).where(Evidence.uploaded_by == account_id).values(uploaded_by=None)
        )
        await self.session.execute(
            update(DirectUpload)
            .where(DirectUpload.requested_by == account_id)
            .values(requested_by=None)
        )

    async def lock_uploader(self, uploader_id: uuid.UUID) -> None:
        await self.session.execute(_LOCK_UPLOADER, {"key": f"evidence-uploader/{uploader_id}"})

    async def of_report(self, report_id: uuid.UUID, evidence_id: uuid.UUID) -> Evidence | None:
        stmt = select(Evidence).where(Evidence.id == evidence_id, Evidence.report_id == report_id)
        return await self.session.scalar(stmt)

    async def list_for_report(
        self, report_id: uuid.UUID, params: PageParams, uploaded_by: uuid.UUID | None
    ) -> Slice[Evidence]:
        stmt = self.select().where(Evidence.report_id == report_id)
        if uploaded_by is not None:
            stmt = stmt.where(Evidence.uploaded_by == uploaded_by)
        return await self.paginate(stmt, params)

    async def custody_summaries(
        self, evidence_ids: list[uuid.UUID]
    ) -> dict[uuid.UUID, CustodySummary]:
        if not evidence_ids:
            return {}
        stmt = (
            select(CustodyEvent.evidence_id, func.count(), func.max(CustodyEvent.at))
            .where(CustodyEvent.evidence_id.in_(evidence_ids))
            .group_by(CustodyEvent.evidence_id)
        )
        rows = (await self.session.execute(stmt)).all()
        return {row[0]: CustodySummary(events=row[1], last_at=row[2]) for row in rows}

    async def add_custody(self, event: CustodyEvent) -> CustodyEvent:
        self.session.add(event)
        await self.session.flush()
        # ``at`` comes from the database clock, like every other custody row's.
        await self.session.refresh(event, ["at"])
        return event

    async def custody(self, evidence_id: uuid.UUID) -> list[CustodyEvent]:
        stmt = (
            select(CustodyEvent)
            .where(CustodyEvent.evidence_id == evidence_id)
            .order_by(CustodyEvent.at, CustodyEvent.id)
        )
        return list((await self.session.scalars(stmt)).all())


class DirectUploadRepository(BaseRepository[DirectUpload]):
    model = DirectUpload

    async def of_report_for_update(
        self, report_id: uuid.UUID, upload_id: uuid.UUID
    ) -> DirectUpload | None:
        stmt = (
            select(DirectUpload)
            .where(DirectUpload.id == upload_id, DirectUpload.report_id == report_id)
            .with_for_update()
        )
        return await self.session.scalar(stmt)
