"""Notification routes: what happened to you (/notifications)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends

from messaging.exceptions import NotificationNotFound
from messaging.notifications.schemas import NotificationRead
from messaging.notifications.service import NotificationService
from peelian.auth import PrincipalDep
from peelian.db.engine import SessionDep
from peelian.errors import Unauthorized, error_responses
from peelian.pagination import InvalidCursor, Page, PageParamsDep

router = APIRouter(
    prefix="/notifications", tags=["notifications"], responses=error_responses(Unauthorized)
)


def _service(session: SessionDep) -> NotificationService:
    return NotificationService(session)


NotificationServiceDep = Annotated[NotificationService, Depends(_service)]


@router.get("", responses=error_responses(InvalidCursor))
async def list_notifications(
    principal: PrincipalDep, notifications: NotificationServiceDep, page: PageParamsDep
) -> Page[NotificationRead]:
    """Your notifications (meetings, surveys for you), newest first."""
    return await notifications.page(principal, page)


@router.post("/{notification_id}/read", responses=error_responses(NotificationNotFound))
async def mark_read(
    notification_id: uuid.UUID, principal: PrincipalDep, notifications: NotificationServiceDep
) -> NotificationRead:
    """Mark a notification read."""
    notification = await notifications.read(principal, notification_id)
    return NotificationRead.model_validate(notification)
