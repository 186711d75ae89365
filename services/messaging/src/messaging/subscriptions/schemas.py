"""Request and response bodies of the subscriptions domain."""

from __future__ import annotations

import uuid
import zoneinfo
from datetime import time
from enum import StrEnum
from typing import Self

from pydantic import BaseModel, ConfigDict, EmailStr, Field, field_validator, model_validator


class Channel(StrEnum):
    """Channels besides the in-app inbox, which is always on."""

    EMAIL = "email"
    PUSH = "push"
    SMS = "sms"


class SubscriptionWrite(BaseModel):
    """What you want to hear about: areas (or a point and a radius), topics (none: all), how,
    in which language, and when not to be disturbed (urgent warnings come anyway)."""

    model_config = ConfigDict(extra="forbid")

    areas: list[str] = Field(default_factory=list, max_length=20)
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    radius_m: float | None = Field(default=None, gt=0, le=20_000)
    topics: list[str] = Field(default_factory=list, max_length=20)
    channels: list[Channel] = Field(default_factory=list)
    email: EmailStr | None = None
    language: str = Field(default="en", pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
    quiet_from: time | None = None
    quiet_to: time | None = None
    timezone: str = "Europe/London"

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}: use an IANA name") from exc
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        point = [v is not None for v in (self.latitude, self.longitude, self.radius_m)]
        if any(point) and not all(point):
            raise ValueError("a point subscription needs latitude, longitude and radius_m")
        if not self.areas and not all(point):
            raise ValueError("choose at least one area, or a point and a radius")
        if Channel.EMAIL in self.channels and self.email is None:
            raise ValueError("the email channel needs an email address")
        if (self.quiet_from is None) != (self.quiet_to is None):
            raise ValueError("give quiet_from and quiet_to together")
        return self


class SubscriptionRead(SubscriptionWrite):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    matched_areas: list[str] = Field(description="Your areas and those your circle reaches")
