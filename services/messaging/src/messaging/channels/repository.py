"""All SQL of the channels domain: claiming what is due and recording outcomes, each one
statement for a whole batch. Deliveries are queued by the fan-out's own statement
(publications/repository.py), with the quiet-hours rule of delivery_due_at (migration p003)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from messaging.subscriptions.models import Subscription

# Takes the next due deliveries, skipping those another worker holds, and leases them: each
# attempt is counted now, and a worker that dies mid-send leaves them due again at the end of
# the lease (a message may then go twice, never not at all).
_CLAIM = text(
    """
    WITH due AS (
        SELECT id FROM deliveries
        WHERE state = 'queued' AND next_attempt_at <= now()
        ORDER BY next_attempt_at
        LIMIT :size
        FOR UPDATE SKIP LOCKED
    )
    UPDATE deliveries AS d
    SET attempts = d.attempts + 1, next_attempt_at = now() + make_interval(secs => :lease)
    FROM due WHERE d.id = due.id
    RETURNING d.id, d.publication_id, d.recipient_id, d.channel, d.attempts
    """
)

# Outcomes: sent, failed (for good), cancelled, or retry: queued again after a back-off that
# doubles with each attempt (capped), or failed once the attempts are spent.
_RECORD = text(
    """
    UPDATE deliveries AS d
    SET state = CASE
            WHEN r.outcome <> 'retry' THEN r.outcome
            WHEN d.attempts >= :max_attempts THEN 'failed'
            ELSE 'queued'
        END,
        next_attempt_at = CASE
            WHEN r.outcome = 'retry' AND d.attempts < :max_attempts
                THEN now() + make_interval(
                    secs => least(:cap, :base * power(2, d.attempts - 1)))
            ELSE d.next_attempt_at
        END,
        sent_at = CASE WHEN r.outcome = 'sent' THEN now() END,
        last_error = left(r.error, 500)
    FROM unnest(
        CAST(:ids AS bigint[]), CAST(:outcomes AS varchar[]), CAST(:errors AS varchar[])
    ) AS r(id, outcome, error)
    WHERE d.id = r.id
    """
)

# The longest a retry waits.
_BACK_OFF_CAP_SECONDS = 3600.0


@dataclass(frozen=True)
class Claimed:
    id: int
    publication_id: uuid.UUID
    recipient_id: uuid.UUID
    channel: str
    attempts: int


@dataclass(frozen=True)
class Outcome:
    id: int
    # A final state, or "retry": queued again after a back-off while attempts remain.
    outcome: Literal["sent", "failed", "cancelled", "retry"]
    error: str | None = None


class DeliveryRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def claim(self, size: int, lease_seconds: float) -> list[Claimed]:
        rows = await self.session.execute(_CLAIM, {"size": size, "lease": lease_seconds})
        return [Claimed(**row._mapping) for row in rows]

    async def record(
        self, outcomes: Sequence[Outcome], *, max_attempts: int, retry_seconds: float
    ) -> None:
        await self.session.execute(
            _RECORD,
            {
                "ids": [o.id for o in outcomes],
                "outcomes": [o.outcome for o in outcomes],
                "errors": [o.error for o in outcomes],
                "max_attempts": max_attempts,
                "base": retry_seconds,
                "cap": _BACK_OFF_CAP_SECONDS,
            },
        )

    async def subscriptions(self, subscriber_ids: set[uuid.UUID]) -> dict[uuid.UUID, Subscription]:
        stmt = select(Subscription).where(Subscription.subscriber_id.in_(subscriber_ids))
        return {s.subscriber_id: s for s in await self.session.scalars(stmt)}
