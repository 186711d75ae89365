"""Subscription routes: your own subscription (/subscriptions/me)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, status

from messaging.dependencies import CitizenDep
from messaging.exceptions import UnknownArea, UnknownTopic
from messaging.subscriptions.schemas import SubscriptionRead, SubscriptionWrite
from messaging.subscriptions.service import SubscriptionNotFound, SubscriptionService
from peelian.db.engine import SessionDep
from peelian.errors import Forbidden, Unauthorized, error_responses

router = APIRouter(
    prefix="/subscriptions",
    tags=["subscriptions"],
    responses=error_responses(Unauthorized, Forbidden),
)


def _service(session: SessionDep) -> SubscriptionService:
    return SubscriptionService(session)


SubscriptionServiceDep = Annotated[SubscriptionService, Depends(_service)]


@router.get("/me", responses=error_responses(SubscriptionNotFound))
async def read_subscription(
    principal: CitizenDep, subscriptions: SubscriptionServiceDep
) -> SubscriptionRead:
    """Your subscription."""
    return SubscriptionRead.model_validate(await subscriptions.get(principal))


@router.put("/me", responses=error_responses(UnknownArea, UnknownTopic))
async def save_subscription(
    data: SubscriptionWrite, principal: CitizenDep, subscriptions: SubscriptionServiceDep
) -> SubscriptionRead:
    """Create or replace your subscription."""
    return SubscriptionRead.model_validate(await subscriptions.put(principal, data))


@router.delete(
    "/me", status_code=status.HTTP_204_NO_CONTENT, responses=error_responses(SubscriptionNotFound)
)
async def delete_subscription(principal: CitizenDep, subscriptions: SubscriptionServiceDep) -> None:
    """Stop every message but those already in your inbox."""
    await subscriptions.remove(principal)
