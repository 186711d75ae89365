"""Request and response bodies of the partners domain."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Self, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from referrals.partners.models import Partner
from referrals.reports.minimise import ReportField

T = TypeVar("T")

Slug = Annotated[str, Field(min_length=2, max_length=60, pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]


def _unique(values: list[T] | None) -> list[T] | None:
    if values is not None and len(set(values)) != len(values):
        raise ValueError("list items must be unique")
    return values


class Contact(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    role: str = Field(default="", max_length=200)
    email: str | None = Field(default=None, max_length=320, pattern=r"^[^@\s]+@[^@\s]+$")
    phone: str | None = Field(default=None, max_length=40)


class Agreement(BaseModel):
    """The data-sharing agreement: exactly which report fields the partner may receive."""

    model_config = ConfigDict(extra="forbid")

    reference: str = Field(min_length=1, max_length=100, description="In the force's records")
    fields: Annotated[list[ReportField], Field(min_length=1), AfterValidator(_unique)]


class AgreementRead(Agreement):
    updated_at: datetime


class PartnerCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    slug: Slug
    name: str = Field(min_length=2, max_length=200)
    description: str = Field(default="", max_length=2000)
    categories: Annotated[
        list[Slug],
        Field(max_length=50, description="Report categories it deals with (suggestions)"),
        AfterValidator(_unique),
    ] = []
    contacts: list[Contact] = Field(default=[], max_length=20)
    agreement: Agreement
    kafka_feed: bool = Field(default=False, description="Its own topic, referrals.feed.<slug>")
    active: bool = True


class PartnerUpdate(BaseModel):
    """Fields left out are unchanged."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=2, max_length=200)
    description: str | None = Field(default=None, max_length=2000)
    categories: Annotated[list[Slug] | None, Field(max_length=50), AfterValidator(_unique)] = None
    contacts: list[Contact] | None = Field(default=None, max_length=20)
    agreement: Agreement | None = None
    kafka_feed: bool | None = None
    active: bool | None = None


class PartnerFilters(BaseModel):
    active: bool | None = None
    category: str | None = Field(default=None, max_length=60)


class PartnerRead(BaseModel):
    id: uuid.UUID
    slug: str
    name: str
    description: str
    categories: list[str]
    contacts: list[Contact]
    active: bool
    kafka_feed: bool
    feed_topic: str | None
    agreement: AgreementRead
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, partner: Partner) -> Self:
        return cls(
            id=partner.id,
            slug=partner.slug,
            name=partner.name,
            description=partner.description,
            categories=partner.categories,
            contacts=[Contact.model_validate(c) for c in partner.contacts],
            active=partner.active,
            kafka_feed=partner.kafka_feed,
            feed_topic=partner.feed_topic,
            agreement=AgreementRead(
                reference=partner.agreement_reference,
                fields=[ReportField(f) for f in partner.agreement_fields],
                updated_at=partner.agreement_updated_at,
            ),
            created_at=partner.created_at,
            updated_at=partner.updated_at,
        )
