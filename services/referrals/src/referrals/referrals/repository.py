"""All SQL of the referrals domain."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import func, select

from peelian.db.repository import BaseRepository
from peelian.pagination import PageParams, Slice
from referrals.referrals.models import OPEN_STATUSES, Referral, ReferralUpdate
from referrals.referrals.schemas import ReferralFilters


class ReferralRepository(BaseRepository[Referral]):
    model = Referral

    async def get_for_update(self, referral_id: uuid.UUID) -> Referral | None:
        return await self.session.get(Referral, referral_id, with_for_update=True)

    async def open_to(
        self, report_id: uuid.UUID, partner_ids: Sequence[uuid.UUID]
    ) -> dict[uuid.UUID, uuid.UUID]:
        """Partner id -> the report's open referral to it, among ``partner_ids``."""
        stmt = select(Referral.partner_id, Referral.id).where(
            Referral.report_id == report_id,
            Referral.partner_id.in_(partner_ids),
            Referral.status.in_(OPEN_STATUSES),
        )
        return {
            partner_id: referral_id for partner_id, referral_id in await self.session.execute(stmt)
        }

    async def search(
        self, filters: ReferralFilters, params: PageParams, *, partner_id: uuid.UUID | None
    ) -> Slice[Referral]:
        stmt = self.select()
        if partner_id is not None:
            stmt = stmt.where(Referral.partner_id == partner_id)
        if filters.status is not None:
            stmt = stmt.where(Referral.status == filters.status)
        if filters.report_id is not None:
            stmt = stmt.where(Referral.report_id == filters.report_id)
        if filters.overdue is not None:
            overdue = Referral.status.in_(OPEN_STATUSES) & (Referral.due_at < func.now())
            stmt = stmt.where(overdue if filters.overdue else ~overdue)
        return await self.paginate(stmt, params)

    async def updates(self, referral_id: uuid.UUID) -> list[ReferralUpdate]:
        stmt = (
            select(ReferralUpdate)
            .where(ReferralUpdate.referral_id == referral_id)
            .order_by(ReferralUpdate.created_at, ReferralUpdate.id)
        )
        return list(await self.session.scalars(stmt))

    async def add_update(self, update: ReferralUpdate) -> None:
        self.session.add(update)
        await self.session.flush()
