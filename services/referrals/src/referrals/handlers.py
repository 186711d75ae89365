"""Reactions of the referrals service to other services' events: the one explicit registry."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from peelian.consumer import Handlers
from peelian.events.contracts.identity import AccountErasedV1
from peelian.events.contracts.reporting import ReportClosedV1, ReportSubmittedV1
from peelian.events.envelope import CloudEvent
from referrals.feed.service import PartnerFeed
from referrals.reports.service import ReportService
from referrals.suggestions.service import SuggestionService

# How reporting says a report was withdrawn by its reporter (report.closed's final_status).
WITHDRAWN = "withdrawn"


def handlers() -> Handlers:
    """Event type -> handler; the consumer commits each handler's writes with its inbox row."""

    async def report_submitted(session: AsyncSession, event: CloudEvent) -> None:
        report = event.payload()
        assert isinstance(report, ReportSubmittedV1)
        # Suggest only with the snapshot's first keeping: a replayed event adds nothing.
        if await ReportService(session).keep(report):
            await SuggestionService(session).suggest_for(report.report_id, report.category)

    async def report_closed(session: AsyncSession, event: CloudEvent) -> None:
        closed = event.payload()
        assert isinstance(closed, ReportClosedV1)
        if closed.final_status == WITHDRAWN:
            await ReportService(session).withdrawn(closed.report_id)

    async def account_erased(session: AsyncSession, event: CloudEvent) -> None:
        erased = event.payload()
        assert isinstance(erased, AccountErasedV1)
        report_ids = await ReportService(session).erase_reporter(erased.account_id)
        if report_ids:
            await PartnerFeed(session).withdraw_consent(report_ids)

    return {
        ReportSubmittedV1.event_type: report_submitted,
        ReportClosedV1.event_type: report_closed,
        AccountErasedV1.event_type: account_erased,
    }
