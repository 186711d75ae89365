"""Tables of the inbox domain: what each person received, and what they did with it."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import DateTime, Index, String, func, text
from sqlalchemy.orm import Mapped, mapped_column

from messaging.models import Base


class EntryState(StrEnum):
    DELIVERED = "delivered"
    READ = "read"
    ACKNOWLEDGED = "acknowledged"


class InboxEntry(Base):
    """One publication in one person's inbox. Written by fan-out in bulk: no ORM defaults."""

    __tablename__ = "inbox_entries"
    # A warning to everyone writes 650,000 rows at once, so every index costs: the key serves
    # a person's inbox and makes an entry once per person and publication; reach counts what
    # was read from the partial index, which holds only the entries someone opened (what was
    # delivered is tallied by the fan-out). No foreign key: publications are retracted, never
    # deleted, and the check ran once per row.
    __table_args__ = (
        Index(
            "ix_inbox_entries_opened",
            "publication_id",
            "area",
            "state",
            postgresql_where=text("state <> 'delivered'"),
        ),
    )

    recipient_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    publication_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    # The targeted area the recipient was reached through (for reach by area).
    area: Mapped[str | None] = mapped_column(String(100))
    state: Mapped[str] = mapped_column(String(16), server_default=EntryState.DELIVERED.value)
    acknowledgement: Mapped[str | None] = mapped_column(String(16))
    delivered_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    acknowledged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
