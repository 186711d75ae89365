"""Tables of the subscriptions domain: who wants which messages, where and how."""

from __future__ import annotations

import uuid
from datetime import time

from sqlalchemy import BigInteger, Boolean, Float, Identity, Index, String, Time
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from messaging.models import Base
from peelian.db.models import TimestampMixin, UUIDPrimaryKeyMixin


class Subscription(UUIDPrimaryKeyMixin, TimestampMixin, Base):
    """One per person (an account or an anonymous reporter)."""

    __tablename__ = "subscriptions"
    __table_args__ = (
        Index("ix_subscriptions_matched_areas", "matched_areas", postgresql_using="gin"),
        Index("ix_subscriptions_seq", "seq", unique=True),
    )

    subscriber_id: Mapped[uuid.UUID] = mapped_column(unique=True)
    # The order fan-out walks subscriptions in, batch by batch: it grows as rows are added, so
    # a batch reads the heap nearly in order (uuid order reads it at random), and it never
    # changes, so a running fan-out neither misses nor repeats a subscriber who edits theirs.
    seq: Mapped[int] = mapped_column(BigInteger, Identity(always=True))
    areas: Mapped[list[str]] = mapped_column(ARRAY(String(100)), default=list)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    radius_m: Mapped[float | None] = mapped_column(Float)
    # The chosen areas and those the point's circle reaches, worked out when saved: what
    # fan-out matches against (a GIN index), so no geometry is computed per recipient.
    matched_areas: Mapped[list[str]] = mapped_column(ARRAY(String(100)), default=list)
    # Empty: every topic.
    topics: Mapped[list[str]] = mapped_column(ARRAY(String(50)), default=list)
    # The in-app inbox is always on; these are the other channels.
    channels: Mapped[list[str]] = mapped_column(ARRAY(String(16)), default=list)
    email: Mapped[str | None] = mapped_column(String(254))
    language: Mapped[str] = mapped_column(String(16), default="en")
    quiet_from: Mapped[time | None] = mapped_column(Time)
    quiet_to: Mapped[time | None] = mapped_column(Time)
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/London")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
