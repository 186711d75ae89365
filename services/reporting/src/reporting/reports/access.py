"""Who may see which report: the object-level rule every route of this service applies."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends, Path

from peelian.auth import PrincipalDep
from peelian.auth.principal import Principal, Role
from peelian.db.engine import SessionDep
from reporting.reports.exceptions import PartnersUseReferrals, ReportNotFound
from reporting.reports.models import Report
from reporting.reports.repository import ReportRepository


def is_reporter(principal: Principal, report: Report) -> bool:
    return report.reporter_id is not None and report.reporter_id == principal.subject


def check_can_see(principal: Principal, report: Report | None) -> Report:
    """Staff see every report; a citizen only their own (anything else is a 404, so that
    nobody learns which ids exist); partners none, directly."""
    if principal.has_any(Role.PARTNER) and not principal.is_staff:
        raise PartnersUseReferrals()
    if report is None or not (principal.is_staff or is_reporter(principal, report)):
        raise ReportNotFound()
    return report


async def _visible_report(
    report_id: Annotated[uuid.UUID, Path(description="The report's id")],
    principal: PrincipalDep,
    session: SessionDep,
) -> Report:
    return check_can_see(principal, await ReportRepository(session).get(report_id))


async def _visible_report_for_update(
    report_id: Annotated[uuid.UUID, Path(description="The report's id")],
    principal: PrincipalDep,
    session: SessionDep,
) -> Report:
    # The row lock serialises changes to one report (status, limits on its evidence).
    report = await ReportRepository(session).get(report_id, for_update=True)
    return check_can_see(principal, report)


# The report named by the path, if the caller may see it; 404 otherwise.
ReportOr404 = Annotated[Report, Depends(_visible_report)]
# The same, locked for the rest of the request's transaction.
ReportForUpdateOr404 = Annotated[Report, Depends(_visible_report_for_update)]
