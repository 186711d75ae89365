"""Tables of the publications domain: news, appeals, warnings and advice, in several
languages, and the fan-out of each to its recipients."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    false,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from messaging.models import Base
from peelian.db.models import TimestampMixin, UUIDPrimaryKeyMixin


class Kind(StrEnum):
    NEWS = "news"
    APPEAL = "appeal"
    WARNING = "warning"
    ADVICE = "advice"
    # "Have your say": made from survey.published for a survey's areas, never by hand.
    SURVEY = "survey"


class Severity(StrEnum):
    INFO = "info"
    ADVISORY = "advisory"
    URGENT = "urgent"


class Status(StrEnum):
    DRAFT = "draft"
    PENDING_APPROVAL = "pending_approval"
    SCHEDULED = "scheduled"
    PUBLISHED = "published"
    RETRACTED = "retracted"


class Publication(UUIDPrimaryKeyMixin, TimestampMixin, Base):
    __tablename__ = "publications"
    __table_args__ = (
        Index("ix_publications_areas", "areas", postgresql_using="gin"),
        Index("ix_publications_status_published", "status", "published_at"),
        Index(
            "ix_publications_scheduled",
            "publish_at",
            postgresql_where=text("status = 'scheduled'"),
        ),
    )

    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(20), default=Status.DRAFT)
    severity: Mapped[str | None] = mapped_column(String(16))
    areas: Mapped[list[str]] = mapped_column(ARRAY(String(100)), default=list)
    topics: Mapped[list[str]] = mapped_column(ARRAY(String(50)), default=list)
    default_language: Mapped[str] = mapped_column(String(16), default="en")
    requires_acknowledgement: Mapped[bool] = mapped_column(Boolean, default=False)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_by: Mapped[uuid.UUID]
    approved_by: Mapped[uuid.UUID | None]
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # When a scheduled publication goes live.
    publish_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    retracted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    retraction_reason: Mapped[str | None] = mapped_column(String(500))


class Translation(Base):
    """A publication's text in one language."""

    __tablename__ = "publication_translations"

    publication_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("publications.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(String(16), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)


class FanOutStatus(StrEnum):
    PENDING = "pending"
    RUNNING = "running"
    DONE = "done"


class FanOut(Base):
    """The delivery of one publication to its recipients' inboxes, batch by batch: the
    progress an officer watches, and where a restarted worker carries on."""

    __tablename__ = "fan_outs"

    publication_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("publications.id", ondelete="CASCADE"), primary_key=True
    )
    status: Mapped[str] = mapped_column(String(16), default=FanOutStatus.PENDING)
    # The sum over its slices, once done.
    recipients: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class FanOutSlice(Base):
    """One share of a fan-out: the subscriptions with ``after_seq < seq <= upto_seq`` (no
    upper bound for the last), walked in ``seq`` order. Slices are claimed with SKIP LOCKED,
    so workers (tasks and replicas) fan one publication out in parallel."""

    __tablename__ = "fan_out_slices"

    publication_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("fan_outs.publication_id", ondelete="CASCADE"), primary_key=True
    )
    slice: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    # The cursor: the last subscription handled.
    after_seq: Mapped[int] = mapped_column(BigInteger)
    upto_seq: Mapped[int | None] = mapped_column(BigInteger)
    done: Mapped[bool] = mapped_column(Boolean, server_default=false())
    scanned: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    recipients: Mapped[int] = mapped_column(Integer, server_default=text("0"))


class FanOutReach(Base):
    """How many inbox entries a slice of a fan-out made, by the area each recipient was reached
    through: written by the same statement as the entries, so reach is read from a few rows
    instead of counting a warning's 650,000 entries on every look."""

    __tablename__ = "fan_out_reach"

    publication_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("fan_outs.publication_id", ondelete="CASCADE"), primary_key=True
    )
    slice: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    area: Mapped[str] = mapped_column(String(100), primary_key=True)
    delivered: Mapped[int] = mapped_column(Integer)


class HistoryEntry(Base):
    """What happened to a publication: created, submitted, approved, published, updated (a
    new version, with the text it replaced), retracted."""

    __tablename__ = "publication_history"
    __table_args__ = (Index("ix_publication_history_publication_at", "publication_id", "at"),)

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    publication_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("publications.id", ondelete="CASCADE")
    )
    at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.clock_timestamp()
    )
    action: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[uuid.UUID | None]
    version: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)


class Comment(UUIDPrimaryKeyMixin, TimestampMixin, Base):
    """A reader's comment on a publication; staff may hide it (moderation)."""

    __tablename__ = "publication_comments"
    __table_args__ = (Index("ix_publication_comments_publication", "publication_id", "created_at"),)

    publication_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("publications.id", ondelete="CASCADE")
    )
    # NULL once the author's account is erased.
    author_id: Mapped[uuid.UUID | None]
    author_role: Mapped[str] = mapped_column(String(16))
    body: Mapped[str] = mapped_column(Text)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)


class Rating(Base):
    """A reader's rating of a publication, 1 to 5 (one per reader, changeable)."""

    __tablename__ = "publication_ratings"
    __table_args__ = (CheckConstraint("stars BETWEEN 1 AND 5", name="stars"),)

    publication_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("publications.id", ondelete="CASCADE"), primary_key=True
    )
    rater_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    stars: Mapped[int] = mapped_column(SmallInteger)
