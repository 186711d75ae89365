"""Request and response bodies of the publications domain."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, model_validator

from messaging.publications.models import Kind, Severity, Status

Language = str


class TranslationWrite(BaseModel):
    model_config = ConfigDict(extra="forbid", from_attributes=True)

    language: Language = Field(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
    title: str = Field(min_length=1, max_length=200)
    body: str = Field(min_length=1, max_length=20_000)


# Validation context of the one place that may create a survey announcement.
SURVEY_ANNOUNCEMENT = "survey_announcement"


class PublicationCreate(BaseModel):
    """A draft. Warnings need a severity and at least one area; every language's text is a
    translation, one of them in ``default_language`` (the fallback for everyone else)."""

    model_config = ConfigDict(extra="forbid")

    kind: Kind
    severity: Severity | None = None
    areas: list[str] = Field(default_factory=list, max_length=20)
    topics: list[str] = Field(default_factory=list, max_length=20)
    default_language: Language = "en"
    translations: list[TranslationWrite] = Field(min_length=1, max_length=20)
    requires_acknowledgement: bool = False
    expires_at: datetime | None = None

    @model_validator(mode="after")
    def _rules(self, info: ValidationInfo) -> Self:
        if self.kind is Kind.SURVEY and not (info.context or {}).get(SURVEY_ANNOUNCEMENT):
            raise ValueError(
                "survey announcements are published by the surveys service when a survey opens"
            )
        languages = [t.language for t in self.translations]
        if len(set(languages)) != len(languages):
            raise ValueError("one translation per language")
        if self.default_language not in languages:
            raise ValueError(f"give a translation in the default language {self.default_language}")
        if self.kind is Kind.WARNING:
            if self.severity is None:
                raise ValueError("a warning needs a severity: info, advisory or urgent")
            if not self.areas:
                raise ValueError("a warning needs at least one target area")
        elif self.severity is not None or self.requires_acknowledgement:
            raise ValueError("only warnings have a severity or ask for acknowledgement")
        if self.expires_at is not None:
            if self.expires_at.tzinfo is None:
                raise ValueError("give expires_at with a UTC offset")
            if self.expires_at <= datetime.now(UTC):
                raise ValueError("expires_at must be in the future")
        return self


class PublicationRead(BaseModel):
    """A publication in one language (the reader's, or the default one)."""

    id: uuid.UUID
    kind: Kind
    status: Status
    severity: Severity | None
    areas: list[str]
    topics: list[str]
    language: str
    title: str
    body: str
    languages: list[str]
    requires_acknowledgement: bool
    expires_at: datetime | None
    version: int
    published_at: datetime | None
    publish_at: datetime | None = None


class PublicationUpdate(BaseModel):
    """Change a draft in place, or publish a new version of a published item (history keeps
    the text it replaces). Fields left out are unchanged; ``translations`` replaces them all."""

    model_config = ConfigDict(extra="forbid")

    areas: list[str] | None = Field(default=None, max_length=20)
    topics: list[str] | None = Field(default=None, max_length=20)
    translations: list[TranslationWrite] | None = Field(default=None, min_length=1, max_length=20)
    expires_at: datetime | None = None

    @model_validator(mode="after")
    def _rules(self) -> Self:
        if self.translations is not None:
            languages = [t.language for t in self.translations]
            if len(set(languages)) != len(languages):
                raise ValueError("one translation per language")
        if self.expires_at is not None and (
            self.expires_at.tzinfo is None or self.expires_at <= datetime.now(UTC)
        ):
            raise ValueError("expires_at must be in the future, with a UTC offset")
        return self


class PublishRequest(BaseModel):
    """Publish now, or at ``publish_at`` (scheduled)."""

    model_config = ConfigDict(extra="forbid")

    publish_at: datetime | None = None

    @model_validator(mode="after")
    def _future(self) -> Self:
        if self.publish_at is not None and self.publish_at.tzinfo is None:
            raise ValueError("give publish_at with a UTC offset")
        return self


class HistoryEntryRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    at: datetime
    action: str
    actor_id: uuid.UUID | None
    version: int
    data: dict[str, Any]


class CommentWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    body: str = Field(min_length=1, max_length=2000)


class CommentRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    author_role: str
    body: str
    hidden: bool
    created_at: datetime


class RatingWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    stars: int = Field(ge=1, le=5)


class RatingsRead(BaseModel):
    count: int
    average: float | None
    yours: int | None


class Retraction(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=3, max_length=500)


class PublicationFilters(BaseModel):
    """Filters of the staff list GET /publications."""

    status: Status | None = None
    kind: Kind | None = None


class AudienceQuery(BaseModel):
    """Areas and topics a publication would go to: the ones of GET /publications/audience."""

    areas: list[str] = Field(default_factory=list, max_length=20)
    topics: list[str] = Field(default_factory=list, max_length=20)


class AudienceRead(BaseModel):
    subscriptions: int = Field(
        description="Active subscriptions a warning or appeal to these areas and topics would "
        "reach now (news and advice are read in the feeds, not delivered)"
    )


class FanOutRead(BaseModel):
    """How far delivery of a publication to its recipients' inboxes has got."""

    status: str = Field(description="pending, running or done")
    subscriptions_scanned: int
    recipients: int = Field(description="Inbox entries made so far")
    slices: int = Field(description="The fan-out runs in this many parallel slices")
    slices_done: int
    started_at: datetime | None
    finished_at: datetime | None


class AreaReach(BaseModel):
    area: str | None
    delivered: int = Field(description="In the inbox (read and acknowledged ones included)")
    read: int = Field(description="Opened (acknowledged ones included)")
    acknowledged: int


class ReachRead(BaseModel):
    fan_out: FanOutRead | None
    total: AreaReach
    by_area: list[AreaReach]
