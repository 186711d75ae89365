"""All SQL of the suggestions domain."""

from __future__ import annotations

import uuid

from sqlalchemy.dialects.postgresql import insert

from peelian.db.repository import BaseRepository
from peelian.pagination import PageParams, Slice
from referrals.suggestions.models import Suggestion, SuggestionStatus
from referrals.suggestions.schemas import SuggestionFilters


class SuggestionRepository(BaseRepository[Suggestion]):
    model = Suggestion

    async def get_for_update(self, suggestion_id: uuid.UUID) -> Suggestion | None:
        return await self.session.get(Suggestion, suggestion_id, with_for_update=True)

    async def suggest(self, report_id: uuid.UUID, partner_id: uuid.UUID, rule: str) -> None:
        """Suggest once: a redelivered report.submitted finds the suggestion made."""
        await self.session.execute(
            insert(Suggestion)
            .values(
                id=uuid.uuid4(),
                report_id=report_id,
                partner_id=partner_id,
                rule=rule,
                status=SuggestionStatus.OPEN,
            )
            .on_conflict_do_nothing(index_elements=["report_id", "partner_id"])
        )

    async def search(self, filters: SuggestionFilters, params: PageParams) -> Slice[Suggestion]:
        stmt = self.select()
        if filters.status is not None:
            stmt = stmt.where(Suggestion.status == filters.status)
        if filters.report_id is not None:
            stmt = stmt.where(Suggestion.report_id == filters.report_id)
        return await self.paginate(stmt, params)
