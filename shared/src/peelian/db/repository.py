"""The base repository: all SQL lives in repositories, which flush but never commit."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Generic, Protocol, TypeVar

from sqlalchemy import Select, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from peelian.pagination import Cursor, PageParams, Slice


class Keyed(Protocol):
    id: Any
    created_at: Any


ModelT = TypeVar("ModelT", bound=Keyed)
T = TypeVar("T")


class BaseRepository(Generic[ModelT]):
    model: type[ModelT]

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, id_: uuid.UUID) -> ModelT | None:
        return await self.session.get(self.model, id_)

    async def add(self, obj: ModelT) -> ModelT:
        self.session.add(obj)
        await self.session.flush()
        return obj

    def select(self) -> Select[ModelT]:
        return select(self.model)

    async def paginate(self, stmt: Select[ModelT], params: PageParams) -> Slice[ModelT]:
        """Newest first by (created_at, id)."""
        return await keyset_page(
            self.session, stmt, params, at=self.model.created_at, key=self.model.id
        )


async def keyset_page(
    session: AsyncSession,
    stmt: Select[T],
    params: PageParams,
    *,
    at: InstrumentedAttribute[datetime],
    key: InstrumentedAttribute[uuid.UUID],
) -> Slice[T]:
    """One page of ``stmt``, newest first by (``at``, ``key``), from the cursor; one extra row
    is fetched to know whether another page exists."""
    if params.cursor is not None:
        stmt = stmt.where(tuple_(at, key) < tuple_(params.cursor.created_at, params.cursor.id))
    stmt = stmt.order_by(at.desc(), key.desc()).limit(params.limit + 1)
    rows = list((await session.scalars(stmt)).all())
    items = rows[: params.limit]
    next_cursor = None
    if len(rows) > params.limit:
        last = items[-1]
        next_cursor = Cursor(created_at=getattr(last, at.key), id=getattr(last, key.key)).encode()
    return Slice(items=items, next_cursor=next_cursor)
