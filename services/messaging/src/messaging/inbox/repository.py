"""All SQL of the inbox domain."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from messaging.inbox.models import InboxEntry
from peelian.db.repository import keyset_page
from peelian.pagination import PageParams, Slice


class InboxRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def of(self, recipient_id: uuid.UUID, publication_id: uuid.UUID) -> InboxEntry | None:
        return await self.session.get(
            InboxEntry, (recipient_id, publication_id), with_for_update=True
        )

    async def page(self, recipient_id: uuid.UUID, params: PageParams) -> Slice[InboxEntry]:
        """Newest first; a person's entries are found by the key, then sorted (hundreds)."""
        stmt = select(InboxEntry).where(InboxEntry.recipient_id == recipient_id)
        return await keyset_page(
            self.session,
            stmt,
            params,
            at=InboxEntry.delivered_at,
            key=InboxEntry.publication_id,
        )
