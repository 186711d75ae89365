"""Referral routes under /referrals: officers refer reports and follow them; each partner
agency lists, accepts or declines, updates and completes the referrals addressed to it (any
other is a 404 to it). Citizens have none: they read outcomes on their report's timeline."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, status

from peelian.auth.principal import Principal
from peelian.db.engine import SessionDep
from peelian.errors import Forbidden, Unauthorized, error_responses
from peelian.pagination import Page, PageParamsDep
from referrals.dependencies import NotForCitizens, PartnerDep, ReaderDep, StaffDep, partner_of
from referrals.referrals.exceptions import (
    InvalidReferralState,
    PartnerInactive,
    ReferralDeclined,
    ReferralExists,
    ReferralNotFound,
    UnknownPartner,
)
from referrals.referrals.schemas import (
    Decline,
    OutcomeRecord,
    ReferralChange,
    ReferralCreate,
    ReferralFilters,
    ReferralRead,
    ReferralStaffRead,
    ReferralSummary,
    UpdateCreate,
)
from referrals.referrals.service import ReferralService
from referrals.reports.exceptions import ReportNotKnown, ReportWithdrawn

router = APIRouter(
    prefix="/referrals",
    tags=["referrals"],
    responses=error_responses(Unauthorized, NotForCitizens),
)

ReferralId = Annotated[uuid.UUID, Path(description="The referral's id")]
_ACTION = error_responses(ReferralNotFound, Forbidden, InvalidReferralState, ReferralDeclined)


def _service(session: SessionDep) -> ReferralService:
    return ReferralService(session)


ReferralServiceDep = Annotated[ReferralService, Depends(_service)]


async def _read(
    referrals: ReferralService, principal: Principal, referral_id: uuid.UUID
) -> ReferralStaffRead | ReferralRead:
    details = await referrals.details(principal, referral_id)
    schema = ReferralRead if partner_of(principal) else ReferralStaffRead
    return schema.of(details.referral, report=details.report, updates=details.updates)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses=error_responses(
        ReportNotKnown, ReportWithdrawn, UnknownPartner, PartnerInactive, ReferralExists
    ),
)
async def refer_report(
    data: ReferralCreate, principal: StaffDep, referrals: ReferralServiceDep
) -> list[ReferralSummary]:
    """Refer a report to one or more partner agencies, all or none (officers)."""
    made = await referrals.refer(principal, data)
    return [ReferralSummary.model_validate(r) for r in made]


@router.get("")
async def list_referrals(
    principal: ReaderDep,
    filters: Annotated[ReferralFilters, Query()],
    page: PageParamsDep,
    referrals: ReferralServiceDep,
) -> Page[ReferralSummary]:
    """Referrals newest first, by `status`, `overdue`, `report_id`; a partner sees its own."""
    return Page.of(await referrals.search(principal, filters, page), ReferralSummary)


@router.get("/{referral_id}", responses=error_responses(ReferralNotFound))
async def read_referral(
    referral_id: ReferralId, principal: ReaderDep, referrals: ReferralServiceDep
) -> ReferralStaffRead | ReferralRead:
    """A referral with the report as its partner receives it, its notes and its outcome."""
    return await _read(referrals, principal, referral_id)


@router.patch("/{referral_id}", responses=_ACTION)
async def change_referral(
    referral_id: ReferralId,
    data: ReferralChange,
    principal: StaffDep,
    referrals: ReferralServiceDep,
) -> ReferralStaffRead | ReferralRead:
    """Change an open referral's priority or due date, or add a note for the partner (staff)."""
    await referrals.change(principal, referral_id, data)
    return await _read(referrals, principal, referral_id)


@router.post("/{referral_id}/accept", responses=_ACTION)
async def accept_referral(
    referral_id: ReferralId, principal: PartnerDep, referrals: ReferralServiceDep
) -> ReferralStaffRead | ReferralRead:
    """Take a pending referral on (its partner agency)."""
    await referrals.accept(principal, referral_id)
    return await _read(referrals, principal, referral_id)


@router.post("/{referral_id}/decline", responses=_ACTION)
async def decline_referral(
    referral_id: ReferralId, data: Decline, principal: PartnerDep, referrals: ReferralServiceDep
) -> ReferralStaffRead | ReferralRead:
    """Decline an open referral with a reason for the force (its partner agency)."""
    await referrals.decline(principal, referral_id, data.reason)
    return await _read(referrals, principal, referral_id)


@router.post("/{referral_id}/updates", status_code=status.HTTP_201_CREATED, responses=_ACTION)
async def post_referral_update(
    referral_id: ReferralId,
    data: UpdateCreate,
    principal: PartnerDep,
    referrals: ReferralServiceDep,
) -> ReferralStaffRead | ReferralRead:
    """Note progress on an open referral, for the force (its partner agency)."""
    await referrals.post_update(principal, referral_id, data.note)
    return await _read(referrals, principal, referral_id)


@router.post("/{referral_id}/outcome", responses=_ACTION)
async def record_outcome(
    referral_id: ReferralId,
    data: OutcomeRecord,
    principal: PartnerDep,
    referrals: ReferralServiceDep,
) -> ReferralStaffRead | ReferralRead:
    """Record what was done about an accepted referral; the reporter reads the public summary."""
    await referrals.record_outcome(principal, referral_id, data)
    return await _read(referrals, principal, referral_id)
