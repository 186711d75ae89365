"""All SQL of the feed domain."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from peelian.events.contracts.referrals import ReferralCreatedV1
from referrals.feed.models import PartnerEvent


class PartnerEventRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, event: PartnerEvent) -> PartnerEvent:
        self.session.add(event)
        await self.session.flush()
        return event

    async def carrying_reports(self, report_ids: list[uuid.UUID]) -> list[PartnerEvent]:
        """The partners' events that carry one of these reports (referral.created)."""
        stmt = (
            select(PartnerEvent)
            .where(
                PartnerEvent.report_id.in_(report_ids),
                PartnerEvent.type == ReferralCreatedV1.event_type,
            )
            .with_for_update()
        )
        return list(await self.session.scalars(stmt))
