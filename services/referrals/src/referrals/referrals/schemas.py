"""Request and response bodies of the referrals domain."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated, Any, Self

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from referrals.referrals.models import (
    Outcome,
    Priority,
    Referral,
    ReferralStatus,
    ReferralUpdate,
    UpdateAuthor,
)
from referrals.reports.service import ReportView

Reason = Annotated[str, Field(min_length=10, max_length=5000)]
Note = Annotated[str, Field(min_length=1, max_length=5000)]


def _future(value: datetime | None) -> datetime | None:
    if value is not None and value <= datetime.now(UTC):
        raise ValueError("the due date must be in the future")
    return value


DueAt = Annotated[
    AwareDatetime | None,
    AfterValidator(_future),
    Field(description="Left out: the SLA of the priority (urgent 1 day ... low 14 days)"),
]


class ReferralTerms(BaseModel):
    """What the partner is asked to do: the reason is written for the partner."""

    model_config = ConfigDict(extra="forbid")

    reason: Reason
    priority: Priority = Priority.NORMAL
    due_at: DueAt = None


class ReferralCreate(ReferralTerms):
    report_id: uuid.UUID
    partner_ids: list[uuid.UUID] = Field(min_length=1, max_length=10)

    @model_validator(mode="after")
    def _distinct_partners(self) -> Self:
        if len(set(self.partner_ids)) != len(self.partner_ids):
            raise ValueError("partner_ids must not repeat a partner")
        return self


class ReferralChange(BaseModel):
    """The force changes the terms; fields left out stay. A note tells the partner why."""

    model_config = ConfigDict(extra="forbid")

    priority: Priority | None = None
    due_at: DueAt = None
    note: Note | None = None

    @model_validator(mode="after")
    def _something(self) -> Self:
        if self.priority is None and self.due_at is None and self.note is None:
            raise ValueError("give a priority, a due date or a note")
        return self


class Decline(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Reason


class UpdateCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    note: Note


class OutcomeRecord(BaseModel):
    model_config = ConfigDict(extra="forbid")

    outcome: Outcome
    public_summary: str = Field(
        min_length=10,
        max_length=1000,
        description="What the reporter reads on their report's timeline and in their "
        "conversation: write it for them, without internal detail",
    )
    details: str | None = Field(
        default=None, max_length=10_000, description="For the force only, never the reporter"
    )


class ReferralFilters(BaseModel):
    status: ReferralStatus | None = None
    overdue: bool | None = Field(default=None, description="Past due and still open (SLA)")
    report_id: uuid.UUID | None = None
    partner_id: uuid.UUID | None = Field(default=None, description="Staff only")


class UpdateRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    by: UpdateAuthor
    note: str
    created_at: datetime


class ReferralSummary(BaseModel):
    """A referral in a list."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    report_id: uuid.UUID
    partner_id: uuid.UUID
    status: ReferralStatus
    priority: Priority
    reason: str
    due_at: datetime
    overdue: bool
    created_at: datetime
    updated_at: datetime


class ReferralRead(ReferralSummary):
    """A referral with its report as the partner may see it, its outcome and its notes."""

    accepted_at: datetime | None
    declined_at: datetime | None
    decline_reason: str | None
    outcome: Outcome | None
    outcome_summary: str | None
    outcome_details: str | None
    outcome_recorded_at: datetime | None
    report_shared: bool = Field(description="False: the reporter did not consent to sharing")
    report: dict[str, Any] = Field(description="Only the fields of the partner's agreement")
    updates: list[UpdateRead]

    @classmethod
    def of(cls, referral: Referral, *, report: ReportView, updates: list[ReferralUpdate]) -> Self:
        """The referral's own columns, with the report as shared and the notes."""
        columns = {
            name: getattr(referral, name) for name in cls.model_fields if hasattr(referral, name)
        }
        return cls.model_validate(
            {
                **columns,
                "report_shared": report.shared,
                "report": report.fields,
                "updates": [UpdateRead.model_validate(u) for u in updates],
            }
        )


class ReferralStaffRead(ReferralRead):
    """The force's view adds who referred it."""

    referred_by: uuid.UUID
