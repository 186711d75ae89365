"""Domain logic of categories: admins add and retire them; everyone may list them."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from reporting.categories.exceptions import CategoryExists, CategoryNotFound
from reporting.categories.models import Category
from reporting.categories.repository import CategoryRepository
from reporting.categories.schemas import CategoryCreate, CategoryUpdate


class CategoryService:
    def __init__(self, session: AsyncSession) -> None:
        self.categories = CategoryRepository(session)

    async def list(self, *, include_inactive: bool) -> list[Category]:
        return await self.categories.all(include_inactive=include_inactive)

    async def create(self, data: CategoryCreate) -> Category:
        if await self.categories.get(data.slug) is not None:
            raise CategoryExists(f"category {data.slug!r} exists: change it with PATCH")
        return await self.categories.add(Category(**data.model_dump(), active=True))

    async def update(self, slug: str, data: CategoryUpdate) -> Category:
        category = await self.categories.get(slug)
        if category is None:
            raise CategoryNotFound(f"no category {slug!r}")
        for field, value in data.model_dump(exclude_unset=True, exclude_none=True).items():
            setattr(category, field, value)
        return await self.categories.add(category)
