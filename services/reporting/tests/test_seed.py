"""The reference deployment's reporting seed: areas, sample reports worked by the team."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

import peelian.reference as reference
from peelian.db.engine import Database
from peelian.testing.people import People
from peelian.testing.plugin import CreateDatabase, app_client
from reporting.evidence.models import Evidence
from reporting.main import create_app
from reporting.reports.models import Report, ReportLink
from reporting.seed import LINKED, PHOTOS, SAMPLES, seed
from reporting_helpers import ALEMBIC_INI, ReportingSettingsFactory

pytestmark = pytest.mark.integration


async def test_seed_is_idempotent_and_students_see_their_reports(
    create_database: CreateDatabase, reporting_settings: ReportingSettingsFactory, people: People
) -> None:
    url = await create_database("reporting_seed", ALEMBIC_INI)
    settings = reporting_settings(database_url=url, environment="development")

    assert await seed(settings, samples=True) == len(SAMPLES)
    assert await seed(settings, samples=True) == 0

    database = Database.from_url(url)
    try:
        async with database.sessionmaker() as session:
            reports = await session.scalar(select(func.count()).select_from(Report))
            links = await session.scalar(select(func.count()).select_from(ReportLink))
            statuses = set((await session.scalars(select(Report.status))).all())
            photos = (
                await session.execute(select(Evidence.media_kind, Evidence.derivative_status))
            ).all()
            anonymous = await session.scalar(
                select(func.count()).select_from(Report).where(Report.reporter_anonymous)
            )
    finally:
        await database.dispose()
    assert reports == len(SAMPLES)
    assert [tuple(p) for p in photos] == [("photo", "ready")] * len(PHOTOS)
    assert links == len(LINKED)
    assert {"received", "triaged", "in_progress", "referred", "resolved", "closed"} <= statuses
    assert anonymous == sum(1 for s in SAMPLES if s.student is None)

    student = reference.account_id(reference.sample_student_email(1))
    async with app_client(create_app(settings)) as client:
        mine = await client.get("/reports/mine", headers=people.citizen(student))
        on_campus = await client.get(
            "/reports", params={"area": "campus", "limit": 100}, headers=people.officer()
        )
    assert mine.status_code == 200
    assert len(mine.json()["items"]) == sum(1 for s in SAMPLES if s.student == 1)
    assert len(on_campus.json()["items"]) >= 5
