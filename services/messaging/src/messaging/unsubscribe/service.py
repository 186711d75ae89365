"""Domain logic of one-click unsubscribe: a genuine link switches its subscription off."""

from __future__ import annotations

from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncSession

from messaging.subscriptions.models import Subscription
from messaging.unsubscribe.exceptions import UnsubscribeLinkNotFound
from messaging.unsubscribe.repository import UnsubscribeRepository
from messaging.unsubscribe.tokens import read_token


class UnsubscribeService:
    def __init__(self, session: AsyncSession, secret: SecretStr) -> None:
        self.session = session
        self.secret = secret
        self.subscriptions = UnsubscribeRepository(session)

    async def find(self, token: str) -> Subscription:
        subscription_id = read_token(token, self.secret)
        subscription = (
            await self.subscriptions.get(subscription_id) if subscription_id is not None else None
        )
        if subscription is None:
            raise UnsubscribeLinkNotFound("this unsubscribe link is not valid")
        return subscription

    async def unsubscribe(self, token: str) -> Subscription:
        """Stop every message but those already in the inbox; saving the subscription again
        (PUT /subscriptions/me) turns it back on. Repeating it changes nothing."""
        subscription = await self.find(token)
        subscription.active = False
        await self.session.flush()
        return subscription
