"""Tables of the reports domain: what this service keeps of each report (event-carried state)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ARRAY, DateTime, Float, String, Text, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from referrals.models import Base


class ReportSnapshot(Base):
    """A report as report.submitted carried it: the fields a partner could ever receive, and
    what decides how much of them (the reporter's consent to sharing). Never the reporter's
    contact details: the gateway holds those, and partners get none."""

    __tablename__ = "report_snapshots"

    report_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(20))
    category: Mapped[str] = mapped_column(String(60))
    urgent: Mapped[bool]
    description: Mapped[str] = mapped_column(Text)
    occurred_from: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    occurred_to: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    location_text: Mapped[str | None] = mapped_column(Text)
    areas: Mapped[list[str]] = mapped_column(ARRAY(String(60)))
    people: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    vehicles: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    language: Mapped[str] = mapped_column(String(35))
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # Only to find the reports of an erased account; NULL once erased. Never shown.
    reporter_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    # Without it a partner gets an anonymised summary only; erasure withdraws it.
    share_consent: Mapped[bool]
    # The reporter withdrew the report: it is no longer referred to anyone.
    withdrawn: Mapped[bool] = mapped_column(default=False)
    received_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
