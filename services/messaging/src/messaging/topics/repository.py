"""All SQL of the topics domain."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from messaging.topics.models import Topic


class TopicRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def all(self) -> list[Topic]:
        return list((await self.session.scalars(select(Topic).order_by(Topic.name))).all())

    async def slugs(self) -> set[str]:
        return set((await self.session.scalars(select(Topic.slug))).all())
