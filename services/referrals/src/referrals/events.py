"""Writing this service's events to the outbox, in the caller's transaction."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from peelian.events.envelope import CloudEvent, EventPayload
from peelian.outbox import add_event

SERVICE = "referrals"


def envelope(payload: EventPayload, subject: uuid.UUID) -> CloudEvent:
    return CloudEvent.wrap(payload, service=SERVICE, subject=str(subject))


async def emit(session: AsyncSession, event: CloudEvent, *, topic: str | None = None) -> None:
    """Publish ``event`` (on its contract's topic, or ``topic``) once the transaction commits."""
    await add_event(session, event, topic=topic)
