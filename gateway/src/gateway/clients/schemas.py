"""Request and response models of the partner clients domain."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class PartnerClientCreate(BaseModel):
    partner_id: uuid.UUID = Field(description="The partner agency, as registered in referrals")
    name: str = Field(min_length=1, max_length=200, examples=["Student support case system"])


class PartnerClientRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    client_id: str
    partner_id: uuid.UUID
    name: str
    created_at: datetime
    secret_rotated_at: datetime | None
    revoked_at: datetime | None


class PartnerClientSecret(PartnerClientRead):
    """The client's credentials. The secret is shown only this once: store it now."""

    client_secret: str
