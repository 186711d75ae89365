"""All SQL of the inbox domain."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from messaging.inbox.models import InboxEntry


class InboxRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def of(self, recipient_id: uuid.UUID, entry_id: int) -> InboxEntry | None:
        stmt = (
            select(InboxEntry)
            .where(InboxEntry.id == entry_id, InboxEntry.recipient_id == recipient_id)
            .with_for_update()
        )
        return await self.session.scalar(stmt)

    async def page(
        self, recipient_id: uuid.UUID, limit: int, before_id: int | None
    ) -> list[InboxEntry]:
        """Newest first (entry ids grow with delivery), from below ``before_id`` if given."""
        stmt = select(InboxEntry).where(InboxEntry.recipient_id == recipient_id)
        if before_id is not None:
            stmt = stmt.where(InboxEntry.id < before_id)
        stmt = stmt.order_by(InboxEntry.id.desc()).limit(limit)
        return list((await self.session.scalars(stmt)).all())
