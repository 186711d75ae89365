"""Tables of reminders: when each booking's reminders fall due, and whether they went."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, SmallInteger, String, text
from sqlalchemy.orm import Mapped, mapped_column

from scheduling.models import Base

# Hours before a meeting that its reminders fall due, farthest first.
REMINDER_HOURS = (24, 1)


class ReminderState(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    # Not sent, for good: the booking was cancelled, the meeting began, or a closer reminder
    # fell due at the same time.
    DROPPED = "dropped"


class Reminder(Base):
    __tablename__ = "reminders"
    __table_args__ = (
        CheckConstraint("state IN ('pending', 'sent', 'dropped')", name="state"),
        Index("ix_reminders_due", "due_at", postgresql_where=text("state = 'pending'")),
    )

    booking_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("bookings.id", ondelete="CASCADE"), primary_key=True
    )
    hours_before: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    due_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    state: Mapped[str] = mapped_column(String(16), default=ReminderState.PENDING)
    handled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
