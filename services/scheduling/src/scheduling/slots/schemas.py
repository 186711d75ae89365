"""Query and response bodies of slots."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, Field


class SlotSearch(BaseModel):
    """Which free slots to list; dates are on the client's clock (tz), both included."""

    meeting_type: str | None = Field(default=None, max_length=64, description="Its slug")
    location: str | None = Field(default=None, max_length=64, description="Its slug")
    officer_id: uuid.UUID | None = None
    team: str | None = Field(default=None, max_length=64)
    from_: date | None = Field(default=None, alias="from", description="Default: today")
    to: date | None = Field(default=None, description="Default: 13 days after from")


class SlotRead(BaseModel):
    """A time that can be booked: pass ``availability_id`` and ``starts_at`` to POST /meetings."""

    availability_id: uuid.UUID
    starts_at: datetime
    ends_at: datetime
    timezone: str
    meeting_type: str
    meeting_type_name: str
    location: str
    location_name: str
    online: bool
    officer_id: uuid.UUID | None
    team: str
    capacity: int
    remaining: int
