"""add_event: write an event into the outbox inside the caller's transaction."""

from __future__ import annotations

import uuid

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from peelian.events.envelope import CloudEvent, registry

# One round trip: take a transaction-scoped lock on the event's key, then insert. Writers of
# the same key are serialised until commit, so a key's ids follow commit order and the relay,
# which publishes in id order, keeps each aggregate's events in order.
_INSERT = text(
    """
    WITH key_lock AS (SELECT pg_advisory_xact_lock(hashtextextended(:topic || '/' || :key, 0)))
    INSERT INTO outbox (event_id, event_type, topic, key, envelope)
    SELECT :event_id, :event_type, :topic, :key, :envelope FROM key_lock
    """
)


async def add_event(session: AsyncSession, event: CloudEvent, *, topic: str | None = None) -> None:
    """Record ``event`` for publication; it is published only if the transaction commits.
    ``topic`` sends it elsewhere than its contract's topic (a partner's own feed)."""
    topic = topic or registry.payload_class(event.type).topic
    await session.execute(
        _INSERT,
        {
            "event_id": uuid.UUID(event.id),
            "event_type": event.type,
            "topic": topic,
            "key": event.subject,
            "envelope": event.to_json(),
        },
    )
