"""Submitting a report with its evidence in one request, all or nothing.

The body is multipart/form-data: first a part named ``report`` holding the report as JSON,
then any number of parts named ``file``. The report is checked first; the files are streamed
into the store; only then are the report and the evidence recorded, in one short transaction.
If anything fails (a refused file, the store down, a cut-off body) there is no report row and
no stored object: the client may simply send the same request again.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from peelian.auth.principal import Principal
from peelian.db.engine import Database
from peelian.pagination import PageParams
from peelian.storage import ObjectStore
from reporting.config import ReportingSettings
from reporting.evidence.exceptions import InvalidUpload
from reporting.evidence.ingest import Part, PartData, PartEnd, PartStart
from reporting.evidence.schemas import EvidenceRead
from reporting.evidence.service import EvidenceService
from reporting.reports.exceptions import SubmissionInProgress
from reporting.reports.models import Report
from reporting.reports.schemas import ReportCreate, ReportSubmission
from reporting.reports.service import ReportService

REPORT_FIELD = "report"
MAX_REPORT_PART_BYTES = 64 * 1024


class SubmissionService:
    def __init__(
        self,
        session: AsyncSession,
        settings: ReportingSettings,
        store: ObjectStore,
        database: Database,
    ) -> None:
        self.settings = settings
        self.store = store
        self.database = database
        self.reports = ReportService(session, settings)
        self.evidence = EvidenceService(session, store, settings)

    async def submit(
        self, principal: Principal, parts: AsyncIterator[Part], idempotency_key: str | None
    ) -> tuple[ReportSubmission, bool]:
        """The report and its stored evidence; and whether it is a replay of a first answer."""
        data = await _report_part(parts)
        # The checks run in a short session of their own: while the files stream in, the
        # request's session holds no connection and no transaction.
        async with self.database.sessionmaker() as checks:
            reports = ReportService(checks, self.settings)
            evidence = EvidenceService(checks, self.store, self.settings)
            if idempotency_key is not None:
                first = await reports.previous_answer(principal, idempotency_key, data)
                if first is not None:
                    return await _replay(reports, evidence, principal, first), True
            await reports.validate(principal, data)
            allowance = await evidence.new_report_allowance(principal)
        report_id = uuid.uuid4()
        created: dict[str, Any] = {}

        async def new_report() -> Report:
            body, replayed = await self.reports.submit(
                principal, data, idempotency_key, report_id=report_id
            )
            if replayed:
                # A copy of this request finished while its files streamed in: keep the first.
                raise SubmissionInProgress(
                    "another request with this Idempotency-Key made the report meanwhile: "
                    "send this request again to get its answer"
                )
            created.update(body)
            report = await self.reports.reports.get(report_id)
            assert report is not None
            return report

        stored = await self.evidence.upload(
            report_id, principal, allowance, parts, new_report=new_report
        )
        return ReportSubmission(
            **created, evidence=[EvidenceRead.model_validate(e) for e in stored]
        ), False


async def _replay(
    reports: ReportService, evidence: EvidenceService, principal: Principal, first: dict[str, Any]
) -> ReportSubmission:
    report = await reports.reports.get(uuid.UUID(first["id"]))
    assert report is not None
    stored = await evidence.list_visible(report, principal, PageParams(limit=100, cursor=None))
    return ReportSubmission(**first, evidence=stored.items)


async def _report_part(parts: AsyncIterator[Part]) -> ReportCreate:
    """The leading ``report`` part, parsed and validated like a JSON submission."""
    first = await anext(parts, None)
    if not isinstance(first, PartStart) or first.name != REPORT_FIELD:
        raise InvalidUpload(
            f"the first part must be named '{REPORT_FIELD}' and hold the report as JSON; "
            "files follow as parts named 'file'"
        )
    raw = bytearray()
    async for part in parts:
        if isinstance(part, PartEnd):
            break
        assert isinstance(part, PartData)
        raw += part.data
        if len(raw) > MAX_REPORT_PART_BYTES:
            raise InvalidUpload(f"the report part may be at most {MAX_REPORT_PART_BYTES} bytes")
    try:
        return ReportCreate.model_validate_json(bytes(raw))
    except ValidationError as exc:
        # Rendered like any payload error (422), located in the report part.
        raise RequestValidationError(
            [{**e, "loc": ("body", REPORT_FIELD, *e["loc"])} for e in exc.errors()]
        ) from exc
