"""All SQL of the builder."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import func, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession

from peelian.db.repository import BaseRepository
from peelian.pagination import PageParams, Slice
from surveys.builder.models import Status, Survey, SurveyVersion


class SurveyRepository(BaseRepository[Survey]):
    model = Survey

    async def get(self, id_: uuid.UUID, *, for_update: bool = False) -> Survey | None:
        return await self.session.get(Survey, id_, with_for_update=for_update)

    async def by_slug(self, slug: str) -> Survey | None:
        return await self.session.scalar(select(Survey).where(Survey.slug == slug))

    async def page(self, params: PageParams, status: Status | None) -> Slice[Survey]:
        stmt = self.select()
        if status is not None:
            stmt = stmt.where(Survey.status == status)
        return await self.paginate(stmt, params)

    async def due_for_closing(self, now: datetime) -> list[Survey]:
        """Open surveys past their closing time, locked; ones another worker holds are
        skipped (it is closing them)."""
        stmt = (
            select(Survey)
            .where(Survey.status == Status.PUBLISHED, Survey.closes_at <= now)
            .with_for_update(skip_locked=True)
        )
        return list((await self.session.scalars(stmt)).all())

    async def drop_account(self, account_id: uuid.UUID) -> None:
        """Take an account out of every survey's list of people asked."""
        await self.session.execute(
            update(Survey)
            .where(Survey.account_ids.contains([account_id]))
            .values(account_ids=func.array_remove(Survey.account_ids, account_id))
        )


class VersionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, version: SurveyVersion) -> SurveyVersion:
        self.session.add(version)
        await self.session.flush()
        return version

    async def get(self, survey_id: uuid.UUID, number: int) -> SurveyVersion | None:
        return await self.session.get(SurveyVersion, (survey_id, number))

    async def latest(self, survey_id: uuid.UUID) -> SurveyVersion | None:
        stmt = (
            select(SurveyVersion)
            .where(SurveyVersion.survey_id == survey_id)
            .order_by(SurveyVersion.number.desc())
            .limit(1)
        )
        return await self.session.scalar(stmt)

    async def titles(self, versions: list[tuple[uuid.UUID, int]]) -> dict[uuid.UUID, str]:
        """Each (survey, version number)'s title in its default language, by survey."""
        if not versions:
            return {}
        content = SurveyVersion.content
        stmt = select(
            SurveyVersion.survey_id, content["title"], content["default_language"].astext
        ).where(tuple_(SurveyVersion.survey_id, SurveyVersion.number).in_(versions))
        rows = (await self.session.execute(stmt)).all()
        return {survey_id: title[language] for survey_id, title, language in rows}

    async def published(self, survey_id: uuid.UUID) -> list[SurveyVersion]:
        """The survey's published versions, newest first."""
        stmt = (
            select(SurveyVersion)
            .where(SurveyVersion.survey_id == survey_id, SurveyVersion.published_at.is_not(None))
            .order_by(SurveyVersion.number.desc())
        )
        return list((await self.session.scalars(stmt)).all())
