"""Fixtures of the reporting service's tests: a migrated database with the reference areas,
settings over the real infrastructure, and an app client."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from peelian.testing.infra import Infra
from peelian.testing.plugin import CreateDatabase, app_client
from reporting.config import ReportingSettings
from reporting.main import create_app
from reporting.seed import seed

HERE = Path(__file__).resolve().parent
# Tests import helpers (reporting_helpers) from this folder.
sys.path.insert(0, str(HERE))
from reporting_helpers import ALEMBIC_INI, ReportingSettingsFactory  # noqa: E402 (importable once the folder is on the path)

# Fixed names: locked buckets cannot be removed while they hold objects under retention, so
# every test run shares these instead of leaving new ones behind.
TEST_BUCKETS = {
    "evidence_bucket": "test-evidence",
    "derivatives_bucket": "test-evidence-derivatives",
    "staging_bucket": "test-evidence-staging",
}


@pytest.fixture(scope="session")
async def reporting_database_url(create_database: CreateDatabase) -> str:
    """One migrated reporting database for the session, holding the reference areas."""
    url = await create_database("reporting", ALEMBIC_INI)
    await seed(ReportingSettings(database_url=url), samples=False)
    return url


@pytest.fixture
def reporting_settings(
    service_env: dict[str, Any], infra: Infra, reporting_database_url: str
) -> ReportingSettingsFactory:
    """``reporting_settings(**overrides)``: settings over the test infrastructure."""

    def make(**overrides: Any) -> ReportingSettings:
        values: dict[str, Any] = {
            **service_env,
            **TEST_BUCKETS,
            "database_url": reporting_database_url,
            "s3_endpoint": infra.s3_endpoint,
            "s3_access_key": infra.s3_access_key,
            "s3_secret_key": infra.s3_secret_key,
        }
        return ReportingSettings(**{**values, **overrides})

    return make


@pytest.fixture
async def reporting_app(reporting_settings: ReportingSettingsFactory) -> FastAPI:
    return create_app(reporting_settings())


@pytest.fixture
async def client(reporting_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """An in-process client of the reporting app with its lifespan running."""
    async with app_client(reporting_app) as c:
        yield c
