"""Tables of the partners domain: the agencies and their data-sharing agreements."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ARRAY, DateTime, String, Text, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from peelian.db.models import TimestampMixin, UUIDPrimaryKeyMixin
from referrals.models import Base

# Each partner that takes a Kafka feed reads its own topic, and only that one.
FEED_TOPIC_PREFIX = "referrals.feed."


class Partner(UUIDPrimaryKeyMixin, TimestampMixin, Base):
    __tablename__ = "partners"

    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    # Report categories the agency deals with: reports in them are suggested for referral.
    categories: Mapped[list[str]] = mapped_column(ARRAY(String(60)), default=list)
    # [{"name", "role", "email", "phone"}]: the people the force talks to there.
    contacts: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    # An inactive partner keeps its referrals (and its access to them) but gets no new ones.
    active: Mapped[bool] = mapped_column(default=True)
    kafka_feed: Mapped[bool] = mapped_column(default=False)
    # The data-sharing agreement: its reference in the force's records, and exactly which
    # report fields the partner may receive (peelian's ReportField names).
    agreement_reference: Mapped[str] = mapped_column(String(100))
    agreement_fields: Mapped[list[str]] = mapped_column(ARRAY(String(40)))
    agreement_updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )

    @property
    def feed_topic(self) -> str | None:
        return FEED_TOPIC_PREFIX + self.slug if self.kafka_feed else None
