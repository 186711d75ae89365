"""Tables of the builder: surveys (who is asked, when, how) and their versions (what is asked)."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, Uuid, text
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from peelian.db.models import TimestampMixin, UUIDPrimaryKeyMixin
from surveys.models import Base


class Status(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CLOSED = "closed"


class Audience(StrEnum):
    PUBLIC = "public"  # anyone with the link; nobody is told
    CITIZENS = "citizens"  # every subscriber is told
    AREAS = "areas"  # subscribers of the areas (narrowed by topics) are told
    ACCOUNTS = "accounts"  # exactly the listed accounts are asked, and only they may answer


class Survey(UUIDPrimaryKeyMixin, TimestampMixin, Base):
    __tablename__ = "surveys"
    __table_args__ = (
        Index("ix_surveys_created", "created_at", "id"),
        # The closing worker's question: which open surveys are past their closing time.
        Index("ix_surveys_closing", "closes_at", postgresql_where=text("status = 'published'")),
    )

    # The public link is /survey-links/<slug>: short, random, not the id.
    slug: Mapped[str] = mapped_column(String(32), unique=True)
    status: Mapped[Status] = mapped_column(String(16))
    audience: Mapped[Audience] = mapped_column(String(16))
    areas: Mapped[list[str]] = mapped_column(ARRAY(String(100)))
    topics: Mapped[list[str]] = mapped_column(ARRAY(String(50)))
    account_ids: Mapped[list[uuid.UUID]] = mapped_column(ARRAY(Uuid))
    # Anonymous: responses hold nothing about who gave them. Identified: the respondent's id.
    anonymous: Mapped[bool] = mapped_column(Boolean)
    # None until published (then the publishing time, unless a later one was asked for).
    opens_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closes_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The live version: what a respondent is shown; 0 until the first is published.
    current_version: Mapped[int] = mapped_column(Integer, default=0)
    # Every question any published version asked, in the order first asked, with its options
    # in the order first offered: question and option numbers in results are positions here
    # (1-based), and exports have one column per entry. Only ever appended to.
    layout: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    created_by: Mapped[uuid.UUID] = mapped_column(Uuid)
    published_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Citizens may read the aggregate results (never free text) once an officer says so.
    results_public: Mapped[bool] = mapped_column(Boolean, default=False)


class SurveyVersion(TimestampMixin, Base):
    """What a survey asks. A published version never changes: editing a published survey
    makes the next version, and every response keeps the number of the one it answered."""

    __tablename__ = "survey_versions"

    survey_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("surveys.id", ondelete="CASCADE"), primary_key=True
    )
    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    # builder.schemas.SurveyContent, as JSON.
    content: Mapped[dict[str, Any]] = mapped_column(JSONB)
    published_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
