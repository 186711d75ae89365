"""Typed errors of the evidence domain."""

from __future__ import annotations

from typing import Any, ClassVar

from peelian.errors import (
    BadRequest,
    Conflict,
    Forbidden,
    NotFound,
    PayloadTooLarge,
    ServiceError,
    UnsupportedMediaType,
)


class EvidenceNotFound(NotFound):
    """No such evidence on this report, or not evidence the caller may see."""

    error = "evidence_not_found"

    def __init__(self) -> None:
        super().__init__("no evidence with this id is visible to you on this report")


class InvalidUpload(BadRequest):
    """The request is not a complete multipart/form-data body with one or more ``file`` parts."""

    error = "invalid_upload"


class PurposeRequired(BadRequest):
    """Staff must say why they open evidence: the purpose goes into the chain of custody."""

    error = "purpose_required"

    def __init__(self) -> None:
        super().__init__("staff must give a purpose (it is recorded in the chain of custody)")


class FileRejected(ServiceError):
    """Base of the reasons a file is refused: its type, its size, its dimensions."""


class UnsupportedEvidenceType(FileRejected, UnsupportedMediaType):
    """The file's bytes are not one of the accepted types (the declared type is ignored)."""

    error = "unsupported_media_type"


class FileTooLarge(FileRejected, PayloadTooLarge):
    """The file is larger than the limit for its kind of media."""

    error = "file_too_large"


class EvidenceQuotaExceeded(FileRejected, PayloadTooLarge):
    """The report's evidence, or the uploader's uploads of the last 24 hours, would exceed
    their limit (``detail.context.limit`` names it)."""

    error = "evidence_quota_exceeded"


class ImageTooLarge(FileRejected, PayloadTooLarge):
    """The image has more pixels than the service decodes (a decompression bomb or pixel flood)."""

    error = "image_too_large"


class _KeepsChanges:
    # The direct upload was marked rejected and its staged file deleted: the refusal is kept.
    keeps_changes: ClassVar[bool] = True


class StagedUnsupportedType(_KeepsChanges, UnsupportedEvidenceType):
    """The staged file's bytes are not one of the accepted types; the upload is rejected."""


class StagedFileTooLarge(_KeepsChanges, FileTooLarge):
    """The staged file is larger than the limit for its kind; the upload is rejected."""


class StagedQuotaExceeded(_KeepsChanges, EvidenceQuotaExceeded):
    """The staged file would exceed the report's or the uploader's limit; it is rejected."""


class StagedImageTooLarge(_KeepsChanges, ImageTooLarge):
    """The staged image has too many pixels; the upload is rejected."""


_STAGED: dict[type[FileRejected], type[FileRejected]] = {
    UnsupportedEvidenceType: StagedUnsupportedType,
    FileTooLarge: StagedFileTooLarge,
    EvidenceQuotaExceeded: StagedQuotaExceeded,
    ImageTooLarge: StagedImageTooLarge,
}


def staged_rejection(exc: FileRejected) -> FileRejected:
    """The same refusal, keeping the request's writes (the upload marked rejected)."""
    detail: Any = exc.detail
    return _STAGED[type(exc)](exc.message, detail)


class UploadNotFound(NotFound):
    """No such direct upload on this report, or not one the caller requested."""

    error = "upload_not_found"

    def __init__(self) -> None:
        super().__init__("no direct upload with this id is visible to you on this report")


class UploadNotReceived(Conflict):
    """The object store holds no file for this upload yet: POST it to the presigned URL first."""

    error = "upload_not_received"


class UploadRejected(Conflict):
    """This direct upload was already refused; request a new one."""

    error = "upload_rejected"


class ReporterDownloadForbidden(Forbidden):
    """Reporters may download the shareable copy or thumbnail of their own uploads only."""

    error = "download_forbidden"


class VariantNotAvailable(Conflict):
    """No shareable copy or thumbnail exists for this evidence (see ``derivative_status``)."""

    error = "variant_not_available"


class EvidenceIntegrityFailed(Conflict):
    """The stored original no longer matches the hash taken when it was uploaded. The failure
    is recorded (custody event, integrity alarm) although the request fails."""

    error = "evidence_integrity_failed"
    keeps_changes = True
