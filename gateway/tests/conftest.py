"""Fixtures of the gateway's tests: a migrated gateway database, settings, an app client."""

from __future__ import annotations

import contextlib
import sys
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from gateway.config import GatewaySettings
from gateway.main import create_app
from gateway.tokens.issuer import TokenIssuer
from peelian.auth.principal import Role
from peelian.testing.infra import Infra
from peelian.testing.plugin import CreateDatabase, app_client
from peelian.testing.serve import serve
from peelian.testing.tokens import TEST_AUDIENCE, TEST_ISSUER

HERE = Path(__file__).resolve().parent
ALEMBIC_INI = HERE.parent / "alembic.ini"
# Tests import helpers (gateway_helpers) from this folder.
sys.path.insert(0, str(HERE))

GatewaySettingsFactory = Callable[..., GatewaySettings]


@pytest.fixture(scope="session")
async def gateway_database_url(create_database: CreateDatabase) -> str:
    """One migrated gateway database for the session; tests keep apart by unique emails."""
    return await create_database("gateway", ALEMBIC_INI)


@pytest.fixture
def gateway_settings(infra: Infra, gateway_database_url: str) -> GatewaySettingsFactory:
    """``gateway_settings(**overrides)``: settings over the test infrastructure, with cheap
    password hashing and a Redis prefix of the test's own."""

    def make(**overrides: Any) -> GatewaySettings:
        values: dict[str, Any] = {
            "environment": "test",
            "database_url": gateway_database_url,
            "redis_url": infra.redis_url,
            "redis_prefix": f"test:{uuid.uuid4().hex[:8]}:",
            "kafka_bootstrap_servers": infra.kafka_bootstrap,
            "jwt_issuer": TEST_ISSUER,
            "jwt_audience": TEST_AUDIENCE,
            "run_workers": False,
            "argon2_time_cost": 1,
            "argon2_memory_kib": 1024,
            "argon2_parallelism": 1,
            "login_delay_base": 0.0,
            # Tests of logins make more than 10 requests a minute; the rate limiter's own tests
            # set strict limits explicitly.
            "rate_limit_auth": "10000/60",
            **overrides,
        }
        return GatewaySettings(**values)

    return make


@dataclass
class RunningGateway:
    app: FastAPI
    client: httpx.AsyncClient

    def token(self, roles: list[Role], subject: uuid.UUID | None = None, **kwargs: Any) -> str:
        """A real access token from this gateway's issuer, for a principal with ``roles``."""
        issuer: TokenIssuer = self.app.state.token_issuer
        return issuer.issue(subject or uuid.uuid4(), roles, **kwargs).token

    def auth(self, roles: list[Role], **kwargs: Any) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(roles, **kwargs)}"}


@pytest.fixture
async def running_gateway(
    gateway_settings: GatewaySettingsFactory,
) -> AsyncIterator[RunningGateway]:
    """A gateway app with its lifespan running, and a client of it."""
    app = create_app(gateway_settings())
    async with app_client(app) as client:
        yield RunningGateway(app, client)


@pytest.fixture
def gateway(running_gateway: RunningGateway) -> httpx.AsyncClient:
    """A client of a gateway app (lifespan running) with the default test settings."""
    return running_gateway.client


@pytest.fixture
def sign_up() -> Callable[..., Any]:
    """``await sign_up(client, email=None, password=...)`` -> (account, tokens): a registered
    citizen, signed in."""

    from gateway_helpers import STRONG_PASSWORD  # importable once this module has run

    async def register(
        client: httpx.AsyncClient, email: str | None = None, password: str = STRONG_PASSWORD
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        email = email or f"student-{uuid.uuid4().hex[:10]}@example.ac.uk"
        created = await client.post(
            "/accounts",
            json={"email": email, "password": password, "display_name": "Sam Student"},
        )
        assert created.status_code == 201, created.text
        tokens = await client.post(
            "/auth/token", data={"grant_type": "password", "username": email, "password": password}
        )
        assert tokens.status_code == 200, tokens.text
        return created.json(), tokens.json()

    return register


@pytest.fixture
async def upstreams() -> AsyncIterator[dict[str, str]]:
    """Real upstreams for the routing tests: ``echo`` (tells what it received), ``broken``
    (answers garbage) and ``down`` (nothing listening)."""
    from routing_support import closed_port, echo_app, garbage_server

    async with serve(echo_app()) as echo, garbage_server() as broken:
        yield {"echo": echo, "broken": broken, "down": f"http://127.0.0.1:{closed_port()}"}


RoutedGatewayFactory = Callable[..., contextlib.AbstractAsyncContextManager[RunningGateway]]


@pytest.fixture
def routed_gateway(
    gateway_settings: GatewaySettingsFactory, upstreams: dict[str, str]
) -> RoutedGatewayFactory:
    """``async with routed_gateway(**overrides) as gw``: a gateway over the test upstreams and
    ``routing_support.make_routes()``. The in-process client connects from 127.0.0.1, a
    trusted proxy, so tests pick their client address with X-Forwarded-For."""
    from routing_support import make_routes

    @contextlib.asynccontextmanager
    async def start(**overrides: Any) -> AsyncIterator[RunningGateway]:
        values: dict[str, Any] = {
            "upstreams": upstreams,
            "routes": make_routes(),
            "trusted_proxies": ["127.0.0.1"],
            **overrides,
        }
        app = create_app(gateway_settings(**values))
        async with app_client(app) as client:
            yield RunningGateway(app, client)

    return start
