"""Report routes: citizens submit and follow up (/reports, /reports/mine); officers search,
triage and work reports (/reports and /reports/{id}/...)."""

from __future__ import annotations

from contextlib import aclosing
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request, Response, status

from peelian.auth import PrincipalDep
from peelian.errors import DependencyUnavailable, Forbidden, Unauthorized, error_responses
from peelian.pagination import Page, PageParamsDep
from reporting.dependencies import StaffDep
from reporting.evidence.exceptions import (
    EvidenceQuotaExceeded,
    InvalidUpload,
    UnsupportedEvidenceType,
)
from reporting.evidence.ingest import multipart_parts, request_body
from reporting.evidence.schemas import FILE_PARTS_SCHEMA
from reporting.reports.access import ReportForUpdateOr404, ReportOr404
from reporting.reports.dependencies import (
    CitizenDep,
    OwnReportDep,
    ReportServiceDep,
    SubmissionServiceDep,
)
from reporting.reports.exceptions import (
    IdempotencyKeyReused,
    InvalidReport,
    InvalidTransition,
    PartnersUseReferrals,
    ReportEnded,
    ReportNotFound,
    SubmissionInProgress,
    UnknownCategory,
)
from reporting.reports.schemas import (
    DuplicateSuggestion,
    LinkCreate,
    LinkRead,
    PublicTimelineEntryRead,
    ReportCreate,
    ReportPoints,
    ReportPointsQuery,
    ReportRead,
    ReportSearch,
    ReportStaffRead,
    ReportStats,
    ReportStatsQuery,
    ReportSubmission,
    StatusChange,
    TextEntry,
    TimelineEntryRead,
    Triage,
    Withdrawal,
)

router = APIRouter(
    prefix="/reports",
    tags=["reports"],
    responses=error_responses(Unauthorized, PartnersUseReferrals),
)

_SEEN = error_responses(ReportNotFound)
_OWN = error_responses(ReportNotFound, Forbidden, ReportEnded)
_STAFF = error_responses(Forbidden, ReportNotFound)

IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=255,
        pattern=r"^[\x21-\x7e]+$",
        description="Any unique string per report (a UUID): a retry with the same key returns "
        "the first answer instead of making a second report",
    ),
]


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses=error_responses(Forbidden, InvalidReport, UnknownCategory, IdempotencyKeyReused),
)
async def submit_report(
    data: ReportCreate,
    principal: CitizenDep,
    reports: ReportServiceDep,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> ReportRead:
    """Submit a report (an urgent one is answered with the advice to call 999)."""
    body, replayed = await reports.submit(principal, data, idempotency_key)
    if replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return ReportRead.model_validate(body)


_SUBMISSION_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["report"],
                    "properties": {
                        "report": {
                            "type": "string",
                            "contentMediaType": "application/json",
                            "description": "The report as JSON (the body of POST /reports); "
                            "it must be the first part",
                        },
                        "file": FILE_PARTS_SCHEMA,
                    },
                },
                "encoding": {"report": {"contentType": "application/json"}},
            }
        },
    }
}


