"""Fixtures of the messaging service's tests: a migrated database, settings over the real
infrastructure, and an app client."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from messaging.config import MessagingSettings
from messaging.main import create_app
from peelian import reference
from peelian.areas import AreaRepository
from peelian.db.engine import Database
from peelian.testing.plugin import CreateDatabase, app_client

HERE = Path(__file__).resolve().parent
# Tests import helpers (messaging_helpers) from this folder.
sys.path.insert(0, str(HERE))
from messaging_helpers import ALEMBIC_INI, MessagingSettingsFactory  # noqa: E402


@pytest.fixture(scope="session")
async def messaging_database_url(create_database: CreateDatabase) -> str:
    """One migrated messaging database for the session, holding the reference areas."""
    url = await create_database("messaging", ALEMBIC_INI)
    database = Database.from_url(url)
    async with database.sessionmaker.begin() as session:
        await AreaRepository(session).upsert(reference.AREAS)
    await database.dispose()
    return url


@pytest.fixture
async def database(messaging_database_url: str) -> AsyncIterator[Database]:
    """The messaging database, for tests that run the workers or look at the tables."""
    db = Database.from_url(messaging_database_url)
    yield db
    await db.dispose()


@pytest.fixture
def messaging_settings(
    service_env: dict[str, Any], messaging_database_url: str
) -> MessagingSettingsFactory:
    """``messaging_settings(**overrides)``: settings over the test infrastructure."""

    def make(**overrides: Any) -> MessagingSettings:
        values: dict[str, Any] = {**service_env, "database_url": messaging_database_url}
        return MessagingSettings(**{**values, **overrides})

    return make


@pytest.fixture
async def messaging_app(messaging_settings: MessagingSettingsFactory) -> FastAPI:
    return create_app(messaging_settings())


@pytest.fixture
async def client(messaging_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """An in-process client of the messaging app with its lifespan running."""
    async with app_client(messaging_app) as c:
        yield c
