"""Tables of reports: which citizen made which report, learnt from report.submitted, so that
only a report's own reporter books its follow-up."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, Index, func
from sqlalchemy.orm import Mapped, mapped_column

from scheduling.models import Base


class ReportReporter(Base):
    __tablename__ = "report_reporters"
    __table_args__ = (Index("ix_report_reporters_reporter", "reporter_id"),)

    report_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    reporter_id: Mapped[uuid.UUID]
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
