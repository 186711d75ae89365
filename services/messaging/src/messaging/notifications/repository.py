"""All SQL of the notifications domain."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import delete, insert, select

from messaging.notifications.models import Notification
from peelian.db.repository import BaseRepository
from peelian.pagination import PageParams, Slice


class NotificationRepository(BaseRepository[Notification]):
    model = Notification

    async def of(self, recipient_id: uuid.UUID, notification_id: uuid.UUID) -> Notification | None:
        stmt = select(Notification).where(
            Notification.id == notification_id, Notification.recipient_id == recipient_id
        )
        return await self.session.scalar(stmt)

    async def page(self, recipient_id: uuid.UUID, params: PageParams) -> Slice[Notification]:
        stmt = self.select().where(Notification.recipient_id == recipient_id)
        return await self.paginate(stmt, params)

    async def add_many(self, rows: Sequence[dict[str, object]]) -> None:
        """One INSERT for every recipient (a survey sent to a list of accounts)."""
        if rows:
            await self.session.execute(insert(Notification), list(rows))

    async def forget(self, recipient_id: uuid.UUID) -> None:
        await self.session.execute(
            delete(Notification).where(Notification.recipient_id == recipient_id)
        )
