"""Tables of the reports domain: reports, their timeline, links and idempotency records."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Computed,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from peelian.db.models import TimestampMixin, UUIDPrimaryKeyMixin
from reporting.models import Base


class ReportKind(StrEnum):
    INCIDENT = "incident"
    INTELLIGENCE = "intelligence"


class Anonymity(StrEnum):
    ANONYMOUS = "anonymous"  # nobody knows who reported: reporter-key holders only
    CONFIDENTIAL = "confidential"  # the police know, nobody else
    IDENTIFIED = "identified"  # may be named to partners the reporter consented to share with


class ReportStatus(StrEnum):
    RECEIVED = "received"
    TRIAGED = "triaged"
    IN_PROGRESS = "in_progress"
    REFERRED = "referred"
    RESOLVED = "resolved"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


class Priority(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    CRITICAL = "critical"


class Report(UUIDPrimaryKeyMixin, TimestampMixin, Base):
    __tablename__ = "reports"
    __table_args__ = (
        CheckConstraint("occurred_from <= occurred_to", name="occurred_range"),
        CheckConstraint("latitude BETWEEN -90 AND 90", name="latitude"),
        CheckConstraint("longitude BETWEEN -180 AND 180", name="longitude"),
        Index("ix_reports_areas", "areas", postgresql_using="gin"),
        Index("ix_reports_tags", "tags", postgresql_using="gin"),
        Index("ix_reports_search", "search", postgresql_using="gin"),
        Index("ix_reports_created_at_id", "created_at", "id"),
        Index("ix_reports_reporter_created", "reporter_id", "created_at"),
        Index("ix_reports_status_created", "status", "created_at"),
        # Duplicate suggestions (pg_trgm similarity) and radius search (earthdistance).
        Index(
            "ix_reports_description_trgm",
            "description",
            postgresql_using="gin",
            postgresql_ops={"description": "gin_trgm_ops"},
        ),
        Index(
            "ix_reports_earth",
            func.ll_to_earth(text("latitude"), text("longitude")),
            postgresql_using="gist",
            postgresql_where=text("latitude IS NOT NULL"),
        ),
    )

    reference: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    category: Mapped[str] = mapped_column(String(50), ForeignKey("categories.slug"))
    description: Mapped[str] = mapped_column(Text)
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    # A single time is a range of length zero.
    occurred_from: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    occurred_to: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    location_text: Mapped[str | None] = mapped_column(String(500))
    areas: Mapped[list[str]] = mapped_column(ARRAY(String(100)), default=list)
    people: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    vehicles: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    language: Mapped[str] = mapped_column(String(16))
    anonymity: Mapped[str] = mapped_column(String(16))
    # The account, or the anonymous reporter (a random id); NULL once the account is erased.
    reporter_id: Mapped[uuid.UUID | None]
    reporter_anonymous: Mapped[bool] = mapped_column(Boolean)
    contact_consent: Mapped[bool] = mapped_column(Boolean)
    share_consent: Mapped[bool] = mapped_column(Boolean)

    status: Mapped[str] = mapped_column(String(16), default=ReportStatus.RECEIVED)
    priority: Mapped[str] = mapped_column(String(16), default=Priority.NORMAL)
    assigned_officer_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    assigned_team: Mapped[str | None] = mapped_column(String(100))
    tags: Mapped[list[str]] = mapped_column(ARRAY(String(50)), default=list)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    search: Mapped[Any] = mapped_column(
        TSVECTOR,
        Computed(
            "to_tsvector('english', description || ' ' || coalesce(location_text, ''))",
            persisted=True,
        ),
        deferred=True,
    )


class Visibility(StrEnum):
    PUBLIC = "public"  # the reporter sees it
    INTERNAL = "internal"  # the force only


class EntryKind(StrEnum):
    SUBMITTED = "submitted"
    TRIAGED = "triaged"
    STATUS_CHANGED = "status_changed"
    INTERNAL_NOTE = "internal_note"
    PUBLIC_UPDATE = "public_update"
    INFORMATION_ADDED = "information_added"
    EVIDENCE_ATTACHED = "evidence_attached"
    LINKED = "linked"
    REFERRAL_OUTCOME = "referral_outcome"
    WITHDRAWN = "withdrawn"
    REPORTER_ERASED = "reporter_erased"


class TimelineEntry(UUIDPrimaryKeyMixin, Base):
    """Everything that happened to a report, in order; notes and updates are entries too."""

    __tablename__ = "timeline_entries"
    __table_args__ = (Index("ix_timeline_entries_report_at", "report_id", "at", "id"),)

    report_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"))
    # clock_timestamp(), not now(): entries made in one transaction keep their order.
    at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.clock_timestamp()
    )
    kind: Mapped[str] = mapped_column(String(32))
    visibility: Mapped[str] = mapped_column(String(16))
    # Staff are named; the reporter is "reporter" without an id, so erasing them leaves the
    # timeline intact.
    actor_id: Mapped[uuid.UUID | None]
    actor_role: Mapped[str] = mapped_column(String(16))
    body: Mapped[str | None] = mapped_column(Text)
    data: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)


class ReportLink(Base):
    """Two related reports, stored once with the smaller id first."""

    __tablename__ = "report_links"
    __table_args__ = (
        CheckConstraint("report_id < related_id", name="ordered"),
        Index("ix_report_links_related_id", "related_id"),
    )

    report_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True
    )
    related_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True
    )
    reason: Mapped[str] = mapped_column(String(500))
    linked_by: Mapped[uuid.UUID]
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class IdempotencyRecord(Base):
    """The first answer to a POST sent with an Idempotency-Key, replayed to its retries."""

    __tablename__ = "idempotency_records"

    principal_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    # SHA-256 of the request, so that a key reused for a different request is refused.
    fingerprint: Mapped[bytes] = mapped_column(LargeBinary(32))
    status_code: Mapped[int] = mapped_column(Integer)
    response: Mapped[dict[str, Any]] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
