"""Request dependencies of the reports domain."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from peelian.auth import PrincipalDep
from peelian.auth.principal import Principal, Role
from peelian.db.engine import SessionDep, get_database
from peelian.errors import Forbidden
from reporting.dependencies import ObjectStoreDep, SettingsDep
from reporting.reports.access import ReportForUpdateOr404, is_reporter
from reporting.reports.models import Report
from reporting.reports.service import ReportService
from reporting.reports.submission import SubmissionService


def _service(session: SessionDep, settings: SettingsDep) -> ReportService:
    return ReportService(session, settings)


ReportServiceDep = Annotated[ReportService, Depends(_service)]


def _submission_service(
    session: SessionDep, settings: SettingsDep, store: ObjectStoreDep, request: Request
) -> SubmissionService:
    return SubmissionService(session, settings, store, get_database(request))


SubmissionServiceDep = Annotated[SubmissionService, Depends(_submission_service)]


def _citizen(principal: PrincipalDep) -> Principal:
    if not principal.has_any(Role.CITIZEN):
        raise Forbidden("reports are submitted by citizens (signed in or with a reporter key)")
    return principal


CitizenDep = Annotated[Principal, Depends(_citizen)]


def _own_report(report: ReportForUpdateOr404, principal: PrincipalDep) -> Report:
    if not is_reporter(principal, report):
        raise Forbidden("only the person who made the report can do this")
    return report


# The caller's own report, locked for the request: for the reporter's follow-up.
OwnReportDep = Annotated[Report, Depends(_own_report)]
