"""Evidence: storing originals, shareable copies, the chain of custody and export checks.

Services flush and never commit: the request owns the transaction. Objects in the store are
not transactional, so every path that stores one removes it again when the request fails,
and an original is put under retention (after which nobody can remove it) only as the last
step before the rows that describe it are committed.
"""

from __future__ import annotations

import hashlib
import io
import tempfile
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import anyio
import structlog
from minio import Minio
from minio.commonconfig import COMPLIANCE, GOVERNANCE
from minio.datatypes import PostPolicy
from minio.error import S3Error
from minio.retention import Retention
from prometheus_client import Counter
from sqlalchemy.ext.asyncio import AsyncSession

from peelian.auth.principal import Principal
from peelian.events.contracts.reporting import EvidenceAttachedV1
from peelian.pagination import PageParams, Slice
from peelian.storage import ObjectStore
from reporting.config import ReportingSettings
from reporting.events import emit
from reporting.evidence import media
from reporting.evidence.exceptions import (
    EvidenceIntegrityFailed,
    EvidenceNotFound,
    FileRejected,
    InvalidUpload,
    PurposeRequired,
    ReporterDownloadForbidden,
    UploadNotFound,
    UploadNotReceived,
    UploadRejected,
    VariantNotAvailable,
    staged_rejection,
)
from reporting.evidence.ingest import (
    BLOCK_BYTES,
    STORE_ERRORS,
    Allowance,
    FileIngest,
    Ingested,
    Part,
    PartData,
    PartEnd,
    PartStart,
    store_unavailable,
)
from reporting.evidence.models import (
    CustodyAction,
    CustodyEvent,
    DerivativeStatus,
    DirectUpload,
    Evidence,
    MediaKind,
    UploadStatus,
)
from reporting.evidence.repository import (
    CustodySummary,
    DirectUploadRepository,
    EvidenceRepository,
)
from reporting.evidence.schemas import (
    CustodyEventRead,
    CustodySummaryRead,
    DirectUploadCreate,
    DirectUploadRead,
    DownloadRead,
    DownloadRequest,
    EvidenceRead,
    ExportRead,
    Variant,
)
from reporting.reports import timeline
from reporting.reports.access import check_can_see, is_reporter
from reporting.reports.exceptions import ReportEnded
from reporting.reports.models import EntryKind, Report, ReportStatus, Visibility

log = structlog.get_logger(__name__)

INTEGRITY_FAILURES = Counter(
    "reporting_evidence_integrity_failures_total",
    "Exports that found a stored original no longer matching its recorded SHA-256",
)

ENDED = frozenset({ReportStatus.RESOLVED, ReportStatus.CLOSED, ReportStatus.WITHDRAWN})
DAY = timedelta(hours=24)
# Photos are read back whole for their shareable copy; past this they spill to disk.
SPOOL_BYTES = 8 * 1024 * 1024
MULTIPART_FIELD = "file"
EXTENSIONS = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
    "image/heic": "heic",
    "video/mp4": "mp4",
    "video/quicktime": "mov",
    "video/webm": "webm",
    "audio/mpeg": "mp3",
    "audio/mp4": "m4a",
    "audio/ogg": "ogg",
    "audio/wav": "wav",
    "application/pdf": "pdf",
}


def original_key(report_id: uuid.UUID, evidence_id: uuid.UUID) -> str:
    return f"reports/{report_id}/{evidence_id}"


def staging_key(report_id: uuid.UUID, upload_id: uuid.UUID) -> str:
    return f"reports/{report_id}/{upload_id}"


@dataclass
class _Stored:
    """An original in the store and the copies made of it, until the rows are written."""

    item: Ingested
    derivative_status: DerivativeStatus = DerivativeStatus.NOT_AVAILABLE
    derivative_key: str | None = None
    thumbnail_key: str | None = None


