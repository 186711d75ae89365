from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from peelian.db.engine import Database
from peelian.testing.plugin import CreateDatabase, transactional_session

HERE = Path(__file__).parent
# Alembic's env.py and the tests import the widgets module from this folder.
sys.path.insert(0, str(HERE))


@pytest.fixture
async def widgets_database(create_database: CreateDatabase) -> AsyncIterator[Database]:
    """A fresh migrated database per test: relay and consumer tests commit for real."""
    url = await create_database("widgets", HERE / "alembic.ini")
    database = Database.from_url(url)
    yield database
    await database.dispose()


@pytest.fixture(scope="session")
async def shared_widgets_database(create_database: CreateDatabase) -> AsyncIterator[Database]:
    url = await create_database("widgets_shared", HERE / "alembic.ini")
    database = Database.from_url(url)
    yield database
    await database.dispose()


@pytest.fixture
async def session(shared_widgets_database: Database) -> AsyncIterator[AsyncSession]:
    """Per-test transactional isolation on the real database."""
    async with transactional_session(shared_widgets_database.engine) as s:
        yield s
