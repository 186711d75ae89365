"""Tables of the webhooks domain: endpoints, deliveries and each delivery's attempts."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    ARRAY,
    BigInteger,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    LargeBinary,
    String,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from peelian.db.models import TimestampMixin, UUIDPrimaryKeyMixin
from referrals.models import Base


class Endpoint(UUIDPrimaryKeyMixin, TimestampMixin, Base):
    __tablename__ = "webhook_endpoints"

    partner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("partners.id"), index=True)
    url: Mapped[str] = mapped_column(String(2000))
    description: Mapped[str] = mapped_column(String(500), default="")
    # The event types (org.peelian.referral.*.v1) this endpoint subscribes to.
    event_types: Mapped[list[str]] = mapped_column(ARRAY(String(200)))
    # A disabled endpoint gets no new deliveries; those already queued wait for it.
    enabled: Mapped[bool] = mapped_column(default=True)
    # Signing secrets (whsec_...), encrypted (referrals.webhooks.signing.SecretBox). After a
    # rotation the previous one still signs until it expires, so receivers switch calmly.
    secret: Mapped[bytes] = mapped_column(LargeBinary)
    previous_secret: Mapped[bytes | None] = mapped_column(LargeBinary)
    previous_secret_expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class DeliveryStatus(StrEnum):
    PENDING = "pending"  # due at next_attempt_at (or in flight until leased_until)
    DELIVERED = "delivered"
    DEAD = "dead"  # every attempt failed: dead-lettered, until a partner replays it


class Delivery(UUIDPrimaryKeyMixin, TimestampMixin, Base):
    """One event to one endpoint; a replay is a new delivery of the same event."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        Index(
            "ix_webhook_deliveries_due",
            "next_attempt_at",
            postgresql_where=text("status = 'pending'"),
        ),
        Index("ix_webhook_deliveries_partner_created", "partner_id", "created_at"),
    )

    partner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("partners.id"))
    endpoint_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("webhook_endpoints.id"), index=True)
    event_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("partner_events.id"), index=True)
    event_type: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), default=DeliveryStatus.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    # Set while a worker sends it; a worker that dies leaves it due again when this passes.
    leased_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_status_code: Mapped[int | None]
    last_error: Mapped[str | None] = mapped_column(String(500))
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    replay_of: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("webhook_deliveries.id"))


class Attempt(Base):
    """One try of a delivery: the partner's answer (status code) or what went wrong."""

    __tablename__ = "webhook_attempts"
    __table_args__ = (Index("ix_webhook_attempts_delivery", "delivery_id", "id"),)

    id: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    delivery_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("webhook_deliveries.id", ondelete="CASCADE")
    )
    attempted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    status_code: Mapped[int | None]
    error: Mapped[str | None] = mapped_column(String(500))
    duration_ms: Mapped[int] = mapped_column(Integer)