@router.post(
    "/with-evidence",
    status_code=status.HTTP_201_CREATED,
    openapi_extra=_SUBMISSION_BODY,
    responses=error_responses(
        Forbidden,
        InvalidReport,
        UnknownCategory,
        IdempotencyKeyReused,
        SubmissionInProgress,
        InvalidUpload,
        UnsupportedEvidenceType,
        EvidenceQuotaExceeded,
        DependencyUnavailable,
    ),
)
async def submit_report_with_evidence(
    request: Request,
    principal: CitizenDep,
    submissions: SubmissionServiceDep,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> ReportSubmission:
    """Submit a report and its files in one request: all of it is stored, or none of it."""
    content_type = request.headers.get("content-type", "")
    async with aclosing(multipart_parts(content_type, request_body(request))) as parts:
        submission, replayed = await submissions.submit(principal, parts, idempotency_key)
    if replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return submission


@router.get("/mine")
async def list_my_reports(
    principal: PrincipalDep, page: PageParamsDep, reports: ReportServiceDep
) -> Page[ReportRead]:
    """Your reports, newest first."""
    return Page.of(await reports.mine(principal, page), ReportRead)


@router.get("", responses=error_responses(Forbidden))
async def search_reports(
    _: StaffDep,
    filters: Annotated[ReportSearch, Query()],
    page: PageParamsDep,
    reports: ReportServiceDep,
) -> Page[ReportStaffRead]:
    """Find reports by status, category, area, time, text or distance from a point (staff)."""
    return Page.of(await reports.search(filters, page), ReportStaffRead)


@router.get("/stats", responses=error_responses(Forbidden))
async def report_stats(
    _: StaffDep, query: Annotated[ReportStatsQuery, Query()], reports: ReportServiceDep
) -> ReportStats:
    """Counts of reports by status, category, area and day of the incident, in a window (staff)."""
    return await reports.stats(query)


@router.get("/points", responses=error_responses(Forbidden))
async def report_points(
    _: StaffDep, query: Annotated[ReportPointsQuery, Query()], reports: ReportServiceDep
) -> ReportPoints:
    """The search's reports that have a position, many at once, as points for a map (staff)."""
    return await reports.points(query)


@router.get("/{report_id}", responses=_SEEN)
async def read_report(report: ReportOr404, principal: PrincipalDep) -> ReportStaffRead | ReportRead:
    """One report: the reporter's view, or the force's view with triage for staff."""
    if principal.is_staff:
        return ReportStaffRead.model_validate(report)
    return ReportRead.model_validate(report)


@router.get("/{report_id}/timeline", responses=_SEEN)
async def read_timeline(
    report: ReportOr404, principal: PrincipalDep, reports: ReportServiceDep
) -> list[TimelineEntryRead] | list[PublicTimelineEntryRead]:
    """What happened to the report; reporters see the public entries only."""
    entries = await reports.timeline_of(report, staff=principal.is_staff)
    if principal.is_staff:
        return [TimelineEntryRead.model_validate(e) for e in entries]
    return [PublicTimelineEntryRead.model_validate(e) for e in entries]


@router.post("/{report_id}/information", status_code=status.HTTP_201_CREATED, responses=_OWN)
async def add_information(
    data: TextEntry, report: OwnReportDep, principal: PrincipalDep, reports: ReportServiceDep
) -> PublicTimelineEntryRead:
    """Add information to your report."""
    entry = await reports.add_information(principal, report, data.text)
    return PublicTimelineEntryRead.model_validate(entry)


@router.post(
    "/{report_id}/withdraw",
    responses=error_responses(ReportNotFound, Forbidden, InvalidTransition),
)
async def withdraw_report(
    data: Withdrawal, report: OwnReportDep, principal: PrincipalDep, reports: ReportServiceDep
) -> ReportRead:
    """Withdraw your report; the force keeps it, closed."""
    return ReportRead.model_validate(await reports.withdraw(principal, report, data.reason))


@router.patch("/{report_id}/triage", responses={**_STAFF, **error_responses(InvalidReport)})
async def triage_report(
    data: Triage, report: ReportForUpdateOr404, principal: StaffDep, reports: ReportServiceDep
) -> ReportStaffRead:
    """Set priority, assignee (officer or team) and tags; a new report becomes triaged."""
    return ReportStaffRead.model_validate(await reports.triage(principal, report, data))


@router.post("/{report_id}/status", responses={**_STAFF, **error_responses(InvalidTransition)})
async def change_status(
    data: StatusChange,
    report: ReportForUpdateOr404,
    principal: StaffDep,
    reports: ReportServiceDep,
) -> ReportStaffRead:
    """Move the report through its workflow, with a reason (and a message to the reporter)."""
    return ReportStaffRead.model_validate(await reports.change_status(principal, report, data))


@router.post("/{report_id}/notes", status_code=status.HTTP_201_CREATED, responses=_STAFF)
async def add_note(
    data: TextEntry, report: ReportForUpdateOr404, principal: StaffDep, reports: ReportServiceDep
) -> TimelineEntryRead:
    """Add an internal note, never shown to the reporter."""
    return TimelineEntryRead.model_validate(await reports.add_note(principal, report, data.text))


@router.post("/{report_id}/updates", status_code=status.HTTP_201_CREATED, responses=_STAFF)
async def publish_update(
    data: TextEntry, report: ReportForUpdateOr404, principal: StaffDep, reports: ReportServiceDep
) -> TimelineEntryRead:
    """Publish an update the reporter can read."""
    entry = await reports.publish_update(principal, report, data.text)
    return TimelineEntryRead.model_validate(entry)


@router.post(
    "/{report_id}/links",
    status_code=status.HTTP_201_CREATED,
    responses={**_STAFF, **error_responses(InvalidReport)},
)
async def link_report(
    data: LinkCreate, report: ReportForUpdateOr404, principal: StaffDep, reports: ReportServiceDep
) -> LinkRead:
    """Link a related report (a duplicate, the same offender, the same place)."""
    return await reports.link(principal, report, data)


@router.get("/{report_id}/links", responses=_STAFF)
async def list_links(report: ReportOr404, _: StaffDep, reports: ReportServiceDep) -> list[LinkRead]:
    """The reports linked to this one."""
    return await reports.links_of(report)


@router.get("/{report_id}/duplicates", responses=_STAFF)
async def suggest_duplicates(
    report: ReportOr404, _: StaffDep, reports: ReportServiceDep
) -> list[DuplicateSuggestion]:
    """Likely duplicates: same category, close in time and place, similar words."""
    return await reports.duplicates(report)
