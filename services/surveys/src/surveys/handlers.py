"""Reactions of the surveys service to other services' events: the one explicit registry."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from peelian.consumer import Handlers
from peelian.events.contracts.identity import AccountErasedV1
from peelian.events.envelope import CloudEvent
from surveys.builder.service import SurveyService
from surveys.responses.repository import ResponseRepository
from surveys.responses.tokens import ResponseTokens


def handlers(tokens: ResponseTokens) -> Handlers:
    """Event type -> handler; the consumer commits each handler's writes with its inbox row."""

    async def account_erased(session: AsyncSession, event: CloudEvent) -> None:
        erased = event.payload()
        assert isinstance(erased, AccountErasedV1)
        # Identified responses stay (the force asked for them) but no longer say whose they
        # are; the record of the tokens the person took and the lists they were on go.
        await ResponseRepository(session).forget_respondent(
            erased.account_id, tokens.respondent_key(erased.account_id)
        )
        await SurveyService(session).forget_account(erased.account_id)

    return {AccountErasedV1.event_type: account_erased}
