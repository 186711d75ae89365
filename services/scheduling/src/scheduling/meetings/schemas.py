"""Request and response bodies of meetings."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import AwareDatetime, BaseModel, Field

from scheduling.meetings.models import BookingStatus


class MeetingCreate(BaseModel):
    """A slot from GET /slots, and a short note for the officer."""

    availability_id: uuid.UUID
    starts_at: AwareDatetime
    note: str | None = Field(default=None, max_length=500, description="What it is about")
    report_id: uuid.UUID | None = Field(
        default=None,
        description="Your report this meeting follows up (required with a reporter key)",
    )


class Reschedule(BaseModel):
    """Another slot from GET /slots."""

    availability_id: uuid.UUID
    starts_at: AwareDatetime


class Cancellation(BaseModel):
    reason: str = Field(min_length=1, max_length=500, description="Shown to the other side")


class Completion(BaseModel):
    attended: bool = Field(description="False marks a no-show")


class OfficerNotes(BaseModel):
    notes: str = Field(max_length=10_000, description="Private to the force")


class MeetingFilters(BaseModel):
    """Staff: by officer (default: yourself, unless a team is given) or team, status, dates."""

    officer_id: uuid.UUID | None = None
    team: str | None = Field(default=None, max_length=64)
    status: BookingStatus | None = None
    from_: date | None = Field(default=None, alias="from")
    to: date | None = None


class MeetingRead(BaseModel):
    """A booking as the citizen who made it sees it; times on the client's clock."""

    id: uuid.UUID
    status: BookingStatus
    starts_at: datetime
    ends_at: datetime
    timezone: str
    meeting_type: str
    meeting_type_name: str
    location: str
    location_name: str
    address: str | None
    online: bool
    video_url: str | None
    officer_id: uuid.UUID | None
    team: str
    note: str | None
    report_id: uuid.UUID | None
    confirmed_at: datetime | None
    cancelled_at: datetime | None
    cancelled_by: str | None
    cancel_reason: str | None
    completed_at: datetime | None
    created_at: datetime
    calendar: str = Field(description="Path of the meeting's iCalendar file")


class MeetingStaffRead(MeetingRead):
    """What the force sees besides: who booked, the places taken, the officer's notes."""

    citizen_id: uuid.UUID | None
    citizen_anonymous: bool
    officer_notes: str | None
    booked: int
    capacity: int


# Staff get the fuller view; the first member that fits is used.
MeetingResponse = MeetingStaffRead | MeetingRead
