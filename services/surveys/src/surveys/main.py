"""The surveys service's application factory: `uvicorn --factory surveys.main:create_app`."""

import asyncio
import contextlib
from collections.abc import AsyncIterator

from fastapi import FastAPI

from peelian.app import ServiceSpec, create_service_app
from surveys.builder.closing import ClosingWorker
from surveys.builder.router import router as builder_router
from surveys.config import SurveysSettings
from surveys.handlers import handlers
from surveys.responses.router import router as responses_router
from surveys.responses.tokens import ResponseTokens
from surveys.results.router import public as public_results_router
from surveys.results.router import router as results_router


def create_app(settings: SurveysSettings | None = None) -> FastAPI:
    settings = settings or SurveysSettings()
    tokens = ResponseTokens(settings.token_secret.get_secret_value())

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        """The response token keys, and (unless workers are off) the closing worker."""
        app.state.response_tokens = tokens
        if not settings.run_workers:
            yield
            return
        worker = ClosingWorker(app.state.database, settings.close_poll_seconds)
        task = asyncio.create_task(worker.run(), name="surveys-closing")
        try:
            yield
        finally:
            worker.stop()
            await task

    return create_service_app(
        ServiceSpec(
            settings=settings,
            title="Peelian surveys",
            description="Surveys of citizens' concerns, their responses and results.",
            routers=[builder_router, results_router, responses_router, public_results_router],
            handlers=handlers(tokens),
            lifespan=lifespan,
        )
    )
