"""Request and response bodies of availability."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time
from enum import StrEnum
from typing import Self

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from scheduling.availability.models import ExceptionKind


class Weekday(StrEnum):
    """In date.weekday()'s order: Monday is 0."""

    MONDAY = "monday"
    TUESDAY = "tuesday"
    WEDNESDAY = "wednesday"
    THURSDAY = "thursday"
    FRIDAY = "friday"
    SATURDAY = "saturday"
    SUNDAY = "sunday"

    @property
    def number(self) -> int:
        return list(Weekday).index(self)


TIMEZONE_HELP = "IANA time zone of the wall-clock times (default Europe/London)"


class AvailabilityCreate(BaseModel):
    """A weekly schedule entry, in wall-clock time."""

    officer_id: uuid.UUID | None = Field(
        default=None, description="The officer; none for a team's entry (a group drop-in)"
    )
    team: str = Field(min_length=1, max_length=64)
    meeting_type: str = Field(max_length=64, description="Its slug (GET /meeting-types)")
    location: str = Field(max_length=64, description="Its slug (GET /meeting-locations)")
    weekday: Weekday
    start_time: time
    end_time: time
    timezone: str | None = Field(default=None, max_length=64, description=TIMEZONE_HELP)
    valid_from: date
    valid_until: date | None = Field(default=None, description="The last day (none: no end)")

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.start_time.tzinfo is not None or self.end_time.tzinfo is not None:
            raise ValueError("times are wall-clock times: give the zone in 'timezone'")
        if self.end_time <= self.start_time:
            raise ValueError("end_time must be after start_time (on the same day)")
        if self.valid_until is not None and self.valid_until < self.valid_from:
            raise ValueError("valid_until must not be before valid_from")
        return self


class AvailabilityRead(BaseModel):
    id: uuid.UUID
    officer_id: uuid.UUID | None
    team: str
    meeting_type: str
    location: str
    weekday: Weekday
    start_time: time
    end_time: time
    timezone: str
    valid_from: date
    valid_until: date | None
    retired_at: datetime | None
    created_at: datetime


class AvailabilityFilters(BaseModel):
    officer_id: uuid.UUID | None = None
    team: str | None = Field(default=None, max_length=64)
    include_retired: bool = False


class ExceptionCreate(BaseModel):
    """Whole days (``starts_on`` to ``ends_on``, on the clock of ``timezone``) or a period
    (``starts_at`` to ``ends_at``). Neither officer nor team: everybody (a bank holiday)."""

    officer_id: uuid.UUID | None = None
    team: str | None = Field(default=None, max_length=64)
    kind: ExceptionKind
    reason: str = Field(default="", max_length=300)
    starts_on: date | None = None
    ends_on: date | None = Field(default=None, description="The last day off, included")
    starts_at: AwareDatetime | None = None
    ends_at: AwareDatetime | None = None
    timezone: str | None = Field(default=None, max_length=64, description=TIMEZONE_HELP)

    @model_validator(mode="after")
    def _one_period(self) -> Self:
        days = (self.starts_on, self.ends_on)
        times = (self.starts_at, self.ends_at)
        if not (all(d is not None for d in days) and all(t is None for t in times)) and not (
            all(t is not None for t in times) and all(d is None for d in days)
        ):
            raise ValueError("give starts_on and ends_on (whole days) or starts_at and ends_at")
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValueError("ends_on must not be before starts_on")
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValueError("ends_at must be after starts_at")
        return self


class ExceptionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    officer_id: uuid.UUID | None
    team: str | None
    kind: ExceptionKind
    reason: str
    starts_at: datetime
    ends_at: datetime
    created_at: datetime


class ExceptionFilters(BaseModel):
    officer_id: uuid.UUID | None = None
    team: str | None = Field(default=None, max_length=64)
    from_: date | None = Field(default=None, alias="from")
    to: date | None = None
