"""Domain logic of the reports this service knows: kept from report.submitted, shown to
partners only through :func:`partner_view` (minimised), erased with their reporter."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from peelian.events.contracts.reporting import ReportSubmittedV1
from referrals.partners.models import Partner
from referrals.reports.exceptions import ReportNotKnown, ReportWithdrawn
from referrals.reports.minimise import ReportField, minimise
from referrals.reports.models import ReportSnapshot
from referrals.reports.repository import ReportRepository

log = structlog.get_logger(__name__)


def report_fields(snapshot: ReportSnapshot) -> dict[str, Any]:
    """Every field an agreement may name, JSON-ready (times as ISO 8601)."""
    values: dict[str, Any] = {}
    for field in ReportField:
        value = getattr(snapshot, field.value)
        values[field.value] = value.isoformat() if hasattr(value, "isoformat") else value
    return values


@dataclass(frozen=True)
class ReportView:
    """A report as one partner may receive it; ``shared``: with the reporter's consent."""

    shared: bool
    fields: dict[str, Any]


def partner_view(snapshot: ReportSnapshot, partner: Partner) -> ReportView:
    """The report as ``partner`` may receive it (see referrals.reports.minimise)."""
    fields = minimise(
        report_fields(snapshot), shared=snapshot.share_consent, fields=partner.agreement_fields
    )
    return ReportView(shared=snapshot.share_consent, fields=fields)


class ReportService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.reports = ReportRepository(session)

    async def keep(self, report: ReportSubmittedV1) -> bool:
        """Keep what a referral may need of a submitted report; False if already kept."""
        values = report.model_dump(
            include={field.value for field in ReportField}
            | {"report_id", "reporter_id", "share_consent"}
        )
        return await self.reports.insert(values)

    async def referable(self, report_id: uuid.UUID) -> ReportSnapshot:
        """The report, locked against withdrawal and erasure until the referral commits."""
        snapshot = await self.reports.get(report_id, for_share=True)
        if snapshot is None:
            raise ReportNotKnown()
        if snapshot.withdrawn:
            raise ReportWithdrawn()
        return snapshot

    async def get(self, report_id: uuid.UUID) -> ReportSnapshot:
        snapshot = await self.reports.get(report_id)
        if snapshot is None:
            raise ReportNotKnown()
        return snapshot

    async def withdrawn(self, report_id: uuid.UUID) -> None:
        await self.reports.set_withdrawn(report_id)

    async def erase_reporter(self, account_id: uuid.UUID) -> list[uuid.UUID]:
        """The account was erased: as Reporting does, its reports lose the link to the person.
        Erasure also withdraws the consent to sharing: from now on partners get anonymised
        summaries only. Returns the reports."""
        report_ids = await self.reports.forget_reporter(account_id)
        if report_ids:
            log.info("reporter_erased", reports=len(report_ids))
        return report_ids
