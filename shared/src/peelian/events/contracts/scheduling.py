"""Events published by the scheduling service: meetings with community officers.

Messaging turns each into a notification for the citizen who booked (defined ahead of the
scheduling service, issue 8, so that messaging can consume them: the contract comes first).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from peelian.events.envelope import EventPayload, registry

MEETING_TOPIC = "scheduling.meeting"


class MeetingEventV1(EventPayload):
    """What every meeting event says about the booking. ``citizen_id`` is the token subject
    of whoever booked (an account, or an anonymous reporter's key): the one to tell.
    ``timezone`` is the IANA zone to show the times in."""

    booking_id: uuid.UUID
    citizen_id: uuid.UUID
    officer_id: uuid.UUID | None
    meeting_type: str
    location: str
    online: bool
    starts_at: datetime
    ends_at: datetime
    timezone: str
    report_id: uuid.UUID | None = None


@registry.event("org.peelian.meeting.booked.v1", topic=MEETING_TOPIC)
class MeetingBookedV1(MeetingEventV1):
    """A citizen booked a meeting."""


@registry.event("org.peelian.meeting.rescheduled.v1", topic=MEETING_TOPIC)
class MeetingRescheduledV1(MeetingEventV1):
    """A booking moved to a new time (``starts_at``); ``previous_starts_at`` was the old one."""

    previous_starts_at: datetime


@registry.event("org.peelian.meeting.cancelled.v1", topic=MEETING_TOPIC)
class MeetingCancelledV1(MeetingEventV1):
    """A booking was cancelled by the citizen or the officer, with a reason they can read."""

    cancelled_by: Literal["citizen", "officer"]
    reason: str


@registry.event("org.peelian.meeting.completed.v1", topic=MEETING_TOPIC)
class MeetingCompletedV1(MeetingEventV1):
    """The officer marked the meeting as held (``attended``) or as a no-show."""

    attended: bool


@registry.event("org.peelian.meeting.reminder_due.v1", topic=MEETING_TOPIC)
class MeetingReminderDueV1(MeetingEventV1):
    """A reminder is due: ``hours_before`` the meeting (24 or 1)."""

    hours_before: int
