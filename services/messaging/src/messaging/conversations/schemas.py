"""Request and response bodies of the conversations domain."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from messaging.conversations.models import AuthorRole, ConversationKind, ConversationStatus

Text = Annotated[str, Field(min_length=1, max_length=5000)]
Reason = Annotated[str, Field(min_length=3, max_length=500)]
MAX_ATTACHMENTS = 10


class Attachment(BaseModel):
    """A reference to evidence of the conversation's report; the file stays in Reporting
    (``GET /reports/{report_id}/evidence/{evidence_id}``), which checks who may fetch it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    report_id: uuid.UUID
    evidence_id: uuid.UUID


class GeneralContact(BaseModel):
    """A citizen getting in touch about anything (a report's own conversation is opened for
    it when the reporter agrees to be contacted)."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal[ConversationKind.GENERAL]
    subject: str = Field(min_length=3, max_length=200)
    text: Text


class AppealResponseContact(BaseModel):
    """A citizen answering an appeal (a crime or missing-person appeal the force published)."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal[ConversationKind.APPEAL_RESPONSE]
    publication_id: uuid.UUID
    subject: str = Field(default="Information about an appeal", min_length=3, max_length=200)
    text: Text


ConversationCreate = Annotated[GeneralContact | AppealResponseContact, Field(discriminator="kind")]


class MessageCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: Text
    attachments: list[Attachment] = Field(default_factory=list, max_length=MAX_ATTACHMENTS)


class Hide(BaseModel):
    """Hide a message from its conversation's citizen; staff still see it, marked hidden."""

    model_config = ConfigDict(extra="forbid")

    reason: Reason


class BlockCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Reason


class ConversationUpdate(BaseModel):
    """Assign (an officer, a team) or move the status; fields left out are unchanged, and
    ``assigned_officer_id: null`` unassigns."""

    model_config = ConfigDict(extra="forbid")

    team: str | None = Field(
        default=None, min_length=1, max_length=100, pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$"
    )
    assigned_officer_id: uuid.UUID | None = None
    status: ConversationStatus | None = None

    @model_validator(mode="after")
    def _a_change(self) -> Self:
        if not self.model_fields_set:
            raise ValueError("give at least one of team, assigned_officer_id, status")
        if "team" in self.model_fields_set and self.team is None:
            raise ValueError("a conversation always belongs to a team")
        if "status" in self.model_fields_set and self.status is None:
            raise ValueError("status is one of open, waiting, closed")
        return self


class ConversationFilters(BaseModel):
    """Filters of GET /conversations; ``team``, ``assigned_officer_id`` and ``unassigned`` are
    the inbox's."""

    status: ConversationStatus | None = None
    unread: bool | None = Field(
        default=None, description="true: only conversations with messages you have not read"
    )
    team: str | None = Field(default=None, max_length=100)
    assigned_officer_id: uuid.UUID | None = None
    unassigned: bool | None = Field(
        default=None,
        description="true: only conversations nobody is assigned to; false: only assigned ones",
    )
    report_id: uuid.UUID | None = Field(
        default=None, description="only the conversation about this report (there is at most one)"
    )


class MessageRead(BaseModel):
    """A message as the citizen sees it: a hidden one keeps its place, without its content."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    at: datetime
    author_role: AuthorRole
    body: str | None
    attachments: list[Attachment]
    hidden: bool

    @model_validator(mode="after")
    def _withhold_hidden(self) -> Self:
        if self.hidden:
            self.body = None
            self.attachments = []
        return self


class MessageStaffRead(MessageRead):
    """A message as the force sees it: who wrote it, and the moderation."""

    author_id: uuid.UUID | None
    hidden_at: datetime | None
    hidden_by: uuid.UUID | None
    hidden_reason: str | None

    @model_validator(mode="after")
    def _withhold_hidden(self) -> Self:
        return self  # staff moderate: they see what was hidden


class ConversationRead(BaseModel):
    """A conversation as its citizen sees it; ``unread`` counts the force's messages (and the
    system's) that they have not read."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    kind: ConversationKind
    subject: str
    report_id: uuid.UUID | None
    publication_id: uuid.UUID | None
    status: ConversationStatus
    created_at: datetime
    last_message_at: datetime
    unread: int


class ConversationStaffRead(ConversationRead):
    """A conversation in the team inbox; ``unread`` counts the citizen's messages the team has
    not read. An anonymous reporter's id is never shown."""

    citizen_id: uuid.UUID | None
    citizen_anonymous: bool
    team: str
    assigned_officer_id: uuid.UUID | None
    updated_at: datetime

    @model_validator(mode="after")
    def _hide_anonymous_citizen(self) -> Self:
        if self.citizen_anonymous:
            self.citizen_id = None
        return self


class ConversationDetail(ConversationRead):
    messages: list[MessageRead]


class ConversationStaffDetail(ConversationStaffRead):
    messages: list[MessageStaffRead]
    citizen_blocked: bool


class BlockRead(BaseModel):
    """A blocked citizen; an anonymous reporter is named by the conversation only."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    subject: uuid.UUID | None
    subject_anonymous: bool
    conversation_id: uuid.UUID | None
    reason: str
    blocked_by: uuid.UUID
    created_at: datetime

    @model_validator(mode="after")
    def _hide_anonymous_subject(self) -> Self:
        if self.subject_anonymous:
            self.subject = None
        return self
