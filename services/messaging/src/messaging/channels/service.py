"""Domain logic of the channels: which deliveries wait for quiet hours to end."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from messaging.channels.repository import DeliveryRepository
from messaging.publications.models import Publication, Severity


async def queue_deliveries(
    session: AsyncSession,
    publication: Publication,
    *,
    after: uuid.UUID | None,
    through: uuid.UUID | None,
) -> None:
    """Queue the other channels of a fan-out batch's recipients (subscriptions after ``after``
    up to ``through``), in the batch's transaction. Quiet hours hold back everything but an
    urgent warning."""
    if through is None:
        return
    await DeliveryRepository(session).queue(
        publication.id,
        after=after,
        through=through,
        urgent=publication.severity == Severity.URGENT,
    )
