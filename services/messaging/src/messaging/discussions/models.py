"""Tables of the deliberation domain: discussions, proposals and votes."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, String, Text, Uuid, func
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column, query_expression

from messaging.models import Base
from peelian.db.models import TimestampMixin, UUIDPrimaryKeyMixin


class DiscussionStatus(StrEnum):
    OPEN = "open"  # taking proposals and votes until closes_at
    CLOSED = "closed"  # past closes_at, awaiting the force's response (never stored)
    RESPONDED = "responded"  # the force published its summary and response


class Stance(StrEnum):
    SUPPORT = "support"
    OPPOSE = "oppose"


class Discussion(UUIDPrimaryKeyMixin, TimestampMixin, Base):
    __tablename__ = "discussions"
    __table_args__ = (
        Index("ix_discussions_areas", "areas", postgresql_using="gin"),
        Index("ix_discussions_created_at_id", "created_at", "id"),
    )

    title: Mapped[str] = mapped_column(String(200))
    question: Mapped[str] = mapped_column(String(500))
    body: Mapped[str] = mapped_column(Text)
    areas: Mapped[list[str]] = mapped_column(ARRAY(String(100)), default=list)
    # None: open until the force responds.
    closes_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # open or responded; "closed" is open past closes_at, worked out by ``status``.
    stored_status: Mapped[str] = mapped_column("status", String(16), default=DiscussionStatus.OPEN)
    created_by: Mapped[uuid.UUID]
    summary: Mapped[str | None] = mapped_column(Text)
    response: Mapped[str | None] = mapped_column(Text)
    # The proposals the response answers: "you said" links back to them.
    answered_proposal_ids: Mapped[list[uuid.UUID]] = mapped_column(ARRAY(Uuid), default=list)
    responded_by: Mapped[uuid.UUID | None]
    responded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    @property
    def status(self) -> DiscussionStatus:
        if self.stored_status == DiscussionStatus.RESPONDED:
            return DiscussionStatus.RESPONDED
        if self.closes_at is not None and self.closes_at <= datetime.now(UTC):
            return DiscussionStatus.CLOSED
        return DiscussionStatus.OPEN


class Proposal(UUIDPrimaryKeyMixin, Base):
    __tablename__ = "discussion_proposals"
    __table_args__ = (
        Index("ix_discussion_proposals_discussion_at", "discussion_id", "created_at"),
    )

    discussion_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("discussions.id", ondelete="CASCADE")
    )
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.clock_timestamp()
    )
    # Kept for erasure and abuse handling only; never shown, not even to staff.
    author_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    text: Mapped[str] = mapped_column(Text)
    hidden_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    hidden_by: Mapped[uuid.UUID | None]
    hidden_reason: Mapped[str | None] = mapped_column(String(500))

    support: Mapped[int] = query_expression()
    oppose: Mapped[int] = query_expression()
    # The viewer's own vote, if they are signed in and voted.
    my_stance: Mapped[str | None] = query_expression()

    @property
    def hidden(self) -> bool:
        return self.hidden_at is not None


class Vote(Base):
    """One vote per person and proposal; changing it replaces it."""

    __tablename__ = "discussion_votes"
    __table_args__ = (CheckConstraint("stance IN ('support', 'oppose')", name="stance"),)

    proposal_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("discussion_proposals.id", ondelete="CASCADE"), primary_key=True
    )
    # After erasure a random id: the vote still counts, and points at nobody.
    voter_id: Mapped[uuid.UUID] = mapped_column(primary_key=True, index=True)
    stance: Mapped[str] = mapped_column(String(8))
    voted_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
