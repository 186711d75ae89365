"""Evidence routes, under /reports/{report_id}/evidence (the gateway's upload class)."""

from __future__ import annotations

import uuid
from contextlib import aclosing
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response, status

from peelian.auth import PrincipalDep
from peelian.db.engine import SessionDep, get_database
from peelian.errors import (
    DependencyUnavailable,
    Forbidden,
    Unauthorized,
    error_responses,
)
from peelian.pagination import Page, PageParamsDep
from reporting.dependencies import ObjectStoreDep, SettingsDep, StaffDep
from reporting.evidence.exceptions import (
    EvidenceIntegrityFailed,
    EvidenceNotFound,
    EvidenceQuotaExceeded,
    InvalidUpload,
    PurposeRequired,
    ReporterDownloadForbidden,
    StagedUnsupportedType,
    UnsupportedEvidenceType,
    UploadNotFound,
    UploadNotReceived,
    VariantNotAvailable,
)
from reporting.evidence.ingest import Allowance, multipart_parts, request_body
from reporting.evidence.schemas import (
    FILE_PARTS_SCHEMA,
    CustodyEventRead,
    DirectUploadCreate,
    DirectUploadRead,
    DownloadRead,
    DownloadRequest,
    EvidenceRead,
    ExportRead,
    ExportRequest,
)
from reporting.evidence.service import EvidenceService
from reporting.reports.access import ReportForUpdateOr404, ReportOr404
from reporting.reports.exceptions import PartnersUseReferrals, ReportEnded, ReportNotFound

router = APIRouter(
    prefix="/reports/{report_id}/evidence",
    tags=["evidence"],
    responses=error_responses(Unauthorized, PartnersUseReferrals, ReportNotFound),
)

ReportId = Annotated[uuid.UUID, Path(description="The report's id")]
EvidenceId = Annotated[uuid.UUID, Path(description="The evidence's id")]


def _evidence_service(
    session: SessionDep, store: ObjectStoreDep, settings: SettingsDep
) -> EvidenceService:
    return EvidenceService(session, store, settings)


EvidenceServiceDep = Annotated[EvidenceService, Depends(_evidence_service)]


async def _upload_allowance(
    report_id: ReportId,
    principal: PrincipalDep,
    request: Request,
    store: ObjectStoreDep,
    settings: SettingsDep,
) -> Allowance:
    # A short transaction of its own: the request's session stays untouched while the file
    # streams in, so a slow upload holds no pooled connection and no open transaction.
    async with get_database(request).sessionmaker() as session:
        return await EvidenceService(session, store, settings).admit(report_id, principal)


AllowanceDep = Annotated[Allowance, Depends(_upload_allowance)]


_MULTIPART_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {"file": FILE_PARTS_SCHEMA},
                }
            }
        },
    }
}


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    openapi_extra=_MULTIPART_BODY,
    responses=error_responses(
        InvalidUpload,
        UnsupportedEvidenceType,
        EvidenceQuotaExceeded,
        ReportEnded,
        DependencyUnavailable,
    ),
)
async def upload_evidence(
    request: Request,
    principal: PrincipalDep,
    allowance: AllowanceDep,
    evidence: EvidenceServiceDep,
    report_id: ReportId,
) -> list[EvidenceRead]:
    """Upload files (multipart/form-data, parts named "file"), streamed into evidence storage."""
    content_type = request.headers.get("content-type", "")
    async with aclosing(multipart_parts(content_type, request_body(request))) as parts:
        stored = await evidence.upload(report_id, principal, allowance, parts)
    return [EvidenceRead.model_validate(e) for e in stored]


@router.get("")
async def list_evidence(
    report: ReportOr404, principal: PrincipalDep, page: PageParamsDep, evidence: EvidenceServiceDep
) -> Page[EvidenceRead]:
    """The report's evidence, newest first: staff see all, a reporter their own uploads."""
    rows = await evidence.list_visible(report, principal, page)
    return Page[EvidenceRead](items=rows.items, next_cursor=rows.next_cursor)


@router.post(
    "/uploads",
    status_code=status.HTTP_201_CREATED,
    responses=error_responses(EvidenceQuotaExceeded, ReportEnded),
)
async def create_direct_upload(
    data: DirectUploadCreate,
    report: ReportOr404,
    principal: PrincipalDep,
    evidence: EvidenceServiceDep,
) -> DirectUploadRead:
    """Get a presigned POST to send a large file straight to the object store."""
    return await evidence.create_direct_upload(report, principal, data)


@router.post(
    "/uploads/{upload_id}/confirm",
    status_code=status.HTTP_201_CREATED,
    responses={
        200: {"model": EvidenceRead, "description": "Already confirmed: the same evidence"},
        **error_responses(
            UploadNotFound,
            UploadNotReceived,
            StagedUnsupportedType,
            EvidenceQuotaExceeded,
            DependencyUnavailable,
        ),
    },
)
async def confirm_direct_upload(
    upload_id: Annotated[uuid.UUID, Path(description="The direct upload's id")],
    report: ReportForUpdateOr404,
    principal: PrincipalDep,
    evidence: EvidenceServiceDep,
    response: Response,
) -> EvidenceRead:
    """Check the directly uploaded file and store it as evidence (refused files are deleted)."""
    stored, created = await evidence.confirm(report, principal, upload_id)
    if not created:
        response.status_code = status.HTTP_200_OK
    return EvidenceRead.model_validate(stored)


@router.get("/{evidence_id}", responses=error_responses(EvidenceNotFound, PurposeRequired))
async def read_evidence(
    evidence_id: EvidenceId,
    report: ReportOr404,
    principal: PrincipalDep,
    evidence: EvidenceServiceDep,
    purpose: Annotated[
        str | None,
        Query(
            min_length=3,
            max_length=500,
            description="Why you open it (required of staff; recorded in the custody log)",
        ),
    ] = None,
) -> EvidenceRead:
    """One evidence's metadata; staff opening it is recorded in its chain of custody."""
    return await evidence.read(report, principal, evidence_id, purpose)


@router.post(
    "/{evidence_id}/download",
    responses=error_responses(
        EvidenceNotFound, ReporterDownloadForbidden, VariantNotAvailable, PurposeRequired
    ),
)
async def download_evidence(
    evidence_id: EvidenceId,
    data: DownloadRequest,
    report: ReportOr404,
    principal: PrincipalDep,
    evidence: EvidenceServiceDep,
) -> DownloadRead:
    """A short-lived download URL (original: staff; shareable copy: also its uploader)."""
    return await evidence.download(report, principal, evidence_id, data)


@router.post(
    "/{evidence_id}/export",
    responses=error_responses(
        Forbidden, EvidenceNotFound, EvidenceIntegrityFailed, DependencyUnavailable
    ),
)
async def export_evidence(
    evidence_id: EvidenceId,
    data: ExportRequest,
    principal: StaffDep,
    report: ReportOr404,
    evidence: EvidenceServiceDep,
) -> ExportRead:
    """Re-verify the original's SHA-256 and export it with its chain of custody (staff)."""
    return await evidence.export(report, principal, evidence_id, data.purpose)


@router.get(
    "/{evidence_id}/custody",
    responses=error_responses(Forbidden, EvidenceNotFound),
)
async def evidence_custody(
    evidence_id: EvidenceId,
    principal: StaffDep,
    report: ReportOr404,
    evidence: EvidenceServiceDep,
) -> list[CustodyEventRead]:
    """The evidence's chain of custody, oldest first (staff)."""
    events = await evidence.custody_of(report, principal, evidence_id)
    return [CustodyEventRead.model_validate(e) for e in events]
