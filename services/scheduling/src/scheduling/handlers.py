"""Reactions of the scheduling service to other services' events: the one explicit registry."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from peelian.consumer import Handlers
from peelian.events.contracts.identity import AccountErasedV1
from peelian.events.contracts.reporting import ReportSubmittedV1
from peelian.events.envelope import CloudEvent
from scheduling.calendars.service import CalendarService
from scheduling.config import SchedulingSettings
from scheduling.meetings.service import MeetingService
from scheduling.reports.repository import ReportReporterRepository


def handlers(settings: SchedulingSettings) -> Handlers:
    """Event type -> handler; the consumer commits each handler's writes with its inbox row."""

    async def report_submitted(session: AsyncSession, event: CloudEvent) -> None:
        report = event.payload()
        assert isinstance(report, ReportSubmittedV1)
        # Who made it, so that only they book its follow-up.
        await ReportReporterRepository(session).remember(report.report_id, report.reporter_id)

    async def account_erased(session: AsyncSession, event: CloudEvent) -> None:
        erased = event.payload()
        assert isinstance(erased, AccountErasedV1)
        await MeetingService(session, settings).erase_citizen(erased.account_id, datetime.now(UTC))
        await CalendarService(session, settings).erase(erased.account_id)

    return {
        ReportSubmittedV1.event_type: report_submitted,
        AccountErasedV1.event_type: account_erased,
    }
