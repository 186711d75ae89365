"""Tables of the catalogue: the kinds of meeting officers offer and the places they meet."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import Boolean, CheckConstraint, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from peelian.db.models import TimestampMixin, UUIDPrimaryKeyMixin
from scheduling.models import Base


class MeetingType(UUIDPrimaryKeyMixin, TimestampMixin, Base):
    """A kind of meeting: how long it lasts, how many citizens it takes (1 is one-to-one, more
    is a group drop-in) and the pause the officer keeps after it."""

    __tablename__ = "meeting_types"
    __table_args__ = (
        CheckConstraint("duration_minutes BETWEEN 5 AND 480", name="duration"),
        CheckConstraint("capacity BETWEEN 1 AND 500", name="capacity"),
        CheckConstraint("buffer_minutes BETWEEN 0 AND 240", name="buffer"),
    )

    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    duration_minutes: Mapped[int] = mapped_column(Integer)
    capacity: Mapped[int] = mapped_column(Integer, default=1)
    buffer_minutes: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=text("true"))


class LocationKind(StrEnum):
    STATION = "station"
    CAMPUS = "campus"
    ONLINE = "online"


class Location(UUIDPrimaryKeyMixin, TimestampMixin, Base):
    """Where meetings happen: a police station, a drop-in point on campus, or a video link."""

    __tablename__ = "locations"
    __table_args__ = (
        CheckConstraint("kind IN ('station', 'campus', 'online')", name="kind"),
        # An online location is its video link; a place has an address instead.
        CheckConstraint("(kind = 'online') = (video_url IS NOT NULL)", name="video_url"),
    )

    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(16))
    address: Mapped[str | None] = mapped_column(String(300))
    video_url: Mapped[str | None] = mapped_column(String(500))

    @property
    def online(self) -> bool:
        return self.kind == LocationKind.ONLINE
