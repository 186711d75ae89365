"""Request and response bodies of the reports domain."""

from __future__ import annotations

import uuid
import zoneinfo
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Annotated, Any, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, computed_field, model_validator

from reporting.evidence.schemas import EvidenceRead
from reporting.reports import workflow
from reporting.reports.models import (
    Anonymity,
    EntryKind,
    Priority,
    ReportKind,
    ReportStatus,
    Visibility,
)

# Clocks of phones drift: a time this far ahead of ours still counts as "now".
CLOCK_SKEW = timedelta(minutes=5)
EMERGENCY_ADVICE = (
    "If anyone is in immediate danger or a crime is happening now, call 999 (or text 999 if "
    "you have registered with emergencySMS). This report is not monitored around the clock."
)

Text = Annotated[str, Field(min_length=1, max_length=5000)]
Slug = Annotated[str, Field(min_length=1, max_length=50, pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
Tag = Annotated[str, Field(min_length=1, max_length=50, pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("give the time with a UTC offset, e.g. 2026-11-21T22:30:00Z")
    return value.astimezone(UTC)


AwareDatetime = Annotated[datetime, AfterValidator(_aware)]


class PersonRole(StrEnum):
    VICTIM = "victim"
    WITNESS = "witness"
    SUSPECT = "suspect"
    OTHER = "other"


class Person(BaseModel):
    """Someone involved; every field is optional but the role."""

    model_config = ConfigDict(extra="forbid")

    role: PersonRole
    name: str | None = Field(default=None, max_length=200)
    approximate_age: int | None = Field(default=None, ge=0, le=120)
    description: str | None = Field(default=None, max_length=1000)


class Vehicle(BaseModel):
    """A vehicle involved; registration as seen (partial plates are useful too)."""

    model_config = ConfigDict(extra="forbid")

    registration: str | None = Field(default=None, max_length=16)
    make: str | None = Field(default=None, max_length=50)
    model: str | None = Field(default=None, max_length=50)
    colour: str | None = Field(default=None, max_length=30)
    description: str | None = Field(default=None, max_length=1000)


class ReportCreate(BaseModel):
    """A new report. Give when it happened as ``occurred_at`` or as ``occurred_from`` and
    ``occurred_to``, and where as ``latitude``/``longitude``, ``location_text`` or both."""

    model_config = ConfigDict(extra="forbid")

    kind: ReportKind = ReportKind.INCIDENT
    category: Slug
    description: str = Field(min_length=10, max_length=10_000)
    urgent: bool = False
    occurred_at: AwareDatetime | None = None
    occurred_from: AwareDatetime | None = None
    occurred_to: AwareDatetime | None = None
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    location_text: str | None = Field(default=None, min_length=1, max_length=500)
    people: list[Person] = Field(default_factory=list, max_length=20)
    vehicles: list[Vehicle] = Field(default_factory=list, max_length=20)
    language: str = Field(default="en", pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
    # None: anonymous for reporter-key holders, confidential for signed-in citizens.
    anonymity: Anonymity | None = None
    contact_consent: bool = False
    share_consent: bool = False

    @model_validator(mode="after")
    def _when_and_where(self) -> Self:
        if self.occurred_at is not None:
            if self.occurred_from is not None or self.occurred_to is not None:
                raise ValueError("give occurred_at or occurred_from/occurred_to, not both")
            self.occurred_from = self.occurred_to = self.occurred_at
        elif self.occurred_from is None or self.occurred_to is None:
            raise ValueError("give occurred_at, or both occurred_from and occurred_to")
        if self.occurred_from > self.occurred_to:
            raise ValueError("occurred_from must not be after occurred_to")
        if self.occurred_to > datetime.now(UTC) + CLOCK_SKEW:
            raise ValueError("a report is about the past: the time must not be in the future")
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("give latitude and longitude together")
        if self.latitude is None and self.location_text is None:
            raise ValueError("say where: latitude and longitude, location_text, or both")
        return self

    def fingerprint_data(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


class ReportRead(BaseModel):
    """A report as its reporter sees it."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    reference: str
    status: ReportStatus
    kind: ReportKind
    category: str
    description: str
    urgent: bool
    occurred_from: datetime
    occurred_to: datetime
    latitude: float | None
    longitude: float | None
    location_text: str | None
    areas: list[str]
    people: list[Person]
    vehicles: list[Vehicle]
    language: str
    anonymity: Anonymity
    contact_consent: bool
    share_consent: bool
    created_at: datetime
    updated_at: datetime
    # Present on urgent reports: a report is not an emergency call.
    emergency_advice: str | None = None

    @model_validator(mode="after")
    def _advice(self) -> Self:
        self.emergency_advice = EMERGENCY_ADVICE if self.urgent else None
        return self


class ReportSubmission(ReportRead):
    """A report submitted with its evidence: the report, and every file stored with it."""

    evidence: list[EvidenceRead]


class ReportStaffRead(ReportRead):
    """A report as the force sees it: triage, assignment and (unless anonymous) who reported."""

    priority: Priority
    assigned_officer_id: uuid.UUID | None
    assigned_team: str | None
    tags: list[str]
    reporter_id: uuid.UUID | None
    reporter_anonymous: bool
    closed_at: datetime | None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def allowed_moves(self) -> list[ReportStatus]:
        """The statuses an officer may move the report to now, in the workflow's order (so
        that a client offers exactly these)."""
        moves = workflow.staff_moves(self.status)
        return [status for status in ReportStatus if status in moves]

    @model_validator(mode="after")
    def _hide_anonymous_reporter(self) -> Self:
        # An anonymous reporter's id is a random key holder, but still a handle that could
        # correlate their reports: officers do not need it.
        if self.anonymity is Anonymity.ANONYMOUS:
            self.reporter_id = None
        return self


class ReportSearch(BaseModel):
    """Filters of the officers' report list; every one is optional and they combine."""

    status: list[ReportStatus] | None = None
    category: list[str] | None = None
    area: str | None = None
    priority: list[Priority] | None = None
    urgent: bool | None = None
    assigned_officer_id: uuid.UUID | None = None
    assigned_team: str | None = None
    tag: str | None = None
    occurred_after: datetime | None = None
    occurred_before: datetime | None = None
    q: str | None = Field(default=None, min_length=2, max_length=200)
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    radius_m: float | None = Field(default=None, gt=0, le=100_000)

    @model_validator(mode="after")
    def _point_and_radius(self) -> Self:
        given = [v is not None for v in (self.latitude, self.longitude, self.radius_m)]
        if any(given) and not all(given):
            raise ValueError("a radius search needs latitude, longitude and radius_m together")
        return self


# A longer window would make the per-day breakdowns too long to chart.
MAX_STATS_DAYS = 366
MAX_POINTS = 5000


class ReportStatsQuery(ReportSearch):
    """The search's filters, over the incidents that began from ``since`` to ``until`` (by
    when it happened, not when it was reported: the picture of crime, like the map's)."""

    since: AwareDatetime = Field(description="Incidents that began at or after this time")
    until: AwareDatetime | None = Field(default=None, description="Before this time; left out: now")
    tz: str = Field(
        default="Europe/London", max_length=64, description="IANA time zone the days are in"
    )

    @model_validator(mode="after")
    def _window(self) -> Self:
        try:
            zoneinfo.ZoneInfo(self.tz)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {self.tz!r}") from exc
        self.until = self.until or datetime.now(UTC)
        if self.since >= self.until:
            raise ValueError("since must be before until")
        if self.until - self.since > timedelta(days=MAX_STATS_DAYS):
            raise ValueError(f"the window must not be longer than {MAX_STATS_DAYS} days")
        return self


class Count(BaseModel):
    """How many reports have this value; ``key`` null in areas: outside every named area."""

    key: str | None
    count: int


class DayCount(Count):
    day: date


class ReportStats(BaseModel):
    """Counts of the reports of incidents in the window, for the officers' overview; days
    are those the incidents began on."""

    since: datetime
    until: datetime
    tz: str
    total: int
    by_status: list[Count]
    by_category: list[Count]
    by_area: list[Count] = Field(description="A report in two overlapping areas counts in both")
    by_day_and_category: list[DayCount] = Field(description="Days without reports are left out")
    by_day_and_area: list[DayCount]


class ReportPointsQuery(ReportSearch):
    """The search's filters; only reports with a position are returned."""

    limit: int = Field(default=2000, ge=1, le=MAX_POINTS)


class ReportPoint(BaseModel):
    """A report as a point on the map: where, what, and enough to label it."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    reference: str
    category: str
    status: ReportStatus
    priority: Priority
    urgent: bool
    latitude: float
    longitude: float
    occurred_from: datetime
    created_at: datetime


class ReportPoints(BaseModel):
    """The newest ``limit`` positioned reports; ``truncated``: more matched than were sent."""

    items: list[ReportPoint]
    truncated: bool


class Triage(BaseModel):
    """Set any of priority, assignment and tags; fields left out are unchanged."""

    model_config = ConfigDict(extra="forbid")

    priority: Priority | None = None
    assigned_officer_id: uuid.UUID | None = None
    assigned_team: str | None = Field(default=None, max_length=100)
    tags: list[Tag] | None = Field(default=None, max_length=20)


class StatusChange(BaseModel):
    """Move the report on; ``reason`` stays internal, ``public_message`` goes to the reporter."""

    model_config = ConfigDict(extra="forbid")

    status: ReportStatus
    reason: str = Field(min_length=3, max_length=2000)
    public_message: str | None = Field(default=None, min_length=1, max_length=5000)


class Withdrawal(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(default="withdrawn by the reporter", min_length=1, max_length=2000)


class TextEntry(BaseModel):
    """A note, a public update or information added by the reporter."""

    model_config = ConfigDict(extra="forbid")

    text: Text


class PublicTimelineEntryRead(BaseModel):
    """A timeline entry as the reporter sees it: what happened, never the force's details."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    at: datetime
    kind: EntryKind
    actor_role: str
    body: str | None


class TimelineEntryRead(PublicTimelineEntryRead):
    """A timeline entry as the force sees it: who, and the details (reasons, partners)."""

    visibility: Visibility
    actor_id: uuid.UUID | None
    data: dict[str, Any]


class LinkCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    related_report_id: uuid.UUID
    reason: str = Field(min_length=3, max_length=500)


class LinkRead(BaseModel):
    related_report_id: uuid.UUID
    related_reference: str
    reason: str
    linked_by: uuid.UUID
    created_at: datetime


class DuplicateSuggestion(BaseModel):
    """A report that may be about the same thing, with the signals that suggest it."""

    report_id: uuid.UUID
    reference: str
    category: str
    status: ReportStatus
    occurred_from: datetime
    description: str
    score: float = Field(description="0-1; higher is more likely the same incident")
    text_similarity: float
    distance_m: float | None
    hours_apart: float
    linked: bool
