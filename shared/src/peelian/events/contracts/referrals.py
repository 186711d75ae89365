"""Events published by the referrals service (the outcome loop back to the reporter)."""

from __future__ import annotations

import uuid
from datetime import datetime

from peelian.events.envelope import EventPayload, registry

REFERRAL_TOPIC = "referrals.referral"


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
