"""The pytest plugin (entry point ``peelian``): fixtures over the real infrastructure.

- ``infra``: endpoints of PostgreSQL, Kafka and the object store (started if needed);
- ``create_database``: a fresh, migrated database per service, dropped after the session;
- ``transactional_session``: per-test isolation on the real database (everything rolls back);
- ``test_keys``: a signing key whose JWKS the apps under test trust;
- ``people``: Authorization headers of citizens, anonymous reporters, officers, partners...;
- ``app_client``: an httpx client for an app with its lifespan running;
- ``unique_topic``: a fresh Kafka topic name per test.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import anyio
import asyncpg
import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from peelian.db import migrations
from peelian.db.engine import get_session
from peelian.testing.infra import Infra, resolve
from peelian.testing.people import People
from peelian.testing.tokens import TEST_AUDIENCE, TEST_ISSUER, TestKeys


@pytest.fixture(scope="session")
def infra() -> Iterator[Infra]:
    resolved = resolve()
    yield resolved
    resolved.close()


CreateDatabase = Callable[..., Awaitable[str]]


@pytest.fixture(scope="session")
async def create_database(infra: Infra) -> AsyncIterator[CreateDatabase]:
    """``await create_database("reporting", alembic_ini=...)`` -> URL of a fresh database."""
    created: list[str] = []
    admin = infra.postgres_url

    async def create(prefix: str, alembic_ini: Path | None = None) -> str:
        name = f"test_{prefix}_{uuid.uuid4().hex[:8]}"
        conn = await asyncpg.connect(admin)
        try:
            await conn.execute(f'CREATE DATABASE "{name}"')
        finally:
            await conn.close()
        created.append(name)
        url = infra.database_url(name)
        if alembic_ini is not None:
            # Alembic runs its own event loop: keep it off ours.
            await anyio.to_thread.run_sync(migrations.upgrade, alembic_ini, url)
        return url

    yield create
    conn = await asyncpg.connect(admin)
    try:
        for name in created:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


@contextlib.asynccontextmanager
async def transactional_session(engine: AsyncEngine) -> AsyncIterator[AsyncSession]:
    """A session whose commits are savepoints inside one outer transaction, rolled back at the
    end: each test sees a clean database without re-creating it."""
    async with engine.connect() as connection:
        outer = await connection.begin()
        session = AsyncSession(
            bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
        )
        try:
            yield session
        finally:
            await session.close()
            await outer.rollback()


def use_session(app: FastAPI, session: AsyncSession) -> None:
    """Make the app's request-scoped session dependency hand out ``session``."""

    async def override() -> AsyncIterator[AsyncSession]:
        yield session
        await session.commit()

    app.dependency_overrides[get_session] = override


@pytest.fixture(scope="session")
def test_keys() -> TestKeys:
    return TestKeys()


@pytest.fixture(scope="session")
def people(test_keys: TestKeys) -> People:
    """Authorization headers: ``people.citizen()``, ``.anonymous()``, ``.officer()``..."""
    return People(test_keys)


@pytest.fixture(scope="session")
def service_env(infra: Infra, test_keys: TestKeys) -> dict[str, Any]:
    """Settings every service under test shares: the test infrastructure and token key."""
    return {
        "environment": "test",
        "log_json": True,
        "kafka_bootstrap_servers": infra.kafka_bootstrap,
        "jwks_json": test_keys.jwks_json,
        "jwt_issuer": TEST_ISSUER,
        "jwt_audience": TEST_AUDIENCE,
        "run_workers": False,
    }


@contextlib.asynccontextmanager
async def app_client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """An httpx client talking to ``app`` in process, with its lifespan started and stopped."""
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            yield client


@pytest.fixture
def unique_topic() -> Callable[[str], str]:
    def make(prefix: str = "test") -> str:
        return f"{prefix}.{uuid.uuid4().hex[:12]}"

    return make
