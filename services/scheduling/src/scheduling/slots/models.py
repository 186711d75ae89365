"""Tables of slots: a meeting session is one slot of a schedule entry that somebody booked,
with its places counted."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    Computed,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import ExcludeConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from peelian.db.models import TimestampMixin, UUIDPrimaryKeyMixin
from scheduling.availability.models import OWNER_SQL, Availability
from scheduling.catalogue.models import Location, MeetingType
from scheduling.models import Base


class MeetingSession(UUIDPrimaryKeyMixin, TimestampMixin, Base):
    """One occurrence of a schedule entry's slot, made when it is first booked. ``booked``
    counts its active bookings; the database keeps it within ``capacity``, so a one-to-one
    slot holds one citizen and a group drop-in never more than its places."""

    __tablename__ = "meeting_sessions"
    __table_args__ = (
        UniqueConstraint("availability_id", "starts_at"),
        CheckConstraint("booked >= 0 AND booked <= capacity", name="places"),
        CheckConstraint("ends_at > starts_at AND blocked_until >= ends_at", name="period"),
        # An owner's booked sessions never overlap (the buffer after each included), even
        # when schedule entries were retired and replaced by others at other times.
        ExcludeConstraint(
            (text("owner"), "="),
            (text("tstzrange(starts_at, blocked_until)"), "&&"),
            name="meeting_sessions_no_overlap",
            using="gist",
            where=text("booked > 0"),
        ),
        Index("ix_meeting_sessions_officer_starts", "officer_id", "starts_at"),
        Index("ix_meeting_sessions_team_starts", "team", "starts_at"),
    )

    availability_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("availability.id"))
    officer_id: Mapped[uuid.UUID | None]
    team: Mapped[str] = mapped_column(String(64))
    owner: Mapped[str] = mapped_column(String(100), Computed(OWNER_SQL, persisted=True))
    meeting_type_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meeting_types.id"))
    location_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("locations.id"))
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # The end of the officer's pause after the meeting (the meeting type's buffer).
    blocked_until: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # The schedule's zone: the officer's calendar shows the session on this clock.
    timezone: Mapped[str] = mapped_column(String(64))
    capacity: Mapped[int] = mapped_column(Integer)
    booked: Mapped[int] = mapped_column(Integer, default=0)

    availability: Mapped[Availability] = relationship(lazy="raise")
    meeting_type: Mapped[MeetingType] = relationship(lazy="raise")
    location: Mapped[Location] = relationship(lazy="raise")
