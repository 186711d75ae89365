"""Request and response bodies of the catalogue."""

from __future__ import annotations

import uuid
from typing import Annotated, Self

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field, model_validator

from scheduling.catalogue.models import LocationKind

Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=64)]


class MeetingTypeCreate(BaseModel):
    slug: Slug
    name: str = Field(min_length=1, max_length=120)
    description: str = Field(default="", max_length=2000)
    duration_minutes: int = Field(ge=5, le=480)
    capacity: int = Field(default=1, ge=1, le=500, description="1 is one-to-one")
    buffer_minutes: int = Field(
        default=0, ge=0, le=240, description="The officer's pause after each meeting"
    )


class MeetingTypeUpdate(BaseModel):
    """Changes apply to slots not yet booked; booked sessions keep their length and places."""

    name: str | None = Field(default=None, min_length=1, max_length=120)
    description: str | None = Field(default=None, max_length=2000)
    duration_minutes: int | None = Field(default=None, ge=5, le=480)
    capacity: int | None = Field(default=None, ge=1, le=500)
    buffer_minutes: int | None = Field(default=None, ge=0, le=240)
    active: bool | None = None


class MeetingTypeRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    slug: str
    name: str
    description: str
    duration_minutes: int
    capacity: int
    buffer_minutes: int
    active: bool


class LocationCreate(BaseModel):
    slug: Slug
    name: str = Field(min_length=1, max_length=120)
    kind: LocationKind
    address: str | None = Field(default=None, max_length=300)
    video_url: AnyHttpUrl | None = Field(default=None, description="Online locations only")

    @model_validator(mode="after")
    def _online_has_link(self) -> Self:
        if (self.kind == LocationKind.ONLINE) != (self.video_url is not None):
            raise ValueError("an online location needs a video_url, and only it has one")
        return self


class LocationRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    slug: str
    name: str
    kind: LocationKind
    address: str | None
    video_url: str | None
