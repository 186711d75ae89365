"""Events published by the reporting service: reports and their evidence.

These topics carry personal data (descriptions, people involved): they are for the platform's
own services, never for partners, who get minimised copies from the referrals service.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import Field

from peelian.events.envelope import EventPayload, registry

REPORT_TOPIC = "reporting.report"
EVIDENCE_TOPIC = "reporting.evidence"


@registry.event("org.peelian.report.submitted.v1", topic=REPORT_TOPIC)
class ReportSubmittedV1(EventPayload):
    """A citizen submitted a report. ``reporter_id`` is the account or the anonymous reporter
    (a random id with no identity behind it), so that messaging can open a conversation."""

    report_id: uuid.UUID
    reference: str
    kind: str
    category: str
    urgent: bool
    description: str
    occurred_from: datetime
    occurred_to: datetime
    latitude: float | None
    longitude: float | None
    location_text: str | None
    areas: list[str]
    people: list[dict[str, Any]] = Field(default_factory=list)
    vehicles: list[dict[str, Any]] = Field(default_factory=list)
    language: str
    anonymity: str
    reporter_id: uuid.UUID
    reporter_anonymous: bool
    contact_consent: bool
    share_consent: bool
    submitted_at: datetime


@registry.event("org.peelian.report.triaged.v1", topic=REPORT_TOPIC)
class ReportTriagedV1(EventPayload):
    """An officer set a report's priority, assignee or tags."""

    report_id: uuid.UUID
    priority: str
    assigned_officer_id: uuid.UUID | None
    assigned_team: str | None
    tags: list[str]
    triaged_by: uuid.UUID


@registry.event("org.peelian.report.status_changed.v1", topic=REPORT_TOPIC)
class ReportStatusChangedV1(EventPayload):
    """A report moved through its workflow; ``reason`` is internal to the force."""

    report_id: uuid.UUID
    from_status: str
    to_status: str
    reason: str
    changed_by: uuid.UUID | None


@registry.event("org.peelian.report.updated.v1", topic=REPORT_TOPIC)
class ReportUpdatedV1(EventPayload):
    """Something was added to a report: a public update for the reporter (``public_text``) or
    more information from the reporter (``public_text`` is None: officers read the report)."""

    report_id: uuid.UUID
    update: str  # "public_update" or "information_added"
    public_text: str | None
    reporter_id: uuid.UUID | None
    contact_consent: bool


@registry.event("org.peelian.report.linked.v1", topic=REPORT_TOPIC)
class ReportLinkedV1(EventPayload):
    """An officer linked two related reports (possibly duplicates)."""

    report_id: uuid.UUID
    related_report_id: uuid.UUID
    reason: str
    linked_by: uuid.UUID


@registry.event("org.peelian.report.closed.v1", topic=REPORT_TOPIC)
class ReportClosedV1(EventPayload):
    """A report ended: resolved, closed by an officer or withdrawn by its reporter."""

    report_id: uuid.UUID
    final_status: str
    reason: str


@registry.event("org.peelian.evidence.attached.v1", topic=EVIDENCE_TOPIC)
class EvidenceAttachedV1(EventPayload):
    """A file was stored as evidence of a report (the original, immutable, hash-checked)."""

    evidence_id: uuid.UUID
    report_id: uuid.UUID
    media_kind: str
    content_type: str
    size_bytes: int
    sha256: str
    uploaded_by_reporter: bool
