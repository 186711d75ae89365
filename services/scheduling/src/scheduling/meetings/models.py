"""Tables of meetings: a citizen's booking of a place in a meeting session."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from peelian.db.models import TimestampMixin, UUIDPrimaryKeyMixin
from scheduling.models import Base
from scheduling.slots.models import MeetingSession


class BookingStatus(StrEnum):
    BOOKED = "booked"
    CANCELLED = "cancelled"
    COMPLETED = "completed"
    NO_SHOW = "no_show"


class Booking(UUIDPrimaryKeyMixin, TimestampMixin, Base):
    __tablename__ = "bookings"
    __table_args__ = (
        CheckConstraint(
            "status IN ('booked', 'cancelled', 'completed', 'no_show')", name="status"
        ),
        CheckConstraint("cancelled_by IS NULL OR cancelled_by IN ('citizen', 'officer')",
                        name="cancelled_by"),
        # One place per person in a session: a double submit books once.
        Index(
            "uq_bookings_active_citizen",
            "session_id",
            "citizen_id",
            unique=True,
            postgresql_where=text("status = 'booked'"),
        ),
        Index("ix_bookings_citizen_created", "citizen_id", "created_at", "id"),
        Index("ix_bookings_session", "session_id"),
    )  # fmt: skip

    session_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meeting_sessions.id"))
    # The token subject of whoever booked (an account or an anonymous reporter's key); null
    # once that account is erased.
    citizen_id: Mapped[uuid.UUID | None]
    citizen_anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    # The citizen's own report this meeting follows up, if any.
    report_id: Mapped[uuid.UUID | None]
    note: Mapped[str | None] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(16), default=BookingStatus.BOOKED)
    # The zone the citizen booked in: their notifications are written on its clock.
    timezone: Mapped[str] = mapped_column(String(64))
    # Bumped by every change, for calendar clients (RFC 5545 SEQUENCE).
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    cancelled_by: Mapped[str | None] = mapped_column(String(16))
    cancel_reason: Mapped[str | None] = mapped_column(String(500))
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The officer's own notes: never shown to the citizen.
    officer_notes: Mapped[str | None] = mapped_column(Text)
    erased_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    session: Mapped[MeetingSession] = relationship(lazy="raise")

    @property
    def active(self) -> bool:
        return self.status == BookingStatus.BOOKED
