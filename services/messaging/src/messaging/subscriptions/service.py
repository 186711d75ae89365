"""Domain logic of subscriptions: one per person, matched to areas when saved."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from messaging.exceptions import UnknownArea
from messaging.subscriptions.models import Subscription
from messaging.subscriptions.repository import SubscriptionRepository
from messaging.subscriptions.schemas import SubscriptionWrite
from messaging.targets import check_targets
from peelian.areas import AreaRepository
from peelian.auth.principal import Principal
from peelian.errors import NotFound


class SubscriptionNotFound(NotFound):
    error = "subscription_not_found"


class SubscriptionService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.subscriptions = SubscriptionRepository(session)

    async def get(self, principal: Principal) -> Subscription:
        subscription = await self.subscriptions.of(principal.subject)
        if subscription is None:
            raise SubscriptionNotFound("you have no subscription: create it with PUT")
        return subscription

    async def put(self, principal: Principal, data: SubscriptionWrite) -> Subscription:
        await check_targets(self.session, data.areas, data.topics)
        matched = set(data.areas)
        if data.latitude is not None and data.longitude is not None and data.radius_m:
            near = await AreaRepository(self.session).near(
                data.latitude, data.longitude, data.radius_m
            )
            if not near and not data.areas:
                raise UnknownArea(
                    "no named area is within that radius of the point: widen the radius or "
                    "choose areas"
                )
            matched |= set(near)
        subscription = await self.subscriptions.of(principal.subject) or Subscription(
            subscriber_id=principal.subject
        )
        for field, value in data.model_dump().items():
            setattr(subscription, field, value)
        subscription.matched_areas = sorted(matched)
        subscription.active = True
        return await self.subscriptions.save(subscription)

    async def erase_subscriber(self, account_id: uuid.UUID) -> None:
        """An erased account: their subscription (and its email address) goes; what was
        delivered to them is no longer theirs but still counts in the reach figures."""
        await self.subscriptions.remove(account_id)
        await self.subscriptions.unlink_inbox(account_id)

    async def remove(self, principal: Principal) -> None:
        if not await self.subscriptions.remove(principal.subject):
            raise SubscriptionNotFound("you have no subscription")
