"""Request and response bodies of calendars."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class FeedCreate(BaseModel):
    teams: list[str] = Field(
        default_factory=list,
        max_length=10,
        description="Teams whose group sessions the feed shows besides your own meetings",
    )


class FeedCreated(BaseModel):
    """The feed's private URL: shown this once (only a hash of its token is kept)."""

    url: str
    teams: list[str]


class FeedRead(BaseModel):
    teams: list[str]
    created_at: datetime
