"""Request and response bodies of the deliberation domain."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from messaging.discussions.models import DiscussionStatus, Stance

Slug = Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]


def _future(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("give the time with a UTC offset, e.g. 2026-12-01T18:00:00Z")
    if value <= datetime.now(UTC):
        raise ValueError("a discussion closes in the future")
    return value.astimezone(UTC)


class DiscussionCreate(BaseModel):
    """A question put to the public; ``closes_at`` left out keeps it open until the response."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=5, max_length=200)
    question: str = Field(min_length=5, max_length=500)
    body: str = Field(default="", max_length=10_000)
    areas: list[Slug] = Field(default_factory=list, max_length=20)
    closes_at: Annotated[datetime, AfterValidator(_future)] | None = None


class ProposalCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=10, max_length=2000)


class VoteStance(StrEnum):
    SUPPORT = "support"
    OPPOSE = "oppose"
    NONE = "none"  # take the vote back


class VoteCast(BaseModel):
    """Support or oppose a proposal, or take the vote back; one vote per person, changeable."""

    model_config = ConfigDict(extra="forbid")

    stance: VoteStance


class Hide(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=3, max_length=500)


class ResponseCreate(BaseModel):
    """The force's answer: what people said, what it will do ("you said, we did"), and the
    proposals it answers."""

    model_config = ConfigDict(extra="forbid")

    summary: str = Field(min_length=10, max_length=10_000)
    response: str = Field(min_length=10, max_length=10_000)
    proposal_ids: list[uuid.UUID] = Field(default_factory=list, max_length=200)


class DiscussionFilters(BaseModel):
    status: DiscussionStatus | None = None
    area: str | None = Field(default=None, max_length=100)


class ProposalRead(BaseModel):
    """A proposal with its votes counted; who proposed or voted is never shown."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    created_at: datetime
    text: str
    support: int
    oppose: int
    my_stance: Stance | None = Field(description="Your vote, when you are signed in")


class ProposalStaffRead(ProposalRead):
    """A proposal as moderators see it, hidden ones included."""

    hidden: bool
    hidden_at: datetime | None
    hidden_by: uuid.UUID | None
    hidden_reason: str | None


class DiscussionSummary(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    title: str
    question: str
    areas: list[str]
    status: DiscussionStatus
    closes_at: datetime | None
    created_at: datetime
    responded_at: datetime | None


class ResponseRead(BaseModel):
    """The force's response; ``proposal_ids`` link back to the proposals it answers."""

    summary: str
    response: str
    proposal_ids: list[uuid.UUID]
    responded_at: datetime


class _DiscussionDocument(DiscussionSummary):
    body: str
    response: ResponseRead | None


class DiscussionRead(_DiscussionDocument):
    """A discussion with its visible proposals and the force's response."""

    proposals: list[ProposalRead]


class DiscussionStaffRead(_DiscussionDocument):
    """A discussion as moderators see it: hidden proposals too, and who ran it."""

    created_by: uuid.UUID
    responded_by: uuid.UUID | None
    proposals: list[ProposalStaffRead]
