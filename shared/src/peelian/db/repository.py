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
        """Newest first; one extra row is fetched to know whether another page exists."""
        created_at: InstrumentedAttribute[datetime] = self.model.created_at
        id_col: InstrumentedAttribute[uuid.UUID] = self.model.id
        if params.cursor is not None:
            stmt = stmt.where(
                tuple_(created_at, id_col) < tuple_(params.cursor.created_at, params.cursor.id)
            )
        stmt = stmt.order_by(created_at.desc(), id_col.desc()).limit(params.limit + 1)
        rows = list((await self.session.scalars(stmt)).all())
        more = len(rows) > params.limit
        items = rows[: params.limit]
        next_cursor = (
            Cursor(created_at=items[-1].created_at, id=items[-1].id).encode() if more else None
        )
        return Slice(items=items, next_cursor=next_cursor)
