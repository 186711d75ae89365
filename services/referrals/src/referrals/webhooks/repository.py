"""All SQL of the webhooks domain: endpoints, queueing, claiming and recording deliveries."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, text, update

from peelian.db.repository import BaseRepository
from peelian.pagination import PageParams, Slice
from referrals.feed.models import PartnerEvent
from referrals.webhooks.models import Attempt, Delivery, DeliveryStatus, Endpoint
from referrals.webhooks.schemas import DeliveryFilters

_QUEUE = text(
    """
    INSERT INTO webhook_deliveries (id, partner_id, endpoint_id, event_id, event_type, status,
                                    attempts)
    SELECT gen_random_uuid(), e.partner_id, e.id, :event_id, CAST(:event_type AS varchar),
           'pending', 0
    FROM webhook_endpoints e
    WHERE e.partner_id = :partner_id AND e.enabled
      AND CAST(:event_type AS varchar) = ANY(e.event_types)
    """
)

# The next due deliveries, fairly: each partner gets at most :per_partner in flight, counting
# what every worker already holds, so a slow partner's backlog never takes the others' turns.
# Claimed rows are leased (next_attempt_at moves to the lease's end too): a worker that dies
# mid-send leaves them due again when the lease ends, and the receiver dedupes on webhook-id.
# Each attempt is counted when claimed; the count is the lease's fencing token.
_CLAIM = text(
    """
    WITH in_flight AS (
        SELECT partner_id, count(*) AS n FROM webhook_deliveries
        WHERE status = 'pending' AND leased_until > now()
        GROUP BY partner_id
    ), due AS (
        SELECT d.id, d.partner_id, d.next_attempt_at,
               row_number() OVER (PARTITION BY d.partner_id ORDER BY d.next_attempt_at, d.id)
                   AS turn
        FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
        WHERE d.status = 'pending' AND d.next_attempt_at <= now() AND e.enabled
    ), fair AS (
        SELECT due.id FROM due LEFT JOIN in_flight f USING (partner_id)
        WHERE due.turn + coalesce(f.n, 0) <= :per_partner
        ORDER BY due.next_attempt_at LIMIT :size
    ), claimed AS (
        SELECT d.id FROM webhook_deliveries d JOIN fair USING (id)
        WHERE d.status = 'pending' AND d.next_attempt_at <= now()
        FOR UPDATE OF d SKIP LOCKED
    )
    UPDATE webhook_deliveries AS d
    SET attempts = d.attempts + 1,
        leased_until = now() + make_interval(secs => :lease),
        next_attempt_at = now() + make_interval(secs => :lease)
    FROM claimed, webhook_endpoints e, partner_events ev, partners p
    WHERE d.id = claimed.id AND e.id = d.endpoint_id AND ev.id = d.event_id
      AND p.id = d.partner_id
    RETURNING d.id, d.partner_id, d.endpoint_id, d.event_id, d.attempts, e.url, e.secret,
              e.previous_secret, e.previous_secret_expires_at, ev.envelope,
              p.agreement_fields
    """
)

# Outcomes for a batch of attempts. Only where the lease still holds (the attempt count is the
# fencing token): a worker whose lease ran out records nothing over the one that took over.
_RECORD = text(
    """
    WITH r AS (
        SELECT * FROM unnest(
            CAST(:ids AS uuid[]), CAST(:attempts AS int[]), CAST(:statuses AS varchar[]),
            CAST(:next AS timestamptz[]), CAST(:codes AS int[]), CAST(:errors AS varchar[]),
            CAST(:at AS timestamptz[]), CAST(:ms AS int[])
        ) AS r(id, attempts, status, next_attempt_at, status_code, error, attempted_at,
               duration_ms)
    ), recorded AS (
        UPDATE webhook_deliveries AS d
        SET status = r.status, leased_until = NULL, next_attempt_at = r.next_attempt_at,
            last_status_code = r.status_code, last_error = r.error,
            delivered_at = CASE WHEN r.status = 'delivered' THEN r.attempted_at END,
            updated_at = now()
        FROM r
        WHERE d.id = r.id AND d.attempts = r.attempts AND d.status = 'pending'
        RETURNING d.id
    )
    INSERT INTO webhook_attempts (delivery_id, attempted_at, status_code, error, duration_ms)
    SELECT r.id, r.attempted_at, r.status_code, r.error, r.duration_ms
    FROM r JOIN recorded USING (id)
    RETURNING delivery_id
    """
)

_REPLAY_RANGE = text(
    """
    INSERT INTO webhook_deliveries (id, partner_id, endpoint_id, event_id, event_type, status,
                                    attempts)
    SELECT gen_random_uuid(), ev.partner_id, :endpoint_id, ev.id, ev.type, 'pending', 0
    FROM partner_events ev
    WHERE ev.partner_id = :partner_id AND ev.time >= :since AND ev.time < :until
      AND ev.type = ANY(CAST(:event_types AS varchar[]))
    """
)


@dataclass(frozen=True)
class Claimed:
    """A delivery a worker holds, with everything needed to send it."""

    id: uuid.UUID
    partner_id: uuid.UUID
    endpoint_id: uuid.UUID
    event_id: uuid.UUID
    attempts: int
    url: str
    secret: bytes
    previous_secret: bytes | None
    previous_secret_expires_at: datetime | None
    envelope: dict[str, Any]
    agreement_fields: list[str]


@dataclass(frozen=True)
class Result:
    """How an attempt went, and so what becomes of the delivery."""

    claimed: Claimed
    attempted_at: datetime
    duration_ms: int
    status_code: int | None
    error: str | None
    # delivered, dead, or pending again at next_attempt_at.
    status: DeliveryStatus
    next_attempt_at: datetime | None


class EndpointRepository(BaseRepository[Endpoint]):
    model = Endpoint

    async def get_for_update(self, endpoint_id: uuid.UUID) -> Endpoint | None:
        return await self.session.get(Endpoint, endpoint_id, with_for_update=True)

    async def of_partner(self, partner_id: uuid.UUID) -> list[Endpoint]:
        stmt = (
            select(Endpoint).where(Endpoint.partner_id == partner_id).order_by(Endpoint.created_at)
        )
        return list(await self.session.scalars(stmt))


class DeliveryRepository(BaseRepository[Delivery]):
    model = Delivery

    async def queue(self, event: PartnerEvent) -> None:
        """One delivery of ``event`` to each enabled endpoint of its partner subscribing to
        its type."""
        await self.session.execute(
            _QUEUE,
            {"event_id": event.id, "event_type": event.type, "partner_id": event.partner_id},
        )

    async def search(
        self, partner_id: uuid.UUID, filters: DeliveryFilters, params: PageParams
    ) -> Slice[Delivery]:
        stmt = self.select().where(Delivery.partner_id == partner_id)
        if filters.status is not None:
            stmt = stmt.where(Delivery.status == filters.status)
        if filters.endpoint_id is not None:
            stmt = stmt.where(Delivery.endpoint_id == filters.endpoint_id)
        if filters.event_type is not None:
            stmt = stmt.where(Delivery.event_type == filters.event_type)
        if filters.since is not None:
            stmt = stmt.where(Delivery.created_at >= filters.since)
        if filters.until is not None:
            stmt = stmt.where(Delivery.created_at < filters.until)
        return await self.paginate(stmt, params)

    async def attempts(self, delivery_id: uuid.UUID) -> list[Attempt]:
        stmt = select(Attempt).where(Attempt.delivery_id == delivery_id).order_by(Attempt.id)
        return list(await self.session.scalars(stmt))

    async def replay_range(
        self,
        endpoint: Endpoint,
        since: datetime,
        until: datetime,
        event_types: list[str],
    ) -> int:
        result = await self.session.execute(
            _REPLAY_RANGE,
            {
                "endpoint_id": endpoint.id,
                "partner_id": endpoint.partner_id,
                "since": since,
                "until": until,
                "event_types": event_types,
            },
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def claim(self, size: int, per_partner: int, lease_seconds: float) -> list[Claimed]:
        rows = await self.session.execute(
            _CLAIM, {"size": size, "per_partner": per_partner, "lease": lease_seconds}
        )
        return [Claimed(**row._mapping) for row in rows]

    async def record(self, results: list[Result]) -> set[uuid.UUID]:
        """Record attempts and their deliveries' new states, all in one statement; returns the
        deliveries recorded. One missing had its lease lost meanwhile (another worker holds
        it now): its attempt is not recorded."""
        rows = await self.session.execute(
            _RECORD,
            {
                "ids": [r.claimed.id for r in results],
                "attempts": [r.claimed.attempts for r in results],
                "statuses": [str(r.status) for r in results],
                "next": [r.next_attempt_at or r.attempted_at for r in results],
                "codes": [r.status_code for r in results],
                "errors": [r.error for r in results],
                "at": [r.attempted_at for r in results],
                "ms": [r.duration_ms for r in results],
            },
        )
        return set(rows.scalars())

    async def release(self, claimed: list[Claimed]) -> None:
        """Hand back deliveries whose attempt was cut short (the worker is stopping): due
        again at once, the attempt counted."""
        for delivery in claimed:
            await self.session.execute(
                update(Delivery)
                .where(
                    Delivery.id == delivery.id,
                    Delivery.attempts == delivery.attempts,
                    Delivery.status == DeliveryStatus.PENDING,
                )
                .values(leased_until=None, next_attempt_at=func.now())
            )
