"""The messaging service's application factory: `uvicorn --factory messaging.main:create_app`."""

import asyncio
import contextlib
from collections.abc import AsyncIterator

from fastapi import FastAPI

from messaging.areas.router import router as areas_router
from messaging.channels.worker import delivery_worker
from messaging.complaints.router import router as complaints_router
from messaging.config import MessagingSettings
from messaging.conversations.router import router as conversations_router
from messaging.discussions.router import router as discussions_router
from messaging.handlers import handlers
from messaging.inbox.router import router as inbox_router
from messaging.notifications.router import router as notifications_router
from messaging.publications.fanout import FanOutWorker
from messaging.publications.router import feeds as feeds_router
from messaging.publications.router import router as publications_router
from messaging.subscriptions.router import router as subscriptions_router
from messaging.unsubscribe.router import router as unsubscribe_router
from peelian.app import ServiceSpec, create_service_app


@contextlib.asynccontextmanager
async def fan_out_worker(app: FastAPI) -> AsyncIterator[None]:
    """Deliver published warnings and appeals in the background (unless workers are off)."""
    settings = app.state.settings
    if not settings.run_workers:
        yield
        return
    worker = FanOutWorker(
        app.state.database,
        batch_size=settings.fan_out_batch_size,
        concurrency=settings.fan_out_concurrency,
    )
    task = asyncio.create_task(worker.run(), name="messaging-fan-out")
    try:
        yield
    finally:
        worker.stop()
        await task


@contextlib.asynccontextmanager
async def workers(app: FastAPI) -> AsyncIterator[None]:
    """Fan-out to inboxes, and the deliveries it queues on the other channels."""
    async with fan_out_worker(app), delivery_worker(app):
        yield


def create_app(settings: MessagingSettings | None = None) -> FastAPI:
    settings = settings or MessagingSettings()
    return create_service_app(
        ServiceSpec(
            settings=settings,
            title="Peelian messaging",
            description=(
                "News, appeals and warnings to the people of an area, conversations and "
                "deliberation."
            ),
            routers=[
                areas_router,
                subscriptions_router,
                publications_router,
                feeds_router,
                inbox_router,
                notifications_router,
                unsubscribe_router,
                conversations_router,
                discussions_router,
                complaints_router,
            ],
            handlers=handlers(settings),
            lifespan=workers,
        )
    )
