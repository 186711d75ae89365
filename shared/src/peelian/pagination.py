"""Keyset pagination: opaque cursors over (created_at, id), newest first.

Offsets get slower and skip or repeat rows as new reports arrive; a keyset cursor does neither.
"""

from __future__ import annotations

import base64
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Generic, TypeVar

import orjson
from fastapi import Depends, Query
from pydantic import BaseModel, Field

from peelian.errors import BadRequest

T = TypeVar("T")
SchemaT = TypeVar("SchemaT", bound=BaseModel)

MAX_PAGE_SIZE = 100


class InvalidCursor(BadRequest):
    error = "invalid_cursor"


class Cursor(BaseModel):
    created_at: datetime
    id: uuid.UUID

    def encode(self) -> str:
        raw = orjson.dumps([self.created_at.isoformat(), str(self.id)])
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str) -> Cursor:
        try:
            padded = token + "=" * (-len(token) % 4)
            created_at, id_ = orjson.loads(base64.urlsafe_b64decode(padded))
            return cls(created_at=created_at, id=id_)
        except (ValueError, TypeError) as exc:
            raise InvalidCursor(
                "cursor is not valid: pass back the next_cursor of a previous page unchanged"
            ) from exc


class PageParams(BaseModel):
    limit: int
    cursor: Cursor | None


def page_params(
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="Items per page")] = 20,
    cursor: Annotated[
        str | None, Query(description="next_cursor from the previous page", max_length=200)
    ] = None,
) -> PageParams:
    return PageParams(limit=limit, cursor=Cursor.decode(cursor) if cursor else None)


PageParamsDep = Annotated[PageParams, Depends(page_params)]


@dataclass(frozen=True)
class Slice(Generic[T]):
    """What a repository returns: one page of rows and the cursor to the next."""

    items: list[T]
    next_cursor: str | None


class Page(BaseModel, Generic[T]):
    """A page of items; ``next_cursor`` is null on the last page."""

    items: list[T]
    next_cursor: str | None = Field(default=None)

    @classmethod
    def of(cls, rows: Slice[Any], schema: type[SchemaT]) -> Page[SchemaT]:
        """Render a repository slice with the response schema of its items."""
        return Page[schema](  # type: ignore[valid-type]
            items=[schema.model_validate(row, from_attributes=True) for row in rows.items],
            next_cursor=rows.next_cursor,
        )
