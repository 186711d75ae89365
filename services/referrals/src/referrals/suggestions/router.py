"""Suggestion routes under /referrals/suggestions (staff): what the rules propose on each
submitted report, confirmed into a referral or dismissed."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from peelian.db.engine import SessionDep
from peelian.errors import Forbidden, Unauthorized, error_responses
from peelian.pagination import Page, PageParamsDep
from referrals.dependencies import StaffDep
from referrals.referrals.exceptions import PartnerInactive, ReferralExists
from referrals.referrals.schemas import ReferralTerms
from referrals.reports.exceptions import ReportWithdrawn
from referrals.suggestions.exceptions import SuggestionDecided, SuggestionNotFound
from referrals.suggestions.schemas import Dismissal, SuggestionFilters, SuggestionRead
from referrals.suggestions.service import SuggestionService

router = APIRouter(
    prefix="/referrals/suggestions",
    tags=["referrals"],
    responses=error_responses(Unauthorized, Forbidden),
)

SuggestionId = Annotated[uuid.UUID, Path(description="The suggestion's id")]
_DECIDE = error_responses(SuggestionNotFound, SuggestionDecided)


def _service(session: SessionDep) -> SuggestionService:
    return SuggestionService(session)


SuggestionServiceDep = Annotated[SuggestionService, Depends(_service)]


@router.get("")
async def list_suggestions(
    _: StaffDep,
    filters: Annotated[SuggestionFilters, Query()],
    page: PageParamsDep,
    suggestions: SuggestionServiceDep,
) -> Page[SuggestionRead]:
    """Suggested referrals, newest first; open ones unless `status` says otherwise (staff)."""
    return Page.of(await suggestions.search(filters, page), SuggestionRead)


@router.post(
    "/{suggestion_id}/confirm",
    responses={
        **_DECIDE,
        **error_responses(ReportWithdrawn, PartnerInactive, ReferralExists),
    },
)
async def confirm_suggestion(
    suggestion_id: SuggestionId,
    terms: ReferralTerms,
    principal: StaffDep,
    suggestions: SuggestionServiceDep,
) -> SuggestionRead:
    """Make the suggested referral with a reason, priority and due date (officers)."""
    return SuggestionRead.model_validate(await suggestions.confirm(principal, suggestion_id, terms))


@router.post("/{suggestion_id}/dismiss", responses=_DECIDE)
async def dismiss_suggestion(
    suggestion_id: SuggestionId,
    data: Dismissal,
    principal: StaffDep,
    suggestions: SuggestionServiceDep,
) -> SuggestionRead:
    """Dismiss a suggested referral, saying why (officers)."""
    return SuggestionRead.model_validate(
        await suggestions.dismiss(principal, suggestion_id, data.reason)
    )
