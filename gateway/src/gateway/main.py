"""The gateway service's application factory: `uvicorn --factory gateway.main:create_app`."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import redis.asyncio as redis
import structlog
from fastapi import FastAPI
from starlette.middleware import Middleware

from gateway.accounts import router as accounts
from gateway.accounts.service import AccountService
from gateway.accounts.throttle import LoginThrottle
from gateway.clients import router as clients
from gateway.config import GatewaySettings
from gateway.credentials import Passwords
from gateway.dashboard import router as dashboard
from gateway.dashboard.service import DashboardFiles
from gateway.openapi import router as openapi
from gateway.openapi.document import ApiDocument
from gateway.routing.policy import PolicyMiddleware
from gateway.routing.proxy import ProxyMiddleware, upstream_client
from gateway.routing.table import RouteTable
from gateway.security import add_browser_middleware
from gateway.tokens import router as tokens
from gateway.tokens.issuer import TokenIssuer
from gateway.tokens.keys import KeyRing
from peelian.app import ServiceSpec, create_service_app
from peelian.auth.verifier import JWTVerifier

log = structlog.get_logger(__name__)

_IDENTITY_RETRY_SECONDS = 2.0


@contextlib.asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings: GatewaySettings = app.state.settings
    client = redis.Redis.from_url(settings.redis_url, socket_timeout=2, socket_connect_timeout=2)
    key_ring = KeyRing(app.state.database, settings)
    app.state.redis = client
    app.state.login_throttle = LoginThrottle(client, settings)
    app.state.passwords = passwords = Passwords(settings)
    app.state.key_ring = key_ring
    app.state.token_issuer = TokenIssuer(key_ring, settings)
    app.state.api_document = api_document = ApiDocument(app, settings)
    app.state.dashboard_files = DashboardFiles(settings.dashboard_dir)
    # The gateway verifies its own tokens against its key ring, not over HTTP.
    app.state.verifier = JWTVerifier(
        key_ring, issuer=settings.jwt_issuer, audience=settings.jwt_audience
    )

    async def redis_check() -> None:
        await client.ping()

    async def signing_keys_check() -> None:
        key_ring.signer  # noqa: B018 (raises while no key is loaded)

    app.state.readiness_checks["redis"] = redis_check
    app.state.readiness_checks["signing_keys"] = signing_keys_check
    started = await _start_identity(app, key_ring, passwords)
    refresher = asyncio.create_task(
        _keep_identity(app, key_ring, passwords, started), name="key-ring-refresh"
    )
    try:
        async with upstream_client(settings) as app.state.upstream_client:
            yield
    finally:
        refresher.cancel()
        await asyncio.gather(refresher, return_exceptions=True)
        await client.aclose()
        await api_document.aclose()


async def _start_identity(app: FastAPI, key_ring: KeyRing, passwords: Passwords) -> bool:
    """Load (or make) the signing keys and the first admin; False if the database is down."""
    try:
        await key_ring.start()
        async with app.state.database.sessionmaker() as session, session.begin():
            await AccountService(session, passwords, app.state.settings).bootstrap_first_admin()
    # Any failure here means "not yet": the gateway stays up, /readyz names what is missing,
    # and _keep_identity tries again, instead of the process dying and crash-looping.
    except Exception as exc:
        log.warning("identity_start_failed", error=type(exc).__name__, detail=str(exc))
        return False
    return True


async def _keep_identity(
    app: FastAPI, key_ring: KeyRing, passwords: Passwords, started: bool
) -> None:
    while not started:
        await asyncio.sleep(_IDENTITY_RETRY_SECONDS)
        started = await _start_identity(app, key_ring, passwords)
    await key_ring.run_refresh()


def create_app(settings: GatewaySettings | None = None) -> FastAPI:
    settings = settings or GatewaySettings()
    table = RouteTable(settings.routes, settings.upstreams)  # refuses unknown upstreams
    app = create_service_app(
        ServiceSpec(
            settings=settings,
            title="Peelian gateway",
            description="The API gateway and identity service: the only public entry point.",
            routers=[
                tokens.router,
                tokens.admin_router,
                accounts.router,
                accounts.admin_router,
                clients.router,
                openapi.router,
                dashboard.router,
            ],
            lifespan=_lifespan,
            middleware=[
                Middleware(PolicyMiddleware, table=table, settings=settings),
                Middleware(ProxyMiddleware, settings=settings),
            ],
            # The platform's merged document and Swagger UI replace FastAPI's (gateway.openapi).
            openapi_url=None,
            docs_url=None,
            redoc_url=None,
        )
    )
    add_browser_middleware(app, settings)
    return app
