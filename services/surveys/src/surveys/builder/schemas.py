"""Request and response bodies of the builder."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from surveys.builder.content import Slug, SurveyContent
from surveys.builder.models import Audience, Status

MAX_ACCOUNTS = 10_000


class SurveyCreate(BaseModel):
    """A draft survey: who is asked and when (the distribution), and its first version's
    content. ``areas`` go with the ``areas`` audience, ``account_ids`` with ``accounts``;
    ``topics`` narrow an ``areas`` or ``citizens`` announcement to subscribers of them."""

    model_config = ConfigDict(extra="forbid")

    audience: Audience
    areas: list[str] = Field(default_factory=list, max_length=20)
    topics: list[Slug] = Field(default_factory=list, max_length=20)
    account_ids: list[uuid.UUID] = Field(default_factory=list, max_length=MAX_ACCOUNTS)
    anonymous: bool = True
    # When it opens (default: when published) and closes (default: when an officer closes it).
    opens_at: AwareDatetime | None = None
    closes_at: AwareDatetime | None = None
    content: SurveyContent


class SurveyUpdate(BaseModel):
    """Change the distribution: anything while a draft; once published only ``closes_at``.
    Fields left out are unchanged."""

    model_config = ConfigDict(extra="forbid")

    audience: Audience | None = None
    areas: list[str] | None = Field(default=None, max_length=20)
    topics: list[Slug] | None = Field(default=None, max_length=20)
    account_ids: list[uuid.UUID] | None = Field(default=None, max_length=MAX_ACCOUNTS)
    anonymous: bool | None = None
    opens_at: AwareDatetime | None = None
    closes_at: AwareDatetime | None = None


class ResultsVisibility(BaseModel):
    model_config = ConfigDict(extra="forbid")

    public: bool


class SurveyRead(BaseModel):
    """A survey as the force sees it. ``link`` is where respondents answer it (a path under
    the platform's public address); ``draft_version`` is the version being edited, if any."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    slug: str
    link: str
    status: Status
    title: str
    default_language: str
    audience: Audience
    areas: list[str]
    topics: list[str]
    account_ids: list[uuid.UUID]
    anonymous: bool
    opens_at: datetime | None
    closes_at: datetime | None
    current_version: int
    draft_version: int | None
    results_public: bool
    responses: int
    created_by: uuid.UUID
    created_at: datetime
    published_at: datetime | None
    closed_at: datetime | None


class SurveySummary(BaseModel):
    """A survey in a list: ``title`` in its default language, from the live version (the
    draft's while it has none)."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    slug: str
    title: str
    status: Status
    audience: Audience
    anonymous: bool
    current_version: int
    responses: int
    opens_at: datetime | None
    closes_at: datetime | None
    created_at: datetime


class VersionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    survey_id: uuid.UUID
    number: int
    published: bool
    published_at: datetime | None
    published_by: uuid.UUID | None
    content: SurveyContent
    created_at: datetime
    updated_at: datetime
