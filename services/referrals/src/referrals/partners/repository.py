"""All SQL of the partners domain."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from referrals.partners.models import Partner
from referrals.partners.schemas import PartnerFilters


class PartnerRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, partner_id: uuid.UUID, *, for_update: bool = False) -> Partner | None:
        return await self.session.get(Partner, partner_id, with_for_update=for_update or None)

    async def by_slug(self, slug: str) -> Partner | None:
        return await self.session.scalar(select(Partner).where(Partner.slug == slug))

    async def many(self, partner_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Partner]:
        # Shared locks: a partner cannot be deactivated under a referral being made to it.
        stmt = select(Partner).where(Partner.id.in_(partner_ids)).with_for_update(read=True)
        return {p.id: p for p in await self.session.scalars(stmt)}

    async def search(self, filters: PartnerFilters) -> list[Partner]:
        stmt = select(Partner).order_by(Partner.name)
        if filters.active is not None:
            stmt = stmt.where(Partner.active == filters.active)
        if filters.category is not None:
            stmt = stmt.where(Partner.categories.any_() == filters.category)
        return list(await self.session.scalars(stmt))

    async def interested_in(self, category: str) -> list[Partner]:
        """Active partners that deal with reports of ``category``."""
        stmt = (
            select(Partner)
            .where(Partner.active, Partner.categories.any_() == category)
            .order_by(Partner.name)
        )
        return list(await self.session.scalars(stmt))

    async def add(self, partner: Partner) -> Partner:
        self.session.add(partner)
        await self.session.flush()
        return partner
