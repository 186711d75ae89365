"""Reactions of the reports domain to other services' events (one explicit registry)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from peelian.consumer import Handlers
from peelian.events.contracts.identity import AccountErasedV1
from peelian.events.contracts.referrals import ReferralOutcomeRecordedV1
from peelian.events.envelope import CloudEvent
from reporting.config import ReportingSettings
from reporting.reports.service import ReportService


def handlers(settings: ReportingSettings) -> Handlers:
    """Event type -> handler; the consumer commits each handler's writes with its inbox row."""

    async def referral_outcome_recorded(session: AsyncSession, event: CloudEvent) -> None:
        outcome = event.payload()
        assert isinstance(outcome, ReferralOutcomeRecordedV1)
        await ReportService(session, settings).record_referral_outcome(
            outcome.report_id,
            referral_id=outcome.referral_id,
            partner_id=outcome.partner_id,
            partner_name=outcome.partner_name,
            outcome=outcome.outcome,
            public_summary=outcome.public_summary,
        )

    async def account_erased(session: AsyncSession, event: CloudEvent) -> None:
        erased = event.payload()
        assert isinstance(erased, AccountErasedV1)
        await ReportService(session, settings).erase_reporter(erased.account_id)

    return {
        ReferralOutcomeRecordedV1.event_type: referral_outcome_recorded,
        AccountErasedV1.event_type: account_erased,
    }
