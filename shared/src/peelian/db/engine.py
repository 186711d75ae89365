"""Engine and session factory (built in the lifespan) and the request-scoped session."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from peelian.errors import ServiceError
from peelian.settings import BaseServiceSettings


class Database:
    """One engine and session factory per process; owned by the app's lifespan."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.sessionmaker = async_sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def from_url(
        cls, url: str, *, pool_size: int = 5, max_overflow: int = 5, name: str = "peelian"
    ) -> Database:
        engine = create_async_engine(
            url,
            pool_size=pool_size,
            max_overflow=max_overflow,
            pool_pre_ping=True,
            # Fail fast when the database is unreachable so that /readyz answers promptly.
            connect_args={"timeout": 5, "server_settings": {"application_name": name}},
        )
        return cls(engine)

    @classmethod
    def from_settings(cls, settings: BaseServiceSettings) -> Database:
        return cls.from_url(
            str(settings.database_url),
            pool_size=settings.database_pool_size,
            max_overflow=settings.database_max_overflow,
            name=settings.service_name,
        )

    async def dispose(self) -> None:
        await self.engine.dispose()


def get_database(request: Request) -> Database:
    database: Database = request.app.state.database
    return database


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """The transaction boundary: commit when the route returns, roll back when it raises."""
    async with get_database(request).sessionmaker() as session:
        try:
            yield session
        except ServiceError as exc:
            await (session.commit() if exc.keeps_changes else session.rollback())
            raise
        except BaseException:
            await session.rollback()
            raise
        await session.commit()


# scope="function" commits before the response is sent, so a client never sees success for a
# transaction that then fails to commit.
SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]
