"""Tables of the notifications domain: what happened to one person (a meeting booked, moved,
cancelled, coming up or held; a survey they were asked to answer)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Index, String, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from messaging.models import Base
from peelian.db.models import TimestampMixin, UUIDPrimaryKeyMixin


class Notification(UUIDPrimaryKeyMixin, TimestampMixin, Base):
    __tablename__ = "notifications"
    __table_args__ = (
        Index("ix_notifications_recipient_created", "recipient_id", "created_at", "id"),
    )

    # A token subject: an account, or an anonymous reporter's key.
    recipient_id: Mapped[uuid.UUID]
    # The event it came from, without its version: "meeting.booked", "survey.published".
    kind: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    # Where a client goes from here: a path under the platform's public address.
    link: Mapped[str | None] = mapped_column(String(500))
    # What a client needs to act on it without parsing the text (booking id, times...).
    data: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
