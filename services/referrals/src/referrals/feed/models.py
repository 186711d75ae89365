"""Tables of the feed domain: every event a partner was sent, as it was sent."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Index, String, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from referrals.models import Base


class PartnerEvent(Base):
    """A partner's copy of an event (its own CloudEvents id: the webhook-id of its deliveries).
    Also the record of what data left the force for which agency, and when."""

    __tablename__ = "partner_events"
    __table_args__ = (Index("ix_partner_events_partner_time", "partner_id", "time"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    partner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("partners.id"))
    referral_id: Mapped[uuid.UUID] = mapped_column(index=True)
    report_id: Mapped[uuid.UUID] = mapped_column(index=True)
    type: Mapped[str] = mapped_column(String(200))
    time: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # The CloudEvents envelope as first sent; each webhook delivery minimises its report
    # again under the agreement in force then (referrals.feed.service.render).
    envelope: Mapped[dict[str, Any]] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
