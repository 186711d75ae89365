"""Fixtures of the surveys service's tests: a migrated database, settings over the real
infrastructure, an app client, and a survey published to the campus."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from peelian.db.engine import Database
from peelian.testing.people import People
from peelian.testing.plugin import CreateDatabase, app_client
from surveys.config import SurveysSettings
from surveys.main import create_app

HERE = Path(__file__).resolve().parent
# Tests import helpers (surveys_helpers) from this folder.
sys.path.insert(0, str(HERE))
from surveys_helpers import (  # noqa: E402 (importable once the folder is on the path)
    ALEMBIC_INI,
    Published,
    SurveysSettingsFactory,
    publish,
)


@pytest.fixture(scope="session")
async def surveys_database_url(create_database: CreateDatabase) -> str:
    """One migrated surveys database for the session; each test makes its own surveys."""
    return await create_database("surveys", ALEMBIC_INI)


@pytest.fixture
async def database(surveys_database_url: str) -> AsyncIterator[Database]:
    """The surveys database, for tests that look at the tables or run the workers."""
    db = Database.from_url(surveys_database_url)
    yield db
    await db.dispose()


@pytest.fixture
def surveys_settings(
    service_env: dict[str, Any], surveys_database_url: str
) -> SurveysSettingsFactory:
    """``surveys_settings(**overrides)``: settings over the test infrastructure."""

    def make(**overrides: Any) -> SurveysSettings:
        values: dict[str, Any] = {**service_env, "database_url": surveys_database_url}
        return SurveysSettings(**{**values, **overrides})

    return make


@pytest.fixture
async def surveys_app(surveys_settings: SurveysSettingsFactory) -> FastAPI:
    return create_app(surveys_settings())


@pytest.fixture
async def client(surveys_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """An in-process client of the surveys app with its lifespan running."""
    async with app_client(surveys_app) as c:
        yield c


@pytest.fixture
async def survey(client: httpx.AsyncClient, people: People) -> Published:
    """An anonymous survey of every kind of question, published to the campus."""
    return await publish(client, people.officer())
