"""Domain logic of suggestions: the rules propose, an officer confirms (a referral is made)
or dismisses."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from peelian.auth.principal import Principal
from peelian.pagination import PageParams, Slice
from referrals.partners.repository import PartnerRepository
from referrals.referrals.schemas import ReferralTerms
from referrals.referrals.service import ReferralService
from referrals.suggestions.exceptions import SuggestionDecided, SuggestionNotFound
from referrals.suggestions.models import Suggestion, SuggestionStatus
from referrals.suggestions.repository import SuggestionRepository
from referrals.suggestions.schemas import SuggestionFilters

log = structlog.get_logger(__name__)


class SuggestionService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.suggestions = SuggestionRepository(session)

    async def suggest_for(self, report_id: uuid.UUID, category: str) -> int:
        """The rule: a report goes to every active partner dealing with its category (a
        mental-health concern to the mental-health crisis team). Returns how many."""
        partners = await PartnerRepository(self.session).interested_in(category)
        for partner in partners:
            rule = f"{partner.name} deals with reports of category {category}"
            await self.suggestions.suggest(report_id, partner.id, rule[:200])
        if partners:
            log.info("referrals_suggested", report_id=str(report_id), partners=len(partners))
        return len(partners)

    async def search(self, filters: SuggestionFilters, params: PageParams) -> Slice[Suggestion]:
        return await self.suggestions.search(filters, params)

    async def confirm(
        self, principal: Principal, suggestion_id: uuid.UUID, terms: ReferralTerms
    ) -> Suggestion:
        """Make the suggested referral (with every check of a referral made by hand)."""
        suggestion = await self._open(suggestion_id)
        referral = await ReferralService(self.session).refer_one(
            principal, suggestion.report_id, suggestion.partner_id, terms
        )
        suggestion.referral_id = referral.id
        return await self._decide(principal, suggestion, SuggestionStatus.CONFIRMED)

    async def dismiss(
        self, principal: Principal, suggestion_id: uuid.UUID, reason: str
    ) -> Suggestion:
        suggestion = await self._open(suggestion_id)
        suggestion.dismiss_reason = reason
        return await self._decide(principal, suggestion, SuggestionStatus.DISMISSED)

    async def _open(self, suggestion_id: uuid.UUID) -> Suggestion:
        suggestion = await self.suggestions.get_for_update(suggestion_id)
        if suggestion is None:
            raise SuggestionNotFound()
        if suggestion.status != SuggestionStatus.OPEN:
            raise SuggestionDecided(suggestion.status)
        return suggestion

    async def _decide(
        self, principal: Principal, suggestion: Suggestion, status: SuggestionStatus
    ) -> Suggestion:
        suggestion.status = status
        suggestion.decided_by = principal.subject
        suggestion.decided_at = datetime.now(UTC)
        await self.session.flush()
        await self.session.refresh(suggestion)
        return suggestion
