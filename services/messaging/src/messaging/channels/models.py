"""Tables of the channels domain: one delivery per publication, recipient and channel."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, DateTime, Index, Integer, String, func, text
from sqlalchemy.orm import Mapped, mapped_column

from messaging.models import Base


class DeliveryState(StrEnum):
    QUEUED = "queued"
    SENT = "sent"
    # Gave up: the attempts ran out, or the provider refused the recipient for good.
    FAILED = "failed"
    # Not sent, on purpose: the publication was retracted or expired, or the recipient
    # unsubscribed or turned the channel off after it was queued.
    CANCELLED = "cancelled"


class Delivery(Base):
    """A publication sent to one person on one channel. Written by fan-out in bulk and
    updated by the delivery worker in bulk: no ORM defaults."""

    __tablename__ = "deliveries"
    __table_args__ = (
        # The worker's "due" query: queued rows by next_attempt_at, and only those.
        Index(
            "ix_deliveries_due",
            "next_attempt_at",
            postgresql_where=text("state = 'queued'"),
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    # Queued only for an inbox entry the same statement made, so once per person, publication
    # and channel without a unique index; no foreign key (publications are never deleted).
    publication_id: Mapped[uuid.UUID]
    recipient_id: Mapped[uuid.UUID]
    channel: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16), server_default=DeliveryState.QUEUED.value)
    attempts: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    # When the worker may (next) try: after quiet hours, after a back-off, or after the lease
    # of a worker that claimed it and died.
    next_attempt_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    last_error: Mapped[str | None] = mapped_column(String(500))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
