"""Request and response bodies of the suggestions domain."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from referrals.suggestions.models import SuggestionStatus


class SuggestionFilters(BaseModel):
    status: SuggestionStatus | None = SuggestionStatus.OPEN
    report_id: uuid.UUID | None = None


class Dismissal(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=3, max_length=2000)


class SuggestionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    report_id: uuid.UUID
    partner_id: uuid.UUID
    rule: str = Field(description="Why it is suggested")
    status: SuggestionStatus
    referral_id: uuid.UUID | None = Field(description="The referral it became, once confirmed")
    decided_by: uuid.UUID | None
    decided_at: datetime | None
    dismiss_reason: str | None
    created_at: datetime
