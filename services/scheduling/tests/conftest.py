"""Fixtures of the scheduling service's tests: a migrated database holding the reference
catalogue, settings over the real infrastructure, and an app client. Tests share the
database and keep apart by using officers and teams of their own."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from peelian.db.engine import Database
from peelian.testing.plugin import CreateDatabase, app_client
from scheduling.config import SchedulingSettings
from scheduling.main import create_app
from scheduling.seed import seed_catalogue

HERE = Path(__file__).resolve().parent
# Tests import helpers (scheduling_helpers) from this folder.
sys.path.insert(0, str(HERE))
from scheduling_helpers import ALEMBIC_INI, SchedulingSettingsFactory  # noqa: E402


@pytest.fixture(scope="session")
async def scheduling_database_url(create_database: CreateDatabase) -> str:
    """One migrated scheduling database for the session, with the reference catalogue."""
    url = await create_database("scheduling", ALEMBIC_INI)
    database = Database.from_url(url)
    await seed_catalogue(database)
    await database.dispose()
    return url


@pytest.fixture
async def database(scheduling_database_url: str) -> AsyncIterator[Database]:
    """The scheduling database, for tests that run the worker or look at the tables."""
    db = Database.from_url(scheduling_database_url, pool_size=5, max_overflow=25)
    yield db
    await db.dispose()


@pytest.fixture
def scheduling_settings(
    service_env: dict[str, Any], scheduling_database_url: str
) -> SchedulingSettingsFactory:
    """``scheduling_settings(**overrides)``: settings over the test infrastructure."""

    def make(**overrides: Any) -> SchedulingSettings:
        values: dict[str, Any] = {
            **service_env,
            "database_url": scheduling_database_url,
            # Concurrency tests hold a connection per client.
            "database_pool_size": 5,
            "database_max_overflow": 30,
        }
        return SchedulingSettings(**{**values, **overrides})

    return make


@pytest.fixture
async def scheduling_app(scheduling_settings: SchedulingSettingsFactory) -> FastAPI:
    return create_app(scheduling_settings())


@pytest.fixture
async def client(scheduling_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """An in-process client of the scheduling app with its lifespan running."""
    async with app_client(scheduling_app) as c:
        yield c
