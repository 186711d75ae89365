"""Tables of the conversations domain: conversations, their messages, blocked citizens, and
what is known of reports whose conversations have not opened yet."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, DateTime, ForeignKey, Identity, Index, String, Text, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, query_expression

from messaging.models import Base
from peelian.db.models import TimestampMixin, UUIDPrimaryKeyMixin
from peelian.reference import NEIGHBOURHOOD_TEAM


class ConversationKind(StrEnum):
    REPORT = "report"  # opened for a report whose reporter agreed to be contacted
    APPEAL_RESPONSE = "appeal_response"  # a citizen answering an appeal
    GENERAL = "general"  # a citizen getting in touch


class ConversationStatus(StrEnum):
    OPEN = "open"  # the force's turn
    WAITING = "waiting"  # the citizen's turn
    CLOSED = "closed"


class AuthorRole(StrEnum):
    CITIZEN = "citizen"
    OFFICER = "officer"
    SYSTEM = "system"


class Side(StrEnum):
    """Who reads a conversation: its citizen, or the force's team."""

    CITIZEN = "citizen"
    TEAM = "team"


class Conversation(UUIDPrimaryKeyMixin, TimestampMixin, Base):
    __tablename__ = "conversations"
    __table_args__ = (
        Index("ix_conversations_citizen_activity", "citizen_id", "last_message_at"),
        Index("ix_conversations_team_activity", "team", "last_message_at"),
    )

    # The account, or the anonymous reporter (a random id); NULL once the account is erased.
    citizen_id: Mapped[uuid.UUID | None]
    citizen_anonymous: Mapped[bool]
    kind: Mapped[str] = mapped_column(String(20))
    subject: Mapped[str] = mapped_column(String(200))
    # One conversation per report: a redelivered report.submitted finds it.
    report_id: Mapped[uuid.UUID | None] = mapped_column(unique=True)
    publication_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    team: Mapped[str] = mapped_column(String(100), default=NEIGHBOURHOOD_TEAM)
    assigned_officer_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    status: Mapped[str] = mapped_column(String(16), default=ConversationStatus.OPEN)
    last_message_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    # Each side has read every message up to this time (the time of the last message then).
    citizen_read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    team_read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    # Messages the viewing side has not read; loaded with the query that reads the row.
    unread: Mapped[int] = query_expression()


class Message(UUIDPrimaryKeyMixin, Base):
    __tablename__ = "conversation_messages"
    __table_args__ = (
        Index("ix_conversation_messages_conversation_at", "conversation_id", "at", "id"),
    )

    conversation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE")
    )
    # clock_timestamp(), not now(): messages made in one transaction keep their order.
    at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.clock_timestamp()
    )
    author_role: Mapped[str] = mapped_column(String(16))
    # Staff are named; the citizen's id stays on the conversation alone, so that erasing
    # them touches one row.
    author_id: Mapped[uuid.UUID | None]
    body: Mapped[str] = mapped_column(Text)
    # [{"report_id": ..., "evidence_id": ...}]: references to evidence that Reporting holds.
    attachments: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    hidden_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    hidden_by: Mapped[uuid.UUID | None]
    hidden_reason: Mapped[str | None] = mapped_column(String(500))

    @property
    def hidden(self) -> bool:
        return self.hidden_at is not None


class Block(UUIDPrimaryKeyMixin, Base):
    """A citizen who may no longer post (abuse); they can still read their conversations."""

    __tablename__ = "conversation_blocks"
    subject: Mapped[uuid.UUID] = mapped_column(unique=True)
    subject_anonymous: Mapped[bool]
    # Where the decision was taken: staff block the citizen of a conversation, so that an
    # anonymous reporter can be blocked without anyone seeing their id.
    conversation_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("conversations.id", ondelete="SET NULL")
    )
    reason: Mapped[str] = mapped_column(String(500))
    blocked_by: Mapped[uuid.UUID]
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class ReportContact(Base):
    """What messaging learnt from a report's report.submitted: whether its reporter may be
    written to. Tells a message about a report that is not known yet (to be kept until the
    report's conversation opens) from one about a report whose reporter may not be contacted
    (dropped): report.submitted and the messages about the report come on different topics,
    in no fixed order."""

    __tablename__ = "report_contacts"
    report_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    contact_consent: Mapped[bool]
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class PendingReportMessage(Base):
    """A message for a report's reporter (an officer's public update, a partner's outcome) that
    arrived before the report's report.submitted; posted when its conversation opens."""

    __tablename__ = "pending_report_messages"
    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    report_id: Mapped[uuid.UUID] = mapped_column(index=True)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
