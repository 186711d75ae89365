"""All SQL of the reports domain."""

from __future__ import annotations

import uuid
from enum import IntEnum
from typing import Any, TypeVar

from sqlalchemy import (
    Date,
    Float,
    Row,
    Select,
    String,
    and_,
    column,
    func,
    literal,
    or_,
    select,
    text,
    true,
    tuple_,
    update,
)
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from peelian.db.repository import BaseRepository
from peelian.pagination import PageParams, Slice
from reporting.reports.models import (
    IdempotencyRecord,
    Report,
    ReportLink,
    TimelineEntry,
    Visibility,
)
from reporting.reports.schemas import ReportPointsQuery, ReportSearch, ReportStatsQuery

# Any SELECT over the reports table, and any row, whatever their columns.
_SelectT = TypeVar("_SelectT", bound="Select[*tuple[Any, ...]]")
AnyRow = Row[*tuple[Any, ...]]


class StatsGroup(IntEnum):
    """Which breakdown a row of ``stats()`` is in: its GROUPING(status, category, area, day),
    whose bits 8, 4, 2, 1 are set for the columns the row is NOT grouped on."""

    STATUS = 7
    CATEGORY = 11
    AREA = 13
    DAY_AND_CATEGORY = 10
    DAY_AND_AREA = 12


# Duplicate suggestions look this far apart in time and space.
DUPLICATE_WINDOW_HOURS = 72.0
DUPLICATE_RADIUS_M = 2000.0
DUPLICATE_MIN_SCORE = 0.35


def _earth(latitude: Any, longitude: Any) -> Any:
    return func.ll_to_earth(latitude, longitude)


