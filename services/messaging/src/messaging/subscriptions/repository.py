"""All SQL of the subscriptions domain."""

from __future__ import annotations

import uuid

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from messaging.inbox.models import InboxEntry
from messaging.subscriptions.models import Subscription


class SubscriptionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def of(self, subscriber_id: uuid.UUID) -> Subscription | None:
        stmt = select(Subscription).where(Subscription.subscriber_id == subscriber_id)
        return await self.session.scalar(stmt)

    async def save(self, subscription: Subscription) -> Subscription:
        self.session.add(subscription)
        await self.session.flush()
        await self.session.refresh(subscription)
        return subscription

    async def unlink_inbox(self, recipient_id: uuid.UUID) -> None:
        """Give each of the person's inbox entries a random recipient of its own."""
        await self.session.execute(
            update(InboxEntry)
            .where(InboxEntry.recipient_id == recipient_id)
            .values(recipient_id=func.gen_random_uuid())
        )

    async def remove(self, subscriber_id: uuid.UUID) -> bool:
        result = await self.session.execute(
            delete(Subscription)
            .where(Subscription.subscriber_id == subscriber_id)
            .returning(Subscription.id)
        )
        return result.first() is not None
