"""Tables of availability: officers' and teams' weekly schedules, and the exceptions to them
(leave, bank holidays)."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time
from enum import StrEnum

from sqlalchemy import (
    CheckConstraint,
    Computed,
    Date,
    DateTime,
    ForeignKey,
    Index,
    SmallInteger,
    String,
    Time,
    text,
)
from sqlalchemy.dialects.postgresql import ExcludeConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from peelian.db.models import TimestampMixin, UUIDPrimaryKeyMixin
from scheduling.catalogue.models import Location, MeetingType
from scheduling.models import Base

# Whose time an entry is: the officer's, or the team's when no officer is named. Two entries
# of one owner may not overlap, whatever their meeting types: nobody is in two places at once.
OWNER_SQL = "coalesce(officer_id::text, 'team:' || team)"


class Availability(UUIDPrimaryKeyMixin, TimestampMixin, Base):
    """A weekly schedule entry: every ``weekday`` from ``start_time`` to ``end_time`` on the
    wall clock of ``timezone``, between ``valid_from`` and ``valid_until``, the officer (or
    the team) offers meetings of one type at one location."""

    __tablename__ = "availability"
    __table_args__ = (
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday"),
        CheckConstraint("end_time > start_time", name="hours"),
        CheckConstraint("valid_until IS NULL OR valid_until >= valid_from", name="validity"),
        # The database, not a check before the insert, refuses overlapping entries: two
        # supervisors saving at once cannot both succeed. Times are compared on the wall clock.
        ExcludeConstraint(
            (text("owner"), "="),
            (text("weekday"), "="),
            (
                text("tsrange(DATE '2000-01-01' + start_time, DATE '2000-01-01' + end_time)"),
                "&&",
            ),
            (text("daterange(valid_from, valid_until, '[]')"), "&&"),
            name="availability_no_overlap",
            using="gist",
            where=text("retired_at IS NULL"),
        ),
        Index("ix_availability_team", "team"),
        Index("ix_availability_officer", "officer_id"),
    )

    officer_id: Mapped[uuid.UUID | None]
    team: Mapped[str] = mapped_column(String(64))
    owner: Mapped[str] = mapped_column(String(100), Computed(OWNER_SQL, persisted=True))
    meeting_type_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meeting_types.id"))
    location_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("locations.id"))
    # 0 is Monday, as date.weekday() counts.
    weekday: Mapped[int] = mapped_column(SmallInteger)
    start_time: Mapped[time] = mapped_column(Time)
    end_time: Mapped[time] = mapped_column(Time)
    timezone: Mapped[str] = mapped_column(String(64))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    created_by: Mapped[uuid.UUID]
    # Retired entries offer no new slots; the meetings already booked from them stay.
    retired_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    meeting_type: Mapped[MeetingType] = relationship(lazy="raise")
    location: Mapped[Location] = relationship(lazy="raise")


class ExceptionKind(StrEnum):
    LEAVE = "leave"
    BANK_HOLIDAY = "bank_holiday"
    OTHER = "other"


class AvailabilityException(UUIDPrimaryKeyMixin, TimestampMixin, Base):
    """A time when schedules do not apply: an officer's leave, a team's training day, or (with
    neither named) a bank holiday for everybody."""

    __tablename__ = "availability_exceptions"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="period"),
        CheckConstraint("kind IN ('leave', 'bank_holiday', 'other')", name="kind"),
        Index(
            "ix_availability_exceptions_period",
            text("tstzrange(starts_at, ends_at)"),
            postgresql_using="gist",
        ),
    )

    officer_id: Mapped[uuid.UUID | None]
    team: Mapped[str | None] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    reason: Mapped[str] = mapped_column(String(300), default="")
    created_by: Mapped[uuid.UUID]
