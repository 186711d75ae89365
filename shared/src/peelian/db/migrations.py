"""The body of every service's Alembic ``env.py`` (online with asyncpg, or offline SQL)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from alembic import command, context
from alembic.config import Config
from sqlalchemy import MetaData, pool
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine


def run_alembic_env(target_metadata: MetaData, default_url: Callable[[], str]) -> None:
    """Run migrations for the URL given by the caller (tests) or the service's settings."""
    url = context.config.attributes.get("database_url") or default_url()
    if context.is_offline_mode():
        context.configure(url=url, literal_binds=True, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()
        return

    def migrate(connection: Connection) -> None:
        context.configure(connection=connection, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()

    async def run() -> None:
        engine = create_async_engine(url, poolclass=pool.NullPool)
        async with engine.connect() as connection:
            await connection.run_sync(migrate)
        await engine.dispose()

    asyncio.run(run())


def upgrade(alembic_ini: Path, database_url: str, revision: str = "heads") -> None:
    """Migrate a database to ``revision`` (synchronous: run it off the event loop). The default
    is every head: a service's domains may keep their migrations on branches of their own."""
    config = Config(str(alembic_ini))
    config.set_main_option("script_location", str(alembic_ini.parent / "migrations"))
    config.attributes["database_url"] = database_url
    command.upgrade(config, revision)
