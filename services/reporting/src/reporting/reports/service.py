"""Domain logic of reports: submission, the reporter's follow-up and the officers' workflow."""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime
from typing import Any

import orjson
import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from peelian.areas import AreaRepository
from peelian.auth.principal import Principal
from peelian.events.contracts.reporting import (
    ReportClosedV1,
    ReportLinkedV1,
    ReportStatusChangedV1,
    ReportSubmittedV1,
    ReportTriagedV1,
    ReportUpdatedV1,
)
from peelian.pagination import PageParams, Slice
from reporting.categories.models import Category
from reporting.categories.repository import CategoryRepository
from reporting.config import ReportingSettings
from reporting.events import emit
from reporting.evidence.repository import EvidenceRepository
from reporting.reports import workflow
from reporting.reports.exceptions import (
    IdempotencyKeyReused,
    InvalidReport,
    InvalidTransition,
    ReportEnded,
    ReportNotFound,
    UnknownCategory,
)
from reporting.reports.models import (
    Anonymity,
    EntryKind,
    Report,
    ReportStatus,
    TimelineEntry,
    Visibility,
)
from reporting.reports.repository import (
    IdempotencyRepository,
    LinkRepository,
    ReportRepository,
    StatsGroup,
    TimelineRepository,
)
from reporting.reports.schemas import (
    Count,
    DayCount,
    DuplicateSuggestion,
    LinkCreate,
    LinkRead,
    ReportCreate,
    ReportPoint,
    ReportPoints,
    ReportPointsQuery,
    ReportRead,
    ReportSearch,
    ReportStats,
    ReportStatsQuery,
    StatusChange,
    Triage,
)
from reporting.reports.timeline import record

log = structlog.get_logger(__name__)


def _fingerprint(data: ReportCreate) -> bytes:
    """SHA-256 of the report as submitted, to tell a retry from a different report."""
    return hashlib.sha256(
        orjson.dumps(data.fingerprint_data(), option=orjson.OPT_SORT_KEYS)
    ).digest()


