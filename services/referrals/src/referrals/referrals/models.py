"""Tables of the referrals domain: referrals and the notes on them."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import DateTime, ForeignKey, Index, String, Text, func, text
from sqlalchemy.orm import Mapped, mapped_column

from peelian.db.models import TimestampMixin, UUIDPrimaryKeyMixin
from referrals.models import Base


class ReferralStatus(StrEnum):
    PENDING = "pending"  # waiting for the partner to accept or decline
    ACCEPTED = "accepted"
    DECLINED = "declined"
    COMPLETED = "completed"  # the partner recorded its outcome


# A referral in one of these is still the partner's work: it can be overdue, and a report
# cannot be referred to the same partner a second time meanwhile.
OPEN_STATUSES = (ReferralStatus.PENDING, ReferralStatus.ACCEPTED)


class Priority(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


class Outcome(StrEnum):
    """The partner's coded result; the reporter reads the public summary, not this."""

    SUPPORT_PROVIDED = "support_provided"
    SIGNPOSTED = "signposted"
    ACTION_TAKEN = "action_taken"
    NO_FURTHER_ACTION = "no_further_action"
    COULD_NOT_CONTACT = "could_not_contact"


class UpdateAuthor(StrEnum):
    PARTNER = "partner"
    FORCE = "force"


class Referral(UUIDPrimaryKeyMixin, TimestampMixin, Base):
    __tablename__ = "referrals"
    __table_args__ = (
        # The one open referral of a report to a partner (a declined or completed one may be
        # followed by a new referral).
        Index(
            "uq_referrals_open_report_partner",
            "report_id",
            "partner_id",
            unique=True,
            postgresql_where=text("status IN ('pending', 'accepted')"),
        ),
        Index("ix_referrals_partner_created", "partner_id", "created_at"),
        Index(
            "ix_referrals_open_due",
            "due_at",
            postgresql_where=text("status IN ('pending', 'accepted')"),
        ),
    )

    report_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("report_snapshots.report_id"), index=True
    )
    partner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("partners.id"))
    status: Mapped[str] = mapped_column(String(16), default=ReferralStatus.PENDING)
    priority: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text)
    due_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    referred_by: Mapped[uuid.UUID]
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    declined_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decline_reason: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(String(40))
    outcome_summary: Mapped[str | None] = mapped_column(Text)
    # The partner's notes on the outcome, for the force only.
    outcome_details: Mapped[str | None] = mapped_column(Text)
    outcome_recorded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    @property
    def overdue(self) -> bool:
        """Past its due date and still the partner's work (the SLA is missed)."""
        return self.status in OPEN_STATUSES and self.due_at < datetime.now(self.due_at.tzinfo)


class ReferralUpdate(UUIDPrimaryKeyMixin, Base):
    """A note on a referral's progress, by the partner or the force."""

    __tablename__ = "referral_updates"
    __table_args__ = (Index("ix_referral_updates_referral_at", "referral_id", "created_at"),)

    referral_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("referrals.id", ondelete="CASCADE"))
    by: Mapped[str] = mapped_column(String(16))
    author_id: Mapped[uuid.UUID]
    note: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.clock_timestamp()
    )
