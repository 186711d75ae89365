"""Request and response bodies of the complaints domain."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from messaging.complaints.models import ComplaintStatus


class ComplaintCreate(BaseModel):
    """What the complaint is about, optionally naming a report or a conversation of yours."""

    model_config = ConfigDict(extra="forbid")

    about: str = Field(min_length=10, max_length=10_000)
    report_id: uuid.UUID | None = None
    conversation_id: uuid.UUID | None = None


class ComplaintResponse(BaseModel):
    model_config = ConfigDict(extra="forbid")

    response: str = Field(min_length=10, max_length=10_000)


class ComplaintFilters(BaseModel):
    status: ComplaintStatus | None = None


class ComplaintRead(BaseModel):
    """A complaint as its complainant sees it."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    about: str
    report_id: uuid.UUID | None
    conversation_id: uuid.UUID | None
    status: ComplaintStatus
    response: str | None
    responded_at: datetime | None
    created_at: datetime


class ComplaintStaffRead(ComplaintRead):
    """A complaint as supervisors see it; an anonymous complainant's id is never shown."""

    complainant_id: uuid.UUID | None
    complainant_anonymous: bool
    responded_by: uuid.UUID | None
    updated_at: datetime

    @model_validator(mode="after")
    def _hide_anonymous_complainant(self) -> Self:
        if self.complainant_anonymous:
            self.complainant_id = None
        return self
