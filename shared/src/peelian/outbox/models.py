"""The outbox and inbox tables every service has, as mixins for the service's own Base.

The table names are fixed ("outbox", "inbox") so that the shared writer, relay and consumer
can address them in any service's database.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, DateTime, Identity, Index, LargeBinary, String, func, text
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

OUTBOX_TABLE = "outbox"
INBOX_TABLE = "inbox"
# NOTIFY channel the outbox trigger signals; channels are per database, so one name serves all.
OUTBOX_CHANNEL = "peelian_outbox"


class OutboxMixin:
    __tablename__ = OUTBOX_TABLE

    # Identity order is the publish order; add_event serialises writers per key so that a
    # key's rows get ids in commit order.
    id: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    event_id: Mapped[uuid.UUID] = mapped_column(unique=True)
    event_type: Mapped[str] = mapped_column(String(200))
    topic: Mapped[str] = mapped_column(String(249))
    key: Mapped[str] = mapped_column(String(200))
    # The serialised CloudEvents envelope, sent to Kafka byte for byte.
    envelope: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    @declared_attr.directive
    def __table_args__(cls) -> tuple[Index]:
        return (Index("ix_outbox_unsent", "id", postgresql_where=text("sent_at IS NULL")),)


class InboxMixin:
    """One row per event a consumer group has applied: the exactly-once effect's memory."""

    __tablename__ = INBOX_TABLE

    consumer: Mapped[str] = mapped_column(String(200), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    event_type: Mapped[str] = mapped_column(String(200))
    processed_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
