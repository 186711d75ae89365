"""Writing this service's events to the outbox, in the caller's transaction."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from peelian.events.envelope import CloudEvent, EventPayload
from peelian.outbox import add_event

SERVICE = "surveys"


async def emit(session: AsyncSession, payload: EventPayload, subject: uuid.UUID) -> None:
    """Publish ``payload`` about survey ``subject`` once the transaction commits. The outbox
    writer holds a lock on the survey's key until then: call this late in a transaction."""
    await add_event(session, CloudEvent.wrap(payload, service=SERVICE, subject=str(subject)))
