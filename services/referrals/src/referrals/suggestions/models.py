"""Tables of the suggestions domain."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import DateTime, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from peelian.db.models import TimestampMixin, UUIDPrimaryKeyMixin
from referrals.models import Base


class SuggestionStatus(StrEnum):
    OPEN = "open"
    CONFIRMED = "confirmed"  # an officer made the referral
    DISMISSED = "dismissed"


class Suggestion(UUIDPrimaryKeyMixin, TimestampMixin, Base):
    """A referral the rules propose: the report's category is one the partner deals with."""

    __tablename__ = "referral_suggestions"
    __table_args__ = (
        # One per report and partner: a redelivered report.submitted suggests nothing twice.
        UniqueConstraint("report_id", "partner_id"),
        Index("ix_referral_suggestions_status_created", "status", "created_at"),
    )

    report_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("report_snapshots.report_id"))
    partner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("partners.id"))
    # Why: the rule that matched, in words an officer reads.
    rule: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), default=SuggestionStatus.OPEN)
    referral_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("referrals.id"))
    decided_by: Mapped[uuid.UUID | None]
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    dismiss_reason: Mapped[str | None] = mapped_column(Text)