class ReportRepository(BaseRepository[Report]):
    model = Report

    async def get(self, id_: uuid.UUID, *, for_update: bool = False) -> Report | None:
        return await self.session.get(Report, id_, with_for_update=for_update)

    async def next_reference_number(self) -> int:
        return int(await self.session.scalar(text("SELECT nextval('report_reference_seq')")))

    async def by_ids(self, ids: list[uuid.UUID]) -> dict[uuid.UUID, Report]:
        rows = await self.session.scalars(select(Report).where(Report.id.in_(ids)))
        return {r.id: r for r in rows}

    async def mine(self, reporter_id: uuid.UUID, params: PageParams) -> Slice[Report]:
        return await self.paginate(self.select().where(Report.reporter_id == reporter_id), params)

    async def search(self, filters: ReportSearch, params: PageParams) -> Slice[Report]:
        return await self.paginate(self._filtered(self.select(), filters), params)

    async def stats(self, q: ReportStatsQuery) -> list[AnyRow]:
        """Counts by status, by category, by area, by day and category and by day and area, in
        one pass: a row per group, whose ``grouping`` is its ``StatsGroup``."""
        area = (
            func.unnest(Report.areas)
            .table_valued(column("area", String()))
            .render_derived(name="a")
            .lateral()
        )
        day = func.date(func.timezone(q.tz, Report.occurred_from), type_=Date).label("day")
        grouping = func.grouping(Report.status, Report.category, area.c.area, day)
        stmt = (
            select(
                Report.status,
                Report.category,
                area.c.area,
                day,
                grouping.label("grouping"),
                # A report in two areas is two rows of the join: count it once per group.
                func.count(Report.id.distinct()).label("count"),
            )
            .select_from(Report)
            .outerjoin(area, true())
            .where(Report.occurred_from >= q.since, Report.occurred_from < q.until)
            .group_by(
                func.grouping_sets(
                    tuple_(Report.status),
                    tuple_(Report.category),
                    tuple_(area.c.area),
                    tuple_(day, Report.category),
                    tuple_(day, area.c.area),
                )
            )
        )
        return list(await self.session.execute(self._filtered(stmt, q)))

    async def points(self, q: ReportPointsQuery) -> tuple[list[AnyRow], bool]:
        """The newest ``q.limit`` reports with a position; and whether more matched."""
        stmt = (
            select(
                Report.id,
                Report.reference,
                Report.category,
                Report.status,
                Report.priority,
                Report.urgent,
                Report.latitude,
                Report.longitude,
                Report.occurred_from,
                Report.created_at,
            )
            .where(Report.latitude.is_not(None), Report.longitude.is_not(None))
            .order_by(Report.created_at.desc(), Report.id.desc())
            .limit(q.limit + 1)
        )
        rows = list(await self.session.execute(self._filtered(stmt, q)))
        return rows[: q.limit], len(rows) > q.limit

    def _filtered(self, stmt: _SelectT, f: ReportSearch) -> _SelectT:
        if f.status:
            stmt = stmt.where(Report.status.in_([s.value for s in f.status]))
        if f.category:
            stmt = stmt.where(Report.category.in_(f.category))
        if f.area:
            stmt = stmt.where(Report.areas.contains([f.area]))
        if f.priority:
            stmt = stmt.where(Report.priority.in_([p.value for p in f.priority]))
        if f.urgent is not None:
            stmt = stmt.where(Report.urgent.is_(f.urgent))
        if f.assigned_officer_id:
            stmt = stmt.where(Report.assigned_officer_id == f.assigned_officer_id)
        if f.assigned_team:
            stmt = stmt.where(Report.assigned_team == f.assigned_team)
        if f.tag:
            stmt = stmt.where(Report.tags.contains([f.tag]))
        # Ranges overlap: an incident "between 10pm and 2am" is found by a search for midnight.
        if f.occurred_after:
            stmt = stmt.where(Report.occurred_to >= f.occurred_after)
        if f.occurred_before:
            stmt = stmt.where(Report.occurred_from <= f.occurred_before)
        if f.q:
            stmt = stmt.where(Report.search.op("@@")(func.websearch_to_tsquery("english", f.q)))
        if f.latitude is not None and f.longitude is not None and f.radius_m is not None:
            centre = _earth(f.latitude, f.longitude)
            point = _earth(Report.latitude, Report.longitude)
            # earth_box uses the GiST index; earth_distance trims its corners.
            stmt = stmt.where(
                Report.latitude.is_not(None),
                func.earth_box(centre, f.radius_m).op("@>")(point),
                func.earth_distance(centre, point) <= f.radius_m,
            )
        return stmt

    async def set_reporter_erased(self, reporter_id: uuid.UUID) -> list[uuid.UUID]:
        """Cut every report loose from an erased account; returns the reports' ids."""
        rows = await self.session.scalars(
            update(Report)
            .where(Report.reporter_id == reporter_id)
            .values(reporter_id=None, contact_consent=False)
            .returning(Report.id)
        )
        return list(rows)

    async def duplicates(self, report: Report, limit: int = 10) -> list[dict[str, Any]]:
        """Reports of the same category near in time and place, scored by text similarity
        (trigrams), distance and time apart; linked ones are flagged, not hidden."""
        window = DUPLICATE_WINDOW_HOURS
        gap_seconds = func.greatest(
            0.0,
            func.extract("epoch", Report.occurred_from - report.occurred_to),
            func.extract("epoch", literal(report.occurred_from) - Report.occurred_to),
        )
        hours_apart = (gap_seconds / 3600.0).cast(Float).label("hours_apart")
        similarity = func.similarity(Report.description, report.description).label("similarity")
        distance: Any
        if report.latitude is not None and report.longitude is not None:
            distance = func.earth_distance(
                _earth(Report.latitude, Report.longitude),
                _earth(report.latitude, report.longitude),
            )
        else:
            distance = literal(None, Float)
        distance = distance.label("distance_m")
        # Unknown distance is neither evidence for nor against: it scores half.
        place = func.coalesce(1.0 - func.least(distance / DUPLICATE_RADIUS_M, 1.0), 0.5)
        time_score = 1.0 - func.least(hours_apart / window, 1.0)
        score = (0.5 * similarity + 0.25 * place + 0.25 * time_score).label("score")
        linked = (
            select(literal(True))
            .where(
                or_(
                    and_(ReportLink.report_id == report.id, ReportLink.related_id == Report.id),
                    and_(ReportLink.related_id == report.id, ReportLink.report_id == Report.id),
                )
            )
            .exists()
            .label("linked")
        )
        inner = (
            select(Report, similarity, distance, hours_apart, score, linked)
            .where(
                Report.id != report.id,
                Report.category == report.category,
                gap_seconds <= window * 3600,
            )
            .subquery()
        )
        stmt = (
            select(inner)
            .where(
                inner.c.score >= DUPLICATE_MIN_SCORE,
                or_(inner.c.distance_m.is_(None), inner.c.distance_m <= DUPLICATE_RADIUS_M),
            )
            .order_by(inner.c.score.desc())
            .limit(limit)
        )
        return [dict(row._mapping) for row in await self.session.execute(stmt)]


class TimelineRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def entries(self, report_id: uuid.UUID, *, public_only: bool) -> list[TimelineEntry]:
        stmt = select(TimelineEntry).where(TimelineEntry.report_id == report_id)
        if public_only:
            stmt = stmt.where(TimelineEntry.visibility == Visibility.PUBLIC)
        stmt = stmt.order_by(TimelineEntry.at, TimelineEntry.id)
        return list((await self.session.scalars(stmt)).all())


class LinkRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, a: uuid.UUID, b: uuid.UUID, reason: str, linked_by: uuid.UUID) -> bool:
        """Link two reports; False if they were linked already."""
        low, high = sorted((a, b))
        result = await self.session.execute(
            insert(ReportLink)
            .values(report_id=low, related_id=high, reason=reason, linked_by=linked_by)
            .on_conflict_do_nothing()
            .returning(ReportLink.report_id)
        )
        return result.first() is not None

    async def of(self, report_id: uuid.UUID) -> list[tuple[ReportLink, Report]]:
        other = func.coalesce(func.nullif(ReportLink.report_id, report_id), ReportLink.related_id)
        stmt = (
            select(ReportLink, Report)
            .join(Report, Report.id == other)
            .where(or_(ReportLink.report_id == report_id, ReportLink.related_id == report_id))
            .order_by(ReportLink.created_at)
        )
        return [(link, report) for link, report in await self.session.execute(stmt)]


class IdempotencyRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def claim(
        self, principal_id: uuid.UUID, key: str, fingerprint: bytes, ttl_hours: int
    ) -> bool:
        """Take ``key`` for this request: True if it is new (or its record has expired).

        A concurrent request with the same key waits here on the primary key until the first
        transaction ends, then finds its record: two reports are never made from one key.
        """
        table = IdempotencyRecord.__table__
        stmt = (
            insert(IdempotencyRecord)
            .values(
                principal_id=principal_id,
                key=key,
                fingerprint=fingerprint,
                status_code=0,
                response={},
            )
            .on_conflict_do_update(
                index_elements=[table.c.principal_id, table.c.key],
                set_={
                    "fingerprint": fingerprint,
                    "status_code": 0,
                    "response": {},
                    "created_at": func.now(),
                },
                where=table.c.created_at < func.now() - func.make_interval(0, 0, 0, 0, ttl_hours),
            )
            .returning(table.c.key)
        )
        return (await self.session.execute(stmt)).first() is not None

    async def get(self, principal_id: uuid.UUID, key: str) -> IdempotencyRecord | None:
        return await self.session.get(IdempotencyRecord, (principal_id, key))

    async def complete(
        self, principal_id: uuid.UUID, key: str, status_code: int, response: dict[str, Any]
    ) -> None:
        await self.session.execute(
            update(IdempotencyRecord)
            .where(IdempotencyRecord.principal_id == principal_id, IdempotencyRecord.key == key)
            .values(status_code=status_code, response=response)
        )
