"""Tables of the inbox domain: what each person received, and what they did with it."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    BigInteger,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    String,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from messaging.models import Base


class EntryState(StrEnum):
    DELIVERED = "delivered"
    READ = "read"
    ACKNOWLEDGED = "acknowledged"


class InboxEntry(Base):
    """One publication in one person's inbox. Written by fan-out in bulk: no ORM defaults."""

    __tablename__ = "inbox_entries"
    __table_args__ = (
        UniqueConstraint("publication_id", "recipient_id"),
        Index("ix_inbox_entries_recipient_delivered", "recipient_id", "delivered_at", "id"),
    )

    # 650,000 entries per warning to everyone: 64-bit ids.
    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    publication_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("publications.id", ondelete="CASCADE")
    )
    recipient_id: Mapped[uuid.UUID]
    # The targeted area the recipient was reached through (for reach by area).
    area: Mapped[str | None] = mapped_column(String(100))
    state: Mapped[str] = mapped_column(String(16), server_default=EntryState.DELIVERED.value)
    acknowledgement: Mapped[str | None] = mapped_column(String(16))
    delivered_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    acknowledged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
