"""Request and response bodies of the webhooks domain."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Annotated, Self

from pydantic import (
    AfterValidator,
    AnyHttpUrl,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    model_validator,
)

from peelian.events.contracts.referrals import (
    ReferralAcceptedV1,
    ReferralCreatedV1,
    ReferralDeclinedV1,
    ReferralOutcomeRecordedV1,
    ReferralUpdatedV1,
)
from referrals.webhooks.models import DeliveryStatus

# The widest time range one replay may cover.
MAX_REPLAY_RANGE = timedelta(days=31)


class EventType(StrEnum):
    """What a partner can subscribe to: every event about the referrals addressed to it."""

    CREATED = ReferralCreatedV1.event_type
    ACCEPTED = ReferralAcceptedV1.event_type
    DECLINED = ReferralDeclinedV1.event_type
    UPDATED = ReferralUpdatedV1.event_type
    OUTCOME_RECORDED = ReferralOutcomeRecordedV1.event_type


def _unique(values: list[EventType]) -> list[EventType]:
    if len(set(values)) != len(values):
        raise ValueError("event types must not repeat")
    return values


EventTypes = Annotated[list[EventType], Field(min_length=1), AfterValidator(_unique)]
Url = Annotated[AnyHttpUrl, Field(description="https, on a public address")]


class EndpointCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: Url
    event_types: EventTypes = Field(description="The event types it subscribes to")
    description: str = Field(default="", max_length=500)
    enabled: bool = True


class EndpointUpdate(BaseModel):
    """Fields left out are unchanged."""

    model_config = ConfigDict(extra="forbid")

    url: Url | None = None
    event_types: EventTypes | None = None
    description: str | None = Field(default=None, max_length=500)
    enabled: bool | None = None


class EndpointRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    partner_id: uuid.UUID
    url: str
    description: str
    event_types: list[EventType]
    enabled: bool
    previous_secret_expires_at: datetime | None = Field(
        description="Until then deliveries carry a signature with the previous secret too"
    )
    created_at: datetime
    updated_at: datetime


class EndpointCreated(EndpointRead):
    secret: str = Field(description="The signing secret (whsec_...): shown only now")


class SecretRotated(BaseModel):
    secret: str = Field(description="The new signing secret: shown only now")
    previous_secret_expires_at: datetime


class DeliveryFilters(BaseModel):
    status: DeliveryStatus | None = None
    endpoint_id: uuid.UUID | None = None
    event_type: EventType | None = None
    since: AwareDatetime | None = Field(default=None, description="Queued at or after")
    until: AwareDatetime | None = Field(default=None, description="Queued before")


class AttemptRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    attempted_at: datetime
    status_code: int | None
    error: str | None
    duration_ms: int


class DeliveryRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    endpoint_id: uuid.UUID
    event_id: uuid.UUID = Field(description="The webhook-id: the same for every retry and replay")
    event_type: str
    status: DeliveryStatus
    attempts: int
    next_attempt_at: datetime | None = Field(description="While pending")
    last_status_code: int | None
    last_error: str | None
    delivered_at: datetime | None
    replay_of: uuid.UUID | None
    created_at: datetime

    @model_validator(mode="after")
    def _only_pending_are_due(self) -> Self:
        if self.status is not DeliveryStatus.PENDING:
            self.next_attempt_at = None
        return self


class DeliveryDetail(DeliveryRead):
    attempts_log: list[AttemptRead]


class ReplayRange(BaseModel):
    """Deliver again every event of the range to the endpoint (at most 31 days)."""

    model_config = ConfigDict(extra="forbid")

    since: AwareDatetime
    until: AwareDatetime
    event_types: EventTypes | None = Field(
        default=None, description="Left out: the endpoint's subscriptions"
    )

    @model_validator(mode="after")
    def _bounded(self) -> Self:
        if self.since >= self.until:
            raise ValueError("since must be before until")
        if self.until - self.since > MAX_REPLAY_RANGE:
            raise ValueError("a replay covers at most 31 days: split the range")
        return self


class ReplayQueued(BaseModel):
    queued: int = Field(description="Deliveries queued")
