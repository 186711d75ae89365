"""Request and response bodies of the categories domain."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from reporting.reports.schemas import Slug

# Evidence is kept at least a year and at most a century (object-lock retention).
RetentionDays = Annotated[
    int, Field(ge=365, le=36_500, description="How long evidence originals are kept")
]


class CategoryRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    slug: str
    name: str
    description: str
    retention_days: int
    active: bool


class CategoryCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    slug: Slug
    name: str = Field(min_length=1, max_length=100)
    description: str = Field(default="", max_length=500)
    retention_days: RetentionDays


class CategoryUpdate(BaseModel):
    """Change any of these; a category is retired (``active: false``), never deleted."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=100)
    description: str | None = Field(default=None, max_length=500)
    retention_days: RetentionDays | None = None
    active: bool | None = None
