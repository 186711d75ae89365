"""Fixtures of the referrals service's tests: a migrated database, settings over the real
infrastructure, an app client, and other services' events applied through the handlers."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from peelian.testing.plugin import CreateDatabase, app_client
from referrals.config import ReferralsSettings
from referrals.main import create_app

HERE = Path(__file__).resolve().parent
# Tests import helpers (referrals_helpers) from this folder.
sys.path.insert(0, str(HERE))
from referrals_helpers import (  # noqa: E402 (importable once the folder is on the path)
    ALEMBIC_INI,
    Apply,
    ReferralsSettingsFactory,
    applying,
)


@pytest.fixture(scope="session")
async def referrals_database_url(create_database: CreateDatabase) -> str:
    return await create_database("referrals", ALEMBIC_INI)


@pytest.fixture
def referrals_settings(
    service_env: dict[str, Any], referrals_database_url: str
) -> ReferralsSettingsFactory:
    """``referrals_settings(**overrides)``: settings over the test infrastructure; webhooks
    may go to the tests' local receiver, and retries come quickly."""

    def make(**overrides: Any) -> ReferralsSettings:
        values: dict[str, Any] = {
            **service_env,
            "database_url": referrals_database_url,
            "webhook_allow_insecure_urls": True,
            "webhook_timeout_seconds": 5,
            "webhook_retry_base_seconds": 0.05,
            "webhook_retry_cap_seconds": 0.2,
            "webhook_max_attempts": 3,
            "webhook_poll_seconds": 0.1,
            "webhook_shutdown_grace_seconds": 0,
        }
        return ReferralsSettings(**{**values, **overrides})

    return make


@pytest.fixture
async def referrals_app(referrals_settings: ReferralsSettingsFactory) -> FastAPI:
    return create_app(referrals_settings())


@pytest.fixture
async def client(referrals_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """An in-process client of the referrals app with its lifespan running."""
    async with app_client(referrals_app) as c:
        yield c


@pytest.fixture
async def apply(referrals_settings: ReferralsSettingsFactory) -> AsyncIterator[Apply]:
    async with applying(referrals_settings()) as apply_event:
        yield apply_event
