"""Request and response models of the evidence domain."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from reporting.evidence.models import CustodyAction, DerivativeStatus, MediaKind

Purpose = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=3, max_length=500),
    Field(
        description="Why the evidence is accessed; recorded in the chain of custody",
        examples=["CPS file for case 14/2291"],
    ),
]


class CustodySummaryRead(BaseModel):
    """Staff only: who stored it, how long it is kept, and its custody record at a glance."""

    uploader_role: str
    original_version_id: str | None
    retain_until: datetime
    integrity_alarm: bool
    custody_events: int
    last_custody_at: datetime | None


class EvidenceRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    report_id: uuid.UUID
    media_kind: MediaKind
    content_type: str = Field(description="Sniffed from the file's bytes, not the client's claim")
    size_bytes: int
    sha256: str = Field(description="SHA-256 of the original, hex")
    derivative_status: DerivativeStatus
    width: int | None
    height: int | None
    created_at: datetime
    custody: CustodySummaryRead | None = Field(default=None, description="Staff only")


class DirectUploadCreate(BaseModel):
    """A large file about to be sent straight to the object store."""

    media_kind: MediaKind
    size_bytes: int = Field(ge=1, description="The file's exact size; the store refuses more")


class DirectUploadRead(BaseModel):
    """POST the file to ``url`` as multipart/form-data: every ``fields`` entry first, then the
    file as the part named ``file``. Then confirm the upload."""

    upload_id: uuid.UUID
    url: str
    fields: dict[str, str]
    max_bytes: int
    expires_at: datetime


class Variant(StrEnum):
    ORIGINAL = "original"
    SHAREABLE = "shareable"
    THUMBNAIL = "thumbnail"


class DownloadRequest(BaseModel):
    variant: Variant
    purpose: Purpose | None = Field(
        default=None, description="Required of staff; recorded in the chain of custody"
    )


class DownloadRead(BaseModel):
    variant: Variant
    url: str = Field(description="A presigned GET of the file; it expires at expires_at")
    expires_at: datetime
    content_type: str


class CustodyEventRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    evidence_id: uuid.UUID
    at: datetime
    action: CustodyAction
    actor_id: uuid.UUID | None = Field(description="Staff are named; a reporter is not")
    actor_role: str
    purpose: str | None
    detail: dict[str, Any]


class ExportRequest(BaseModel):
    purpose: Purpose


class ExportRead(BaseModel):
    """The original re-read and its hash recomputed: it matches what was stored."""

    evidence: EvidenceRead
    sha256: str
    size_bytes: int
    verified_at: datetime
    url: str = Field(description="A presigned GET of the verified original (that version)")
    url_expires_at: datetime
    custody: list[CustodyEventRead]


# The files of a multipart/form-data body, in OpenAPI terms: each a part named "file".
FILE_PARTS_SCHEMA: dict[str, Any] = {
    "type": "array",
    "items": {"type": "string", "format": "binary"},
    "description": "One or more files, each a part named 'file'",
}