class ReportService:
    def __init__(self, session: AsyncSession, settings: ReportingSettings) -> None:
        self.session = session
        self.settings = settings
        self.reports = ReportRepository(session)
        self.timeline = TimelineRepository(session)
        self.links = LinkRepository(session)
        self.idempotency = IdempotencyRepository(session)

    # --- submission ---

    async def submit(
        self,
        principal: Principal,
        data: ReportCreate,
        idempotency_key: str | None,
        *,
        report_id: uuid.UUID | None = None,
    ) -> tuple[dict[str, Any], bool]:
        """Make the report; returns its rendering and whether it is a replay of a first answer
        to the same Idempotency-Key."""
        if idempotency_key is None:
            return await self._create(principal, data, report_id), False
        fingerprint = _fingerprint(data)
        claimed = await self.idempotency.claim(
            principal.subject, idempotency_key, fingerprint, self.settings.idempotency_ttl_hours
        )
        if not claimed:
            first = await self.previous_answer(principal, idempotency_key, data)
            assert first is not None  # the claim conflicted with this very row
            return first, True
        body = await self._create(principal, data, report_id)
        await self.idempotency.complete(principal.subject, idempotency_key, 201, body)
        return body, False

    async def previous_answer(
        self, principal: Principal, idempotency_key: str, data: ReportCreate
    ) -> dict[str, Any] | None:
        """The first answer to this key, if there was one; a different report under the same
        key is refused."""
        first = await self.idempotency.get(principal.subject, idempotency_key)
        if first is None:
            return None
        if first.fingerprint != _fingerprint(data):
            raise IdempotencyKeyReused(
                "this Idempotency-Key was used for a different report: use a new key for "
                "a new report, and the same key only to retry the same request"
            )
        return first.response

    async def validate(self, principal: Principal, data: ReportCreate) -> None:
        """Refuse what would be refused on submission, before anything else is done."""
        self._anonymity(principal, data.anonymity)
        await self._category(data.category)

    async def _category(self, slug: str) -> Category:
        categories = CategoryRepository(self.session)
        category = await categories.get(slug)
        if category is None or not category.active:
            raise UnknownCategory(
                f"unknown category {slug!r}", detail={"categories": await categories.active_slugs()}
            )
        return category

    async def _create(
        self, principal: Principal, data: ReportCreate, report_id: uuid.UUID | None
    ) -> dict[str, Any]:
        anonymity = self._anonymity(principal, data.anonymity)
        category = await self._category(data.category)
        areas: list[str] = []
        if data.latitude is not None and data.longitude is not None:
            areas = await AreaRepository(self.session).containing(data.latitude, data.longitude)
        assert data.occurred_from is not None
        assert data.occurred_to is not None
        now = datetime.now(UTC)
        number = await self.reports.next_reference_number()
        report = await self.reports.add(
            Report(
                id=report_id or uuid.uuid4(),
                reference=f"{self.settings.reference_prefix}-{now.year}-{number:06d}",
                kind=data.kind,
                category=category.slug,
                description=data.description,
                urgent=data.urgent,
                occurred_from=data.occurred_from,
                occurred_to=data.occurred_to,
                latitude=data.latitude,
                longitude=data.longitude,
                location_text=data.location_text,
                areas=areas,
                people=[p.model_dump(mode="json", exclude_none=True) for p in data.people],
                vehicles=[v.model_dump(mode="json", exclude_none=True) for v in data.vehicles],
                language=data.language,
                anonymity=anonymity,
                reporter_id=principal.subject,
                reporter_anonymous=principal.anonymous,
                contact_consent=data.contact_consent,
                share_consent=data.share_consent,
                status=ReportStatus.RECEIVED,
                tags=[],
            )
        )
        await self.session.refresh(report)
        await record(
            self.session,
            report.id,
            EntryKind.SUBMITTED,
            actor=principal,
            visibility=Visibility.PUBLIC,
            body=f"Report {report.reference} received",
        )
        await emit(
            self.session,
            ReportSubmittedV1(
                report_id=report.id,
                reference=report.reference,
                kind=report.kind,
                category=report.category,
                urgent=report.urgent,
                description=report.description,
                occurred_from=report.occurred_from,
                occurred_to=report.occurred_to,
                latitude=report.latitude,
                longitude=report.longitude,
                location_text=report.location_text,
                areas=report.areas,
                people=report.people,
                vehicles=report.vehicles,
                language=report.language,
                anonymity=report.anonymity,
                reporter_id=principal.subject,
                reporter_anonymous=principal.anonymous,
                contact_consent=report.contact_consent,
                share_consent=report.share_consent,
                submitted_at=report.created_at,
            ),
            report.id,
        )
        log.info("report_submitted", report_id=str(report.id), category=report.category)
        return ReportRead.model_validate(report).model_dump(mode="json")

    @staticmethod
    def _anonymity(principal: Principal, asked: Anonymity | None) -> Anonymity:
        if principal.anonymous:
            if asked not in (None, Anonymity.ANONYMOUS):
                raise InvalidReport(
                    "a reporter key carries no identity, so its reports are anonymous: "
                    "sign in with an account to report confidentially or identified"
                )
            return Anonymity.ANONYMOUS
        if asked is Anonymity.ANONYMOUS:
            raise InvalidReport(
                "reports from a signed-in account are known to the police: to report "
                "anonymously, get a reporter key at POST /auth/anonymous and submit with its "
                "token (or choose confidential: known to the police only)"
            )
        return asked or Anonymity.CONFIDENTIAL

    # --- reading ---

    async def mine(self, principal: Principal, params: PageParams) -> Slice[Report]:
        return await self.reports.mine(principal.subject, params)

    async def search(self, filters: ReportSearch, params: PageParams) -> Slice[Report]:
        return await self.reports.search(filters, params)

    async def stats(self, q: ReportStatsQuery) -> ReportStats:
        rows = await self.reports.stats(q)

        # Largest first, and per day by name; "outside every area" (None) last either way.
        def counts(grouping: StatsGroup, key: str) -> list[Count]:
            found = [r for r in rows if r.grouping == grouping]
            return sorted(
                (Count(key=getattr(r, key), count=r.count) for r in found),
                key=lambda c: (-c.count, c.key is None, c.key or ""),
            )

        def per_day(grouping: StatsGroup, key: str) -> list[DayCount]:
            found = [r for r in rows if r.grouping == grouping]
            return sorted(
                (DayCount(day=r.day, key=getattr(r, key), count=r.count) for r in found),
                key=lambda c: (c.day, c.key is None, c.key or ""),
            )

        statuses = counts(StatsGroup.STATUS, "status")
        assert q.until is not None  # the query's validator fills it in
        return ReportStats(
            since=q.since,
            until=q.until,
            tz=q.tz,
            total=sum(c.count for c in statuses),
            by_status=statuses,
            by_category=counts(StatsGroup.CATEGORY, "category"),
            by_area=counts(StatsGroup.AREA, "area"),
            by_day_and_category=per_day(StatsGroup.DAY_AND_CATEGORY, "category"),
            by_day_and_area=per_day(StatsGroup.DAY_AND_AREA, "area"),
        )

    async def points(self, q: ReportPointsQuery) -> ReportPoints:
        rows, truncated = await self.reports.points(q)
        return ReportPoints(
            items=[ReportPoint.model_validate(r, from_attributes=True) for r in rows],
            truncated=truncated,
        )

    async def timeline_of(self, report: Report, *, staff: bool) -> list[TimelineEntry]:
        return await self.timeline.entries(report.id, public_only=not staff)

    # --- the reporter's follow-up ---

    async def add_information(
        self, principal: Principal, report: Report, text: str
    ) -> TimelineEntry:
        self._require_open(report)
        return await self._public_entry(principal, report, EntryKind.INFORMATION_ADDED, text)

    async def withdraw(self, principal: Principal, report: Report, reason: str) -> Report:
        current = ReportStatus(report.status)
        if not workflow.can_withdraw(current):
            raise InvalidTransition(
                f"a report that is {current.value} cannot be withdrawn",
                detail={"status": current.value},
            )
        await self._move(principal, report, ReportStatus.WITHDRAWN, reason, Visibility.PUBLIC)
        return report

    # --- the officers' workflow ---

    async def triage(self, principal: Principal, report: Report, data: Triage) -> Report:
        self._require_open(report)
        changes = data.model_dump(exclude_unset=True)
        if not changes:
            raise InvalidReport(
                "give at least one of priority, assigned_officer_id, assigned_team, tags"
            )
        for field, value in changes.items():
            setattr(report, field, value)
        await record(
            self.session,
            report.id,
            EntryKind.TRIAGED,
            actor=principal,
            data=data.model_dump(mode="json", exclude_unset=True),
        )
        # Triage of a new report is the first step of its workflow.
        if report.status == ReportStatus.RECEIVED:
            await self._move(principal, report, ReportStatus.TRIAGED, "triaged", Visibility.PUBLIC)
        else:
            await self._touch(report)
        await emit(
            self.session,
            ReportTriagedV1(
                report_id=report.id,
                priority=report.priority,
                assigned_officer_id=report.assigned_officer_id,
                assigned_team=report.assigned_team,
                tags=list(report.tags),
                triaged_by=principal.subject,
            ),
            report.id,
        )
        return report

    async def change_status(
        self, principal: Principal, report: Report, change: StatusChange
    ) -> Report:
        current = ReportStatus(report.status)
        allowed = workflow.staff_moves(current)
        if change.status not in allowed:
            raise InvalidTransition(
                f"a report cannot move from {current.value} to {change.status.value}",
                detail={
                    "from": current.value,
                    "to": change.status.value,
                    "allowed": sorted(s.value for s in allowed),
                },
            )
        await self._move(principal, report, change.status, change.reason, Visibility.PUBLIC)
        if change.public_message:
            await self.publish_update(principal, report, change.public_message)
        return report

    async def add_note(self, principal: Principal, report: Report, text: str) -> TimelineEntry:
        entry = await record(
            self.session, report.id, EntryKind.INTERNAL_NOTE, actor=principal, body=text
        )
        await self._touch(report)
        return entry

    async def publish_update(
        self, principal: Principal, report: Report, text: str
    ) -> TimelineEntry:
        return await self._public_entry(principal, report, EntryKind.PUBLIC_UPDATE, text)

    async def _public_entry(
        self, principal: Principal, report: Report, kind: EntryKind, text: str
    ) -> TimelineEntry:
        """Something the reporter and the force both read: the reporter's own information,
        or the force's update (whose text messaging passes on to the reporter)."""
        entry = await record(
            self.session, report.id, kind, actor=principal, visibility=Visibility.PUBLIC, body=text
        )
        await self._touch(report)
        public_update = kind is EntryKind.PUBLIC_UPDATE
        await emit(
            self.session,
            ReportUpdatedV1(
                report_id=report.id,
                update="public_update" if public_update else "information_added",
                public_text=text if public_update else None,
                reporter_id=report.reporter_id,
                contact_consent=report.contact_consent,
            ),
            report.id,
        )
        return entry

    async def link(self, principal: Principal, report: Report, data: LinkCreate) -> LinkRead:
        if data.related_report_id == report.id:
            raise InvalidReport("a report cannot be linked to itself")
        related = await self.reports.get(data.related_report_id)
        if related is None:
            raise ReportNotFound()
        if await self.links.add(report.id, related.id, data.reason, principal.subject):
            for this, other in ((report, related), (related, report)):
                await record(
                    self.session,
                    this.id,
                    EntryKind.LINKED,
                    actor=principal,
                    body=data.reason,
                    data={"related_report_id": str(other.id), "reference": other.reference},
                )
            await emit(
                self.session,
                ReportLinkedV1(
                    report_id=report.id,
                    related_report_id=related.id,
                    reason=data.reason,
                    linked_by=principal.subject,
                ),
                report.id,
            )
        links = await self.links_of(report)
        return next(link for link in links if link.related_report_id == related.id)

    async def links_of(self, report: Report) -> list[LinkRead]:
        return [
            LinkRead(
                related_report_id=other.id,
                related_reference=other.reference,
                reason=link.reason,
                linked_by=link.linked_by,
                created_at=link.created_at,
            )
            for link, other in await self.links.of(report.id)
        ]

    async def duplicates(self, report: Report) -> list[DuplicateSuggestion]:
        return [
            DuplicateSuggestion(
                report_id=row["id"],
                reference=row["reference"],
                category=row["category"],
                status=row["status"],
                occurred_from=row["occurred_from"],
                description=row["description"],
                score=round(float(row["score"]), 3),
                text_similarity=round(float(row["similarity"]), 3),
                distance_m=None if row["distance_m"] is None else round(row["distance_m"], 1),
                hours_apart=round(float(row["hours_apart"]), 1),
                linked=bool(row["linked"]),
            )
            for row in await self.reports.duplicates(report)
        ]

    # --- reactions to other services' events ---

    async def record_referral_outcome(
        self,
        report_id: uuid.UUID,
        *,
        referral_id: uuid.UUID,
        partner_id: uuid.UUID,
        partner_name: str,
        outcome: str,
        public_summary: str,
    ) -> None:
        report = await self.reports.get(report_id, for_update=True)
        if report is None:
            log.warning("referral_outcome_for_unknown_report", report_id=str(report_id))
            return
        await record(
            self.session,
            report.id,
            EntryKind.REFERRAL_OUTCOME,
            actor=None,
            visibility=Visibility.PUBLIC,
            body=public_summary,
            data={
                "referral_id": str(referral_id),
                "partner_id": str(partner_id),
                "partner_name": partner_name,
                "outcome": outcome,
            },
        )
        await self._touch(report)

    async def erase_reporter(self, account_id: uuid.UUID) -> int:
        """The account was erased: its reports and uploads lose the link to the person, and
        contact consent goes; the reports and their evidence stay (the force must keep them,
        each original under its retention)."""
        report_ids = await self.reports.set_reporter_erased(account_id)
        await EvidenceRepository(self.session).forget_uploader(account_id)
        for report_id in report_ids:
            await record(
                self.session,
                report_id,
                EntryKind.REPORTER_ERASED,
                actor=None,
                body="the reporter erased their account; their identity was removed",
            )
        return len(report_ids)

    # --- helpers ---

    async def _move(
        self,
        principal: Principal,
        report: Report,
        to: ReportStatus,
        reason: str,
        visibility: Visibility,
    ) -> None:
        from_status = report.status
        report.status = to
        if to in workflow.ENDED:
            report.closed_at = datetime.now(UTC)
        elif report.closed_at is not None:
            report.closed_at = None  # reopened
        kind = EntryKind.WITHDRAWN if to is ReportStatus.WITHDRAWN else EntryKind.STATUS_CHANGED
        # The reporter sees the move, not the officer's reason (which may be sensitive).
        await record(
            self.session,
            report.id,
            kind,
            actor=principal,
            visibility=visibility,
            body=f"Status changed to {to.value.replace('_', ' ')}",
            data={"from": from_status, "to": to.value, "reason": reason},
        )
        await self._touch(report)
        await emit(
            self.session,
            ReportStatusChangedV1(
                report_id=report.id,
                from_status=from_status,
                to_status=to.value,
                reason=reason,
                changed_by=principal.subject if principal.is_staff else None,
            ),
            report.id,
        )
        if to in workflow.ENDED:
            await emit(
                self.session,
                ReportClosedV1(report_id=report.id, final_status=to.value, reason=reason),
                report.id,
            )

    @staticmethod
    def _require_open(report: Report) -> None:
        if report.status in workflow.ENDED:
            raise ReportEnded(
                f"report {report.reference} is {report.status}: nothing more can be added",
                detail={"status": report.status},
            )

    async def _touch(self, report: Report) -> None:
        report.updated_at = datetime.now(UTC)
        await self.session.flush()
