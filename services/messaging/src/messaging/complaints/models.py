"""Tables of the complaints domain."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from messaging.models import Base
from peelian.db.models import TimestampMixin, UUIDPrimaryKeyMixin


class ComplaintStatus(StrEnum):
    RECEIVED = "received"
    RESPONDED = "responded"


class Complaint(UUIDPrimaryKeyMixin, TimestampMixin, Base):
    __tablename__ = "complaints"
    __table_args__ = (
        Index("ix_complaints_complainant_created", "complainant_id", "created_at"),
        Index("ix_complaints_status_created", "status", "created_at"),
    )

    # The account, or the anonymous reporter; NULL once the account is erased.
    complainant_id: Mapped[uuid.UUID | None]
    complainant_anonymous: Mapped[bool]
    about: Mapped[str] = mapped_column(Text)
    # What the complaint is about, when it is about something here or in Reporting (whose
    # reports this service cannot check: the id is kept as given).
    report_id: Mapped[uuid.UUID | None]
    conversation_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("conversations.id", ondelete="SET NULL")
    )
    status: Mapped[str] = mapped_column(String(16), default=ComplaintStatus.RECEIVED)
    response: Mapped[str | None] = mapped_column(Text)
    responded_by: Mapped[uuid.UUID | None]
    responded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
