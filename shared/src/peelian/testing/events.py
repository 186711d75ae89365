"""Events in tests: applying them as a service's consumer would (without Kafka), sending them
as another service would (over Kafka), and waiting until they have gone round."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from peelian.consumer.runner import Handlers
from peelian.db.engine import Database
from peelian.events.envelope import CloudEvent, EventPayload
from peelian.kafka import idempotent_producer
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


async def send_as(bootstrap: str, source: str, payload: EventPayload, subject: uuid.UUID) -> None:
    """Publish ``payload`` to Kafka as the service ``source`` would: a CloudEvent on its
    contract's topic, keyed by its subject."""
    producer = idempotent_producer(bootstrap, f"{source}-tests")
    await producer.start()
    try:
        event = CloudEvent.wrap(payload, service=source, subject=str(subject))
        await producer.send_and_wait(payload.topic, event.to_json(), key=str(subject).encode())
    finally:
        await producer.stop()


async def eventually(check: Callable[[], Awaitable[Any]], timeout: float = 60) -> Any:
    """Poll ``check`` until it returns something truthy (an event went round), and return it."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not (found := await check()):
        assert asyncio.get_running_loop().time() < deadline, "it never happened"
        await asyncio.sleep(0.25)
    return found
