"""Fixtures of the gateway's tests: a migrated gateway database, settings, an app client."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from gateway.config import GatewaySettings
from gateway.main import create_app
from peelian.testing.infra import Infra
from peelian.testing.plugin import CreateDatabase, app_client
from peelian.testing.tokens import TEST_AUDIENCE, TEST_ISSUER

ALEMBIC_INI = Path(__file__).resolve().parent.parent / "alembic.ini"

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
            **overrides,
        }
        return GatewaySettings(**values)

    return make


@pytest.fixture
async def gateway(gateway_settings: GatewaySettingsFactory) -> AsyncIterator[httpx.AsyncClient]:
    """A client of a gateway app (lifespan running) with the default test settings."""
    async with app_client(create_app(gateway_settings())) as client:
        yield client
