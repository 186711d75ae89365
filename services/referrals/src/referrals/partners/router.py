"""Partner registry routes under /partners: admins keep it, officers read it to refer, a
partner agency reads its own entry."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, status

from peelian.db.engine import SessionDep
from peelian.errors import DependencyUnavailable, Forbidden, Unauthorized, error_responses
from referrals.dependencies import (
    AdminDep,
    NotForCitizens,
    PartnerDep,
    PartnerTopicsDep,
    ReaderDep,
    StaffDep,
    partner_of,
)
from referrals.partners.exceptions import PartnerExists, PartnerNotFound
from referrals.partners.schemas import PartnerCreate, PartnerFilters, PartnerRead, PartnerUpdate
from referrals.partners.service import PartnerService

router = APIRouter(
    prefix="/partners",
    tags=["partners"],
    responses=error_responses(Unauthorized, Forbidden),
)

PartnerId = Annotated[uuid.UUID, Path(description="The partner agency's id")]


def _service(session: SessionDep, topics: PartnerTopicsDep) -> PartnerService:
    return PartnerService(session, topics)


PartnerServiceDep = Annotated[PartnerService, Depends(_service)]


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses=error_responses(PartnerExists, DependencyUnavailable),
)
async def create_partner(
    data: PartnerCreate, _: AdminDep, partners: PartnerServiceDep
) -> PartnerRead:
    """Register a partner agency with its data-sharing agreement (admins)."""
    return PartnerRead.of(await partners.create(data))


@router.get("")
async def list_partners(
    _: StaffDep, filters: Annotated[PartnerFilters, Query()], partners: PartnerServiceDep
) -> list[PartnerRead]:
    """Partner agencies by name, filtered by `active` and `category` (staff)."""
    return [PartnerRead.of(p) for p in await partners.search(filters)]


@router.get("/me", responses=error_responses(PartnerNotFound))
async def read_my_partner(principal: PartnerDep, partners: PartnerServiceDep) -> PartnerRead:
    """Your own agency's entry and agreement (partners)."""
    assert principal.partner_id is not None
    return PartnerRead.of(await partners.get(principal.partner_id))


@router.get("/{partner_id}", responses=error_responses(PartnerNotFound, NotForCitizens))
async def read_partner(
    partner_id: PartnerId, principal: ReaderDep, partners: PartnerServiceDep
) -> PartnerRead:
    """One partner agency (staff; a partner its own only)."""
    own = partner_of(principal)
    if own is not None and own != partner_id:
        raise PartnerNotFound()
    return PartnerRead.of(await partners.get(partner_id))


@router.patch("/{partner_id}", responses=error_responses(PartnerNotFound, DependencyUnavailable))
async def update_partner(
    partner_id: PartnerId, data: PartnerUpdate, _: AdminDep, partners: PartnerServiceDep
) -> PartnerRead:
    """Change a partner's details, agreement, feed or activity; fields left out stay (admins)."""
    return PartnerRead.of(await partners.update(partner_id, data))
