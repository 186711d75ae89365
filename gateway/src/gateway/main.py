"""The gateway service's application factory: `uvicorn --factory gateway.main:create_app`."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import redis.asyncio as redis
from fastapi import FastAPI

from gateway.config import GatewaySettings
from gateway.tokens.issuer import TokenIssuer
from gateway.tokens.keys import KeyRing
from gateway.tokens.router import router as tokens_router
from peelian.app import ServiceSpec, create_service_app
from peelian.auth.verifier import JWTVerifier


@contextlib.asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings: GatewaySettings = app.state.settings
    client = redis.Redis.from_url(settings.redis_url, socket_timeout=2, socket_connect_timeout=2)
    key_ring = KeyRing(app.state.database, settings)
    await key_ring.start()
    app.state.redis = client
    app.state.key_ring = key_ring
    app.state.token_issuer = TokenIssuer(key_ring, settings)
    # The gateway verifies its own tokens against its key ring, not over HTTP.
    app.state.verifier = JWTVerifier(
        key_ring, issuer=settings.jwt_issuer, audience=settings.jwt_audience
    )

    async def redis_check() -> None:
        await client.ping()

    app.state.readiness_checks["redis"] = redis_check
    refresher = asyncio.create_task(key_ring.run_refresh(), name="key-ring-refresh")
    try:
        yield
    finally:
        refresher.cancel()
        await asyncio.gather(refresher, return_exceptions=True)
        await client.aclose()


def create_app(settings: GatewaySettings | None = None) -> FastAPI:
    settings = settings or GatewaySettings()
    return create_service_app(
        ServiceSpec(
            settings=settings,
            title="Peelian gateway",
            description="The API gateway and identity service: the only public entry point.",
            routers=[tokens_router],
            lifespan=_lifespan,
        )
    )
