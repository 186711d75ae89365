"""Every service's migrations build exactly the tables its models describe, and unwind.

A migration written by hand can drift from the models (a column forgotten, an index named
differently): alembic's autogenerate comparison finds it. Downgrading to nothing and back
exercises every ``downgrade()``.
"""

from __future__ import annotations

from pathlib import Path

import anyio
import pytest

from peelian.db import migrations
from peelian.testing.plugin import CreateDatabase

ROOT = Path(__file__).resolve().parent.parent
APPS = {
    "gateway": ROOT / "gateway",
    **{p.name: p for p in sorted((ROOT / "services").iterdir()) if (p / "alembic.ini").exists()},
}


@pytest.mark.parametrize("app", sorted(APPS))
async def test_migrations_match_the_models_and_unwind(
    app: str, create_database: CreateDatabase
) -> None:
    alembic_ini = APPS[app] / "alembic.ini"
    url = await create_database(f"migrations_{app}", alembic_ini)

    await anyio.to_thread.run_sync(migrations.check, alembic_ini, url)
    await anyio.to_thread.run_sync(migrations.downgrade, alembic_ini, url)
    await anyio.to_thread.run_sync(migrations.upgrade, alembic_ini, url)
    await anyio.to_thread.run_sync(migrations.check, alembic_ini, url)
