"""Applying events in tests as a service's consumer would, without Kafka."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable

from peelian.consumer.runner import Handlers
from peelian.db.engine import Database
from peelian.events.envelope import CloudEvent, EventPayload
from peelian.settings import BaseServiceSettings

Apply = Callable[[EventPayload, uuid.UUID], Awaitable[None]]


@contextlib.asynccontextmanager
async def applying(settings: BaseServiceSettings, registry: Handlers) -> AsyncIterator[Apply]:
    """``apply(payload, subject)``: run the handler ``registry`` has for it in a committed
    transaction on the service's database, as the consumer does (without its inbox row, so
    that a second delivery runs it again)."""
    database = Database.from_settings(settings)

    async def apply(payload: EventPayload, subject: uuid.UUID) -> None:
        event = CloudEvent.wrap(payload, service="tests", subject=str(subject))
        async with database.sessionmaker() as session, session.begin():
            await registry[event.type](session, event)

    try:
        yield apply
    finally:
        await database.dispose()
