"""All SQL of the complaints domain."""

from __future__ import annotations

import uuid

from sqlalchemy import update

from messaging.complaints.models import Complaint
from messaging.complaints.schemas import ComplaintFilters
from peelian.db.repository import BaseRepository
from peelian.pagination import PageParams, Slice


class ComplaintRepository(BaseRepository[Complaint]):
    model = Complaint

    async def get_for_update(self, id_: uuid.UUID) -> Complaint | None:
        return await self.session.get(Complaint, id_, with_for_update=True)

    async def of(self, complainant_id: uuid.UUID, params: PageParams) -> Slice[Complaint]:
        return await self.paginate(
            self.select().where(Complaint.complainant_id == complainant_id), params
        )

    async def search(self, filters: ComplaintFilters, params: PageParams) -> Slice[Complaint]:
        stmt = self.select()
        if filters.status is not None:
            stmt = stmt.where(Complaint.status == filters.status)
        return await self.paginate(stmt, params)

    async def forget_complainant(self, complainant_id: uuid.UUID) -> None:
        await self.session.execute(
            update(Complaint)
            .where(Complaint.complainant_id == complainant_id)
            .values(complainant_id=None)
        )
