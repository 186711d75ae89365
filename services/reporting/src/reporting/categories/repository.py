"""All SQL of the categories domain."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from reporting.categories.models import Category


class CategoryRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, slug: str) -> Category | None:
        return await self.session.get(Category, slug)

    async def all(self, *, include_inactive: bool) -> list[Category]:
        stmt = select(Category).order_by(Category.name)
        if not include_inactive:
            stmt = stmt.where(Category.active.is_(True))
        return list((await self.session.scalars(stmt)).all())

    async def active_slugs(self) -> list[str]:
        return [c.slug for c in await self.all(include_inactive=False)]

    async def add(self, category: Category) -> Category:
        self.session.add(category)
        await self.session.flush()
        await self.session.refresh(category)
        return category
