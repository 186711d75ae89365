"""The application factory every service shares.

A service describes itself with a :class:`ServiceSpec`; :func:`create_service_app` wires the
common parts: logging, errors, correlation ids, metrics, health, token verification, and a
lifespan that builds the database engine, the outbox relay and the event consumers.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from functools import partial

import httpx
import structlog
from fastapi import APIRouter, FastAPI
from sqlalchemy import text
from sqlalchemy.engine import make_url
from starlette.middleware import Middleware

from peelian import health, metrics
from peelian.auth.verifier import JWKSSource, JWTVerifier
from peelian.consumer.runner import ConsumerRunner, Handlers
from peelian.db.engine import Database
from peelian.errors import install_error_handlers
from peelian.events.envelope import registry
from peelian.kafka import check_kafka, idempotent_producer
from peelian.logging import CorrelationIdMiddleware, configure_logging
from peelian.outbox.relay import OutboxRelay
from peelian.settings import BaseServiceSettings, S3SettingsMixin
from peelian.storage import Bucket, ObjectStore

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class ServiceSpec:
    settings: BaseServiceSettings
    title: str
    description: str
    routers: Sequence[APIRouter] = ()
    # Event type -> handler: the explicit registry of what this service reacts to.
    handlers: Handlers = field(default_factory=dict)
    # Buckets this service owns; they are created on start-up.
    buckets: Sequence[Bucket] = ()
    # ASGI middleware inside the common ones (so it sees the correlation id), outermost first.
    middleware: Sequence[Middleware] = ()
    # The service's own start-up and shut-down, entered once the common state (settings,
    # database, verifier, readiness checks) is on ``app.state``.
    lifespan: Callable[[FastAPI], contextlib.AbstractAsyncContextManager[None]] | None = None
    # Where FastAPI serves its generated document and docs pages; None turns one off (the
    # gateway serves its own). ``app.openapi()`` works either way.
    openapi_url: str | None = "/openapi.json"
    docs_url: str | None = "/docs"
    redoc_url: str | None = "/redoc"


def asyncpg_dsn(database_url: str) -> str:
    """The SQLAlchemy URL as a plain libpq DSN, for asyncpg connections outside the pool."""
    return make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)


def create_service_app(spec: ServiceSpec) -> FastAPI:
    settings = spec.settings
    configure_logging(settings.service_name, settings.log_level, settings.log_json)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        database = Database.from_settings(settings)
        http = httpx.AsyncClient()
        app.state.settings = settings
        app.state.database = database
        app.state.verifier = JWTVerifier(
            JWKSSource.from_json(settings.jwks_json)
            if settings.jwks_json
            else JWKSSource(url=settings.jwks_url, http=http),
            issuer=settings.jwt_issuer,
            audience=settings.jwt_audience,
        )

        async def database_check() -> None:
            async with database.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))

        async def kafka_check() -> None:
            await check_kafka(settings.kafka_bootstrap_servers)

        checks = {"database": database_check, "kafka": kafka_check}
        if isinstance(settings, S3SettingsMixin):
            store = ObjectStore.from_settings(settings)
            app.state.object_store = store

            buckets_ready = False

            async def storage_check() -> None:
                nonlocal buckets_ready
                if buckets_ready:
                    await store.call(store.client.list_buckets)
                    return
                for bucket in spec.buckets:
                    await store.ensure(bucket)
                buckets_ready = True

            # The store may be down at start-up: the service still starts, /readyz says why,
            # and the same check creates the buckets once the store answers.
            with contextlib.suppress(Exception):
                await storage_check()

            checks["object_store"] = storage_check
        app.state.readiness_checks = checks

        workers = _start_workers(spec, database) if settings.run_workers else []
        try:
            async with contextlib.AsyncExitStack() as stack:
                if spec.lifespan is not None:
                    await stack.enter_async_context(spec.lifespan(app))
                yield
        finally:
            for worker, _ in workers:
                worker.stop()
            await asyncio.gather(*(task for _, task in workers), return_exceptions=True)
            await http.aclose()
            await database.dispose()

    app = FastAPI(
        title=spec.title,
        description=spec.description,
        version="0.1.0",
        lifespan=lifespan,
        middleware=list(spec.middleware),
        # Metrics (Prometheus) and logs (structlog) are our own and no OpenTelemetry provider
        # is configured: FastAPI's native telemetry would only cost a check per request.
        telemetry={"tracing": False, "metrics": False, "logs": False},
        openapi_url=spec.openapi_url,
        docs_url=spec.docs_url,
        redoc_url=spec.redoc_url,
    )
    install_error_handlers(app)
    app.add_middleware(metrics.MetricsMiddleware, service=settings.service_name)
    app.add_middleware(CorrelationIdMiddleware)
    app.include_router(health.router)
    app.include_router(metrics.router)
    for router in spec.routers:
        app.include_router(router)
    return app


def _start_workers(
    spec: ServiceSpec, database: Database
) -> list[tuple[OutboxRelay | ConsumerRunner, asyncio.Task[None]]]:
    settings = spec.settings
    name = settings.service_name

    producer = partial(idempotent_producer, settings.kafka_bootstrap_servers, name)
    workers: list[OutboxRelay | ConsumerRunner] = [
        OutboxRelay(
            service=name, dsn=asyncpg_dsn(str(settings.database_url)), producer_factory=producer
        )
    ]
    if spec.handlers:
        topics = sorted({registry.payload_class(t).topic for t in spec.handlers})
        workers.append(
            ConsumerRunner(
                name=name,
                topics=topics,
                handlers=spec.handlers,
                database=database,
                bootstrap_servers=settings.kafka_bootstrap_servers,
                producer_factory=producer,
            )
        )
    return [(w, asyncio.create_task(w.run(), name=f"{name}-{type(w).__name__}")) for w in workers]