class EvidenceService:
    def __init__(
        self, session: AsyncSession, store: ObjectStore, settings: ReportingSettings
    ) -> None:
        self.session = session
        self.store = store
        self.settings = settings
        self.evidence = EvidenceRepository(session)
        self.uploads = DirectUploadRepository(session)

    # --- admission and limits ---

    async def admit(self, report_id: uuid.UUID, principal: Principal) -> Allowance:
        """What the caller may still upload to this report; refuses anyone who may not."""
        report = check_can_see(principal, await self.evidence.report(report_id))
        return await self._allowance(report, principal)

    async def _allowance(self, report: Report, principal: Principal) -> Allowance:
        if report.status in ENDED:
            raise ReportEnded("the report has ended: no evidence can be added to it")
        return await self._allowance_with(principal, await self.evidence.report_bytes(report.id))

    async def new_report_allowance(self, principal: Principal) -> Allowance:
        """What may be uploaded with a report that is being submitted."""
        return await self._allowance_with(principal, 0)

    async def _allowance_with(self, principal: Principal, report_bytes: int) -> Allowance:
        s = self.settings
        uploader = _uploader_id(principal)
        uploader_left = None
        if uploader is not None:
            since = datetime.now(UTC) - DAY
            used = await self.evidence.uploader_bytes_since(uploader, since)
            uploader_left = s.max_uploader_bytes_per_day - used
        return Allowance(
            per_file={
                MediaKind.PHOTO: ("max_photo_bytes", s.max_photo_bytes),
                MediaKind.VIDEO: ("max_video_bytes", s.max_video_bytes),
                MediaKind.AUDIO: ("max_audio_bytes", s.max_audio_bytes),
                MediaKind.DOCUMENT: ("max_document_bytes", s.max_document_bytes),
            },
            report_left=s.max_report_bytes - report_bytes,
            uploader_left=uploader_left,
        )

    # --- streamed multipart upload ---

    async def upload(
        self,
        report_id: uuid.UUID,
        principal: Principal,
        allowance: Allowance,
        parts: AsyncIterator[Part],
        *,
        new_report: Callable[[], Awaitable[Report]] | None = None,
    ) -> list[Evidence]:
        """Store every ``file`` part of a multipart body, then record them all; on any failure
        nothing is kept, in the store or the database. With ``new_report``, the files come
        with a report being submitted: it is made (by that callback) only once every file is
        stored, in the same transaction as their records."""
        stored: list[_Stored] = []
        try:
            await self._receive(report_id, allowance, parts, stored)
            if not stored and new_report is None:
                raise InvalidUpload(f"the body holds no part named '{MULTIPART_FIELD}'")
            for entry in stored:
                await self._derive(report_id, entry)
            if new_report is not None:
                report = await new_report()
            else:
                report = await self._locked_report(report_id, principal)
            via = "submission" if new_report is not None else "multipart"
            return await self._record(report, principal, stored, via=via)
        except BaseException:
            await self._discard(stored)
            raise

    async def _receive(
        self,
        report_id: uuid.UUID,
        allowance: Allowance,
        parts: AsyncIterator[Part],
        stored: list[_Stored],
    ) -> None:
        current: FileIngest | None = None
        try:
            async for part in parts:
                if isinstance(part, PartStart):
                    if part.name != MULTIPART_FIELD:
                        raise InvalidUpload(
                            f"unexpected form field {part.name!r}: send files as "
                            f"parts named '{MULTIPART_FIELD}'"
                        )
                    evidence_id = uuid.uuid4()
                    current = self._ingest(report_id, evidence_id, allowance)
                elif isinstance(part, PartData):
                    assert current is not None
                    await current.write(part.data)
                elif isinstance(part, PartEnd):
                    assert current is not None
                    stored.append(_Stored(await current.finish()))
                    current = None
        except BaseException:
            if current is not None:
                await current.abort()
            raise

    def _ingest(
        self, report_id: uuid.UUID, evidence_id: uuid.UUID, allowance: Allowance
    ) -> FileIngest:
        return FileIngest(
            self.store,
            self.settings.evidence_bucket,
            original_key(report_id, evidence_id),
            evidence_id,
            allowance,
            self.settings.max_image_pixels,
        )

    # --- direct upload to the store, then confirmation ---

    async def create_direct_upload(
        self, report: Report, principal: Principal, data: DirectUploadCreate
    ) -> DirectUploadRead:
        """A presigned POST to the staging bucket, capped at the declared size (itself
        checked against every limit now, and the file again when it is confirmed)."""
        (await self._allowance(report, principal)).check(data.media_kind, data.size_bytes)
        now = datetime.now(UTC)
        upload_id = uuid.uuid4()
        upload = DirectUpload(
            id=upload_id,
            report_id=report.id,
            requested_by=principal.subject,
            requester_role=timeline.actor_of(principal)[1],
            staging_key=staging_key(report.id, upload_id),
            max_bytes=data.size_bytes,
            expires_at=now + timedelta(seconds=self.settings.direct_upload_seconds),
            status=UploadStatus.PENDING,
        )
        await self.uploads.add(upload)
        policy = PostPolicy(self.settings.staging_bucket, upload.expires_at)
        policy.add_equals_condition("key", upload.staging_key)
        policy.add_content_length_range_condition(1, upload.max_bytes)
        fields: dict[str, str] = self._presigner().presigned_post_policy(policy)
        return DirectUploadRead(
            upload_id=upload.id,
            url=f"{self._public_base_url()}/{self.settings.staging_bucket}",
            fields={"key": upload.staging_key, **fields},
            max_bytes=upload.max_bytes,
            expires_at=upload.expires_at,
        )

    async def confirm(
        self, report: Report, principal: Principal, upload_id: uuid.UUID
    ) -> tuple[Evidence, bool]:
        """Check the staged file like a streamed one and move it into the evidence bucket.
        (evidence, created): a confirmed upload answers with its evidence again."""
        upload = await self.uploads.of_report_for_update(report.id, upload_id)
        if upload is None or not (principal.is_staff or upload.requested_by == principal.subject):
            raise UploadNotFound()
        if upload.status == UploadStatus.CONFIRMED:
            assert upload.evidence_id is not None
            evidence = await self.evidence.get(upload.evidence_id)
            assert evidence is not None
            return evidence, False
        if upload.status == UploadStatus.REJECTED:
            raise UploadRejected("this upload was refused; request a new one")
        allowance = await self._allowance(report, principal)
        stored: list[_Stored] = []
        try:
            try:
                entry = _Stored(await self._ingest_staged(report.id, upload, allowance))
            except FileRejected as exc:
                await self._remove_staged(upload)
                upload.status = UploadStatus.REJECTED
                await self.session.flush()
                raise staged_rejection(exc) from exc
            stored.append(entry)
            await self._derive(report.id, entry)
            [evidence] = await self._record(report, principal, stored, via="direct_upload")
        except BaseException:
            await self._discard(stored)
            raise
        upload.status = UploadStatus.CONFIRMED
        upload.evidence_id = evidence.id
        await self.session.flush()
        await self._remove_staged(upload)
        return evidence, True

    async def _ingest_staged(
        self, report_id: uuid.UUID, upload: DirectUpload, allowance: Allowance
    ) -> Ingested:
        client = self.store.client
        try:
            response = await self.store.call(
                client.get_object, self.settings.staging_bucket, upload.staging_key
            )
        except S3Error as exc:
            if exc.code == "NoSuchKey":
                raise UploadNotReceived(
                    "no file was received for this upload: POST it to the presigned URL first"
                ) from exc
            raise store_unavailable(exc) from exc
        except STORE_ERRORS as exc:
            raise store_unavailable(exc) from exc
        ingest = self._ingest(report_id, uuid.uuid4(), allowance)
        try:
            while chunk := await self.store.call(response.read, BLOCK_BYTES):
                await ingest.write(chunk)
            return await ingest.finish()
        except BaseException as exc:
            await ingest.abort()
            if isinstance(exc, STORE_ERRORS):
                raise store_unavailable(exc) from exc
            raise
        finally:
            response.close()
            response.release_conn()

    async def _remove_staged(self, upload: DirectUpload) -> None:
        # The staging bucket expires objects after a day: a failure here only delays that.
        await self._remove_quietly(self.settings.staging_bucket, upload.staging_key)

    # --- derivatives ---

    async def _derive(self, report_id: uuid.UUID, entry: _Stored) -> None:
        """A shareable copy and a thumbnail of a photo; a failure keeps the original."""
        item = entry.item
        if item.accepted.pillow_format is None:
            return
        base = f"reports/{report_id}/{item.evidence_id}"
        written: list[str] = []
        try:
            made = await anyio.to_thread.run_sync(self._render, item)
            for key, data in (
                (f"{base}/shareable.jpg", made.shareable),
                (f"{base}/thumbnail.jpg", made.thumbnail),
            ):
                await self._put_small(key, data)
                written.append(key)
        except Exception as exc:
            log.warning(
                "evidence_derivative_failed",
                evidence_id=str(item.evidence_id),
                error=type(exc).__name__,
                detail=str(exc)[:300],
            )
            for key in written:
                await self._remove_quietly(self.settings.derivatives_bucket, key)
            entry.derivative_status = DerivativeStatus.FAILED
            return
        entry.derivative_key, entry.thumbnail_key = written
        entry.derivative_status = DerivativeStatus.READY

    def _render(self, item: Ingested) -> media.Derivatives:
        response = self.store.client.get_object(
            self.settings.evidence_bucket, item.key, version_id=item.stored.version_id
        )
        try:
            with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spool:
                for chunk in response.stream(BLOCK_BYTES):
                    spool.write(chunk)
                spool.seek(0)
                s = self.settings
                return media.render_derivatives(
                    spool, item.accepted, s.max_image_pixels, s.thumbnail_size
                )
        finally:
            response.close()
            response.release_conn()

    async def _put_small(self, key: str, data: bytes) -> None:
        await self.store.call(
            self.store.client.put_object,
            self.settings.derivatives_bucket,
            key,
            io.BytesIO(data),
            len(data),
            content_type="image/jpeg",
        )

    # --- recording ---

    async def _locked_report(self, report_id: uuid.UUID, principal: Principal) -> Report:
        # The row lock serialises evidence of one report, so its total is checked exactly.
        report = await self.evidence.report(report_id, for_update=True)
        return check_can_see(principal, report)

    async def _record(
        self, report: Report, principal: Principal, stored: list[_Stored], via: str
    ) -> list[Evidence]:
        """Rows, custody, timeline and events for stored originals, limits re-checked under the
        report's lock; then the originals are put under retention."""
        uploader = _uploader_id(principal)
        if uploader is not None:
            await self.evidence.lock_uploader(uploader)
        (await self._allowance(report, principal)).check(
            None, sum(entry.item.stored.size for entry in stored)
        )
        retention_days = await self.evidence.retention_days(report.category)
        retain_until = datetime.now(UTC) + timedelta(days=retention_days)
        by_reporter = is_reporter(principal, report)
        actor_role = timeline.actor_of(principal)[1]
        rows: list[Evidence] = []
        for entry in stored:
            item = entry.item
            evidence = Evidence(
                id=item.evidence_id,
                report_id=report.id,
                uploaded_by=uploader,
                uploader_role=actor_role,
                media_kind=item.accepted.media_kind,
                content_type=item.accepted.content_type,
                size_bytes=item.stored.size,
                sha256=item.stored.sha256,
                original_key=item.key,
                original_version_id=item.stored.version_id,
                retain_until=retain_until,
                width=item.dimensions[0] if item.dimensions else None,
                height=item.dimensions[1] if item.dimensions else None,
                derivative_status=entry.derivative_status,
                derivative_key=entry.derivative_key,
                thumbnail_key=entry.thumbnail_key,
                integrity_alarm=False,
            )
            await self.evidence.add(evidence)
            await self.session.refresh(evidence, ["created_at", "updated_at"])
            await self._custody(
                evidence,
                CustodyAction.UPLOADED,
                principal,
                "submitted by reporter" if by_reporter else f"added by {actor_role}",
                {
                    "sha256": evidence.sha256,
                    "size_bytes": evidence.size_bytes,
                    "content_type": evidence.content_type,
                    "version_id": evidence.original_version_id,
                    "via": via,
                },
            )
            await timeline.record(
                self.session,
                report.id,
                EntryKind.EVIDENCE_ATTACHED,
                actor=principal,
                visibility=Visibility.PUBLIC if by_reporter else Visibility.INTERNAL,
                body=f"{evidence.media_kind.capitalize()} added as evidence",
                data={
                    "evidence_id": str(evidence.id),
                    "media_kind": evidence.media_kind,
                    "content_type": evidence.content_type,
                    "size_bytes": evidence.size_bytes,
                },
            )
            await emit(
                self.session,
                EvidenceAttachedV1(
                    evidence_id=evidence.id,
                    report_id=report.id,
                    media_kind=evidence.media_kind,
                    content_type=evidence.content_type,
                    size_bytes=evidence.size_bytes,
                    sha256=evidence.sha256,
                    uploaded_by_reporter=by_reporter,
                ),
                subject=report.id,
            )
            rows.append(evidence)
        mode = COMPLIANCE if self.settings.evidence_lock_compliance else GOVERNANCE
        for evidence in rows:
            try:
                await self.store.call(
                    self.store.client.set_object_retention,
                    self.settings.evidence_bucket,
                    evidence.original_key,
                    Retention(mode, retain_until),
                    version_id=evidence.original_version_id,
                )
            except STORE_ERRORS as exc:
                raise store_unavailable(exc) from exc
        log.info(
            "evidence_stored",
            report_id=str(report.id),
            evidence_ids=[str(e.id) for e in rows],
            bytes=sum(e.size_bytes for e in rows),
            via=via,
        )
        return rows

    async def _custody(
        self,
        evidence: Evidence,
        action: CustodyAction,
        principal: Principal,
        purpose: str | None,
        detail: dict[str, Any],
    ) -> CustodyEvent:
        actor_id, actor_role = timeline.actor_of(principal)
        return await self.evidence.add_custody(
            CustodyEvent(
                evidence_id=evidence.id,
                action=action,
                actor_id=actor_id,
                actor_role=actor_role,
                purpose=purpose,
                detail=detail,
            )
        )

    async def _discard(self, stored: list[_Stored]) -> None:
        """Remove what a failed request stored (no retention is set on it yet)."""
        with anyio.CancelScope(shield=True):
            for entry in stored:
                await self._remove_quietly(
                    self.settings.evidence_bucket, entry.item.key, entry.item.stored.version_id
                )
                for key in (entry.derivative_key, entry.thumbnail_key):
                    if key is not None:
                        await self._remove_quietly(self.settings.derivatives_bucket, key)

    async def _remove_quietly(self, bucket: str, key: str, version_id: str | None = None) -> None:
        try:
            await self.store.call(self.store.client.remove_object, bucket, key, version_id)
        except STORE_ERRORS as exc:
            log.error(
                "evidence_object_orphaned",
                bucket=bucket,
                key=key,
                version_id=version_id,
                error=type(exc).__name__,
            )

    # --- reading, downloads, export ---

    async def list_visible(
        self, report: Report, principal: Principal, params: PageParams
    ) -> Slice[EvidenceRead]:
        """Reporters see the evidence they uploaded; staff see all of it, with its custody."""
        rows = await self.evidence.list_for_report(
            report.id, params, uploaded_by=None if principal.is_staff else principal.subject
        )
        items = await self._read_models(rows.items, principal)
        return Slice(items=items, next_cursor=rows.next_cursor)

    async def read(
        self, report: Report, principal: Principal, evidence_id: uuid.UUID, purpose: str | None
    ) -> EvidenceRead:
        """One evidence's metadata; staff opening it is recorded (``viewed``)."""
        evidence = await self._visible(report, principal, evidence_id)
        if principal.is_staff:
            await self._custody(
                evidence, CustodyAction.VIEWED, principal, _staff_purpose(purpose), {}
            )
        [read] = await self._read_models([evidence], principal)
        return read

    async def download(
        self, report: Report, principal: Principal, evidence_id: uuid.UUID, data: DownloadRequest
    ) -> DownloadRead:
        """A short-lived URL of the original (staff) or of a shareable copy or thumbnail
        (staff, and reporters for their own uploads); every download is in the custody log."""
        evidence = await self._visible(report, principal, evidence_id)
        if principal.is_staff:
            purpose = _staff_purpose(data.purpose)
        elif data.variant == Variant.ORIGINAL:
            raise ReporterDownloadForbidden(
                "reporters may download the shareable copy or the thumbnail of their uploads"
            )
        else:
            purpose = data.purpose or "reporter's own copy"
        bucket, key, version_id, content_type = self._variant(evidence, data.variant)
        expires_at = self._url_expiry()
        url = self._presigned_get(bucket, key, version_id, evidence, data.variant, content_type)
        await self._custody(
            evidence,
            CustodyAction.DOWNLOADED,
            principal,
            purpose,
            {"variant": data.variant.value, "url_expires_at": expires_at.isoformat()},
        )
        return DownloadRead(
            variant=data.variant, url=url, expires_at=expires_at, content_type=content_type
        )

    async def export(
        self, report: Report, principal: Principal, evidence_id: uuid.UUID, purpose: str
    ) -> ExportRead:
        """Re-read the original and recompute its hash: a match is exported (URL and custody
        log), a mismatch raises the integrity alarm and fails, never passes silently."""
        evidence = await self._visible(report, principal, evidence_id)
        digest, size = await self._rehash(evidence)
        if digest != evidence.sha256 or size != evidence.size_bytes:
            evidence.integrity_alarm = True
            await self.session.flush()
            await self._custody(
                evidence,
                CustodyAction.INTEGRITY_FAILED,
                principal,
                purpose,
                {
                    "expected_sha256": evidence.sha256,
                    "actual_sha256": digest,
                    "expected_size_bytes": evidence.size_bytes,
                    "actual_size_bytes": size,
                },
            )
            INTEGRITY_FAILURES.inc()
            log.error(
                "evidence_integrity_failed",
                evidence_id=str(evidence.id),
                report_id=str(report.id),
                expected_sha256=evidence.sha256,
                actual_sha256=digest,
                actual_size_bytes=size,
            )
            raise EvidenceIntegrityFailed(
                "the stored original does not match the hash recorded when it was uploaded",
                {"evidence_id": str(evidence.id), "expected_sha256": evidence.sha256},
            )
        expires_at = self._url_expiry()
        url = self._presigned_get(
            self.settings.evidence_bucket,
            evidence.original_key,
            evidence.original_version_id,
            evidence,
            Variant.ORIGINAL,
            evidence.content_type,
        )
        event = await self._custody(
            evidence,
            CustodyAction.EXPORTED,
            principal,
            purpose,
            {"sha256": digest, "size_bytes": size, "url_expires_at": expires_at.isoformat()},
        )
        [read] = await self._read_models([evidence], principal)
        return ExportRead(
            evidence=read,
            sha256=evidence.sha256,
            size_bytes=evidence.size_bytes,
            verified_at=event.at,
            url=url,
            url_expires_at=expires_at,
            custody=[CustodyEventRead.model_validate(e) for e in await self.custody(evidence)],
        )

    async def custody_of(
        self, report: Report, principal: Principal, evidence_id: uuid.UUID
    ) -> list[CustodyEvent]:
        return await self.custody(await self._visible(report, principal, evidence_id))

    async def custody(self, evidence: Evidence) -> list[CustodyEvent]:
        return await self.evidence.custody(evidence.id)

    async def _visible(
        self, report: Report, principal: Principal, evidence_id: uuid.UUID
    ) -> Evidence:
        evidence = await self.evidence.of_report(report.id, evidence_id)
        if evidence is None or not (
            principal.is_staff or evidence.uploaded_by == principal.subject
        ):
            raise EvidenceNotFound()
        return evidence

    async def _read_models(self, rows: list[Evidence], principal: Principal) -> list[EvidenceRead]:
        summaries: dict[uuid.UUID, CustodySummary] = {}
        if principal.is_staff:
            summaries = await self.evidence.custody_summaries([e.id for e in rows])
        reads = []
        for evidence in rows:
            read = EvidenceRead.model_validate(evidence)
            if principal.is_staff:
                summary = summaries.get(evidence.id, CustodySummary(events=0, last_at=None))
                read.custody = CustodySummaryRead(
                    uploader_role=evidence.uploader_role,
                    original_version_id=evidence.original_version_id,
                    retain_until=evidence.retain_until,
                    integrity_alarm=evidence.integrity_alarm,
                    custody_events=summary.events,
                    last_custody_at=summary.last_at,
                )
            reads.append(read)
        return reads

    def _variant(self, evidence: Evidence, variant: Variant) -> tuple[str, str, str | None, str]:
        if variant == Variant.ORIGINAL:
            return (
                self.settings.evidence_bucket,
                evidence.original_key,
                evidence.original_version_id,
                evidence.content_type,
            )
        key = evidence.derivative_key if variant == Variant.SHAREABLE else evidence.thumbnail_key
        if key is None:
            raise VariantNotAvailable(
                f"no {variant.value} copy exists for this evidence",
                {"derivative_status": evidence.derivative_status},
            )
        return self.settings.derivatives_bucket, key, None, "image/jpeg"

    async def _rehash(self, evidence: Evidence) -> tuple[str | None, int | None]:
        """SHA-256 and size of the stored original version; (None, None) if it is gone."""

        def digest() -> tuple[str | None, int | None]:
            try:
                response = self.store.client.get_object(
                    self.settings.evidence_bucket,
                    evidence.original_key,
                    version_id=evidence.original_version_id,
                )
            except S3Error as exc:
                if exc.code in ("NoSuchKey", "NoSuchVersion"):
                    return None, None
                raise
            try:
                sha, size = hashlib.sha256(), 0
                for chunk in response.stream(BLOCK_BYTES):
                    sha.update(chunk)
                    size += len(chunk)
                return sha.hexdigest(), size
            finally:
                response.close()
                response.release_conn()

        try:
            return await anyio.to_thread.run_sync(digest)
        except STORE_ERRORS as exc:
            raise store_unavailable(exc) from exc

    # --- presigned URLs ---

    def _url_expiry(self) -> datetime:
        return datetime.now(UTC) + timedelta(seconds=self.settings.download_url_seconds)

    def _presigned_get(
        self,
        bucket: str,
        key: str,
        version_id: str | None,
        evidence: Evidence,
        variant: Variant,
        content_type: str,
    ) -> str:
        extension = "jpg" if variant != Variant.ORIGINAL else EXTENSIONS[content_type]
        # Served as an attachment, never rendered inline from the store's origin.
        filename = f"{evidence.id}-{variant.value}.{extension}"
        url: str = self._presigner().presigned_get_object(
            bucket,
            key,
            expires=timedelta(seconds=self.settings.download_url_seconds),
            response_headers={
                "response-content-disposition": f'attachment; filename="{filename}"',
                "response-content-type": content_type,
            },
            version_id=version_id,
        )
        return url

    def _presigner(self) -> Minio:
        """A client for signing URLs the caller can reach (signing happens locally)."""
        s = self.settings
        if s.s3_public_endpoint is None:
            client: Minio = self.store.client
            return client
        return Minio(
            s.s3_public_endpoint,
            access_key=s.s3_access_key,
            secret_key=s.s3_secret_key.get_secret_value(),
            secure=s.s3_secure,
            region=s.s3_region,
        )

    def _public_base_url(self) -> str:
        s = self.settings
        scheme = "https" if s.s3_secure else "http"
        return f"{scheme}://{s.s3_public_endpoint or s.s3_endpoint}"


def _uploader_id(principal: Principal) -> uuid.UUID | None:
    """Whose daily limit an upload counts against: the reporter's (account or anonymous);
    staff uploads are not limited per person and record no uploader."""
    return None if principal.is_staff else principal.subject


def _staff_purpose(purpose: str | None) -> str:
    if not purpose:
        raise PurposeRequired()
    return purpose
