"""Events published by the referrals service: referrals of reports to partner agencies, and
the outcome loop back to the reporter.

Every event is about one referral, which is addressed to one partner, and is keyed by the
referral's id. The same envelope (same id, type and data) goes to the platform's own services
on ``referrals.referral`` and to the referral's partner (its webhooks, and its own Kafka topic
if it takes one): nothing in these payloads is beyond what that partner may receive. The
report itself travels only in ``referral.created``, minimised by the partner's data-sharing
agreement (and anonymised when the reporter did not consent to sharing).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from peelian.events.envelope import EventPayload, registry

REFERRAL_TOPIC = "referrals.referral"


@registry.event("org.peelian.referral.created.v1", topic=REFERRAL_TOPIC)
class ReferralCreatedV1(EventPayload):
    """An officer referred a report to a partner agency. ``report`` holds only the report
    fields of the partner's data-sharing agreement; ``report_shared`` is false when the
    reporter did not consent to sharing, and ``report`` is then an anonymised summary (no
    description, people, vehicles, place or time of day: dates only)."""

    referral_id: uuid.UUID
    report_id: uuid.UUID
    partner_id: uuid.UUID
    reason: str
    priority: str
    due_at: datetime
    report_shared: bool
    report: dict[str, Any]
    created_at: datetime


@registry.event("org.peelian.referral.accepted.v1", topic=REFERRAL_TOPIC)
class ReferralAcceptedV1(EventPayload):
    """The partner agency took the referral on."""

    referral_id: uuid.UUID
    report_id: uuid.UUID
    partner_id: uuid.UUID
    accepted_at: datetime


@registry.event("org.peelian.referral.declined.v1", topic=REFERRAL_TOPIC)
class ReferralDeclinedV1(EventPayload):
    """The partner agency declined the referral; ``reason`` is for the force, not the reporter."""

    referral_id: uuid.UUID
    report_id: uuid.UUID
    partner_id: uuid.UUID
    reason: str
    declined_at: datetime


@registry.event("org.peelian.referral.updated.v1", topic=REFERRAL_TOPIC)
class ReferralUpdatedV1(EventPayload):
    """Progress on a referral: a note from the partner, or the force changing its priority or
    due date (``by`` is ``partner`` or ``force``). Notes stay between the force and the
    partner; the reporter hears only the outcome's public summary."""

    referral_id: uuid.UUID
    report_id: uuid.UUID
    partner_id: uuid.UUID
    by: str
    note: str | None
    priority: str
    due_at: datetime
    updated_at: datetime


@registry.event("org.peelian.referral.outcome_recorded.v1", topic=REFERRAL_TOPIC)
class ReferralOutcomeRecordedV1(EventPayload):
    """A partner agency recorded what it did about a referred report. ``public_summary`` is
    the text the reporter may read; ``outcome`` is the partner's coded result."""

    referral_id: uuid.UUID
    report_id: uuid.UUID
    partner_id: uuid.UUID
    partner_name: str
    outcome: str
    public_summary: str
    recorded_at: datetime
