"""Tables of the evidence domain: stored files, pending direct uploads, chain of custody."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, Boolean, DateTime, ForeignKey, Index, Integer, String, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from peelian.db.models import TimestampMixin, UUIDPrimaryKeyMixin
from reporting.models import Base


class MediaKind(StrEnum):
    PHOTO = "photo"
    VIDEO = "video"
    AUDIO = "audio"
    DOCUMENT = "document"


class DerivativeStatus(StrEnum):
    READY = "ready"  # a shareable copy without metadata (and a thumbnail) exists
    FAILED = "failed"  # the original is kept; no shareable copy could be made
    NOT_AVAILABLE = "not_available"  # no derivative is made for this media kind


class Evidence(UUIDPrimaryKeyMixin, TimestampMixin, Base):
    """One stored original. Its bytes never change (object lock); ``sha256`` proves it."""

    __tablename__ = "evidence"
    __table_args__ = (Index("ix_evidence_uploader_created", "uploaded_by", "created_at"),)

    report_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("reports.id"), index=True)
    # The account or anonymous reporter that uploaded it (for per-user limits); NULL for
    # staff uploads and once a reporter's account is erased.
    uploaded_by: Mapped[uuid.UUID | None]
    uploader_role: Mapped[str] = mapped_column(String(16))
    media_kind: Mapped[str] = mapped_column(String(16))
    content_type: Mapped[str] = mapped_column(String(100))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    original_key: Mapped[str] = mapped_column(String(200))
    original_version_id: Mapped[str | None] = mapped_column(String(200))
    retain_until: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    derivative_status: Mapped[str] = mapped_column(String(16))
    derivative_key: Mapped[str | None] = mapped_column(String(200))
    thumbnail_key: Mapped[str | None] = mapped_column(String(200))
    # Set when an export found the stored bytes no longer match ``sha256``.
    integrity_alarm: Mapped[bool] = mapped_column(Boolean, default=False)


class UploadStatus(StrEnum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


class DirectUpload(UUIDPrimaryKeyMixin, TimestampMixin, Base):
    """A presigned POST straight to the object store's staging bucket, awaiting confirmation."""

    __tablename__ = "direct_uploads"

    report_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("reports.id"), index=True)
    # NULL once the requester's account is erased.
    requested_by: Mapped[uuid.UUID | None]
    requester_role: Mapped[str] = mapped_column(String(16))
    staging_key: Mapped[str] = mapped_column(String(200))
    max_bytes: Mapped[int] = mapped_column(BigInteger)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(16), default=UploadStatus.PENDING)
    evidence_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("evidence.id"))


class CustodyAction(StrEnum):
    UPLOADED = "uploaded"
    VIEWED = "viewed"
    DOWNLOADED = "downloaded"
    EXPORTED = "exported"
    INTEGRITY_FAILED = "integrity_failed"


class CustodyEvent(UUIDPrimaryKeyMixin, Base):
    """The chain of custody: append-only (a trigger refuses UPDATE and DELETE)."""

    __tablename__ = "custody_events"
    __table_args__ = (Index("ix_custody_events_evidence_at", "evidence_id", "at"),)

    evidence_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("evidence.id"))
    # clock_timestamp(), not now(): entries made in one transaction keep their order.
    at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.clock_timestamp()
    )
    action: Mapped[str] = mapped_column(String(32))
    # Staff are named; a reporter is recorded by role only (the report says who reported).
    actor_id: Mapped[uuid.UUID | None]
    actor_role: Mapped[str] = mapped_column(String(16))
    purpose: Mapped[str | None] = mapped_column(String(500))
    detail: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
