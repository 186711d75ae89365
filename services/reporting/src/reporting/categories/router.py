"""Category routes: the public list (/categories) and admins' changes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, status

from peelian.auth import OptionalPrincipalDep
from peelian.db.engine import SessionDep
from peelian.errors import Forbidden, Unauthorized, error_responses
from reporting.categories.exceptions import CategoryExists, CategoryNotFound
from reporting.categories.schemas import CategoryCreate, CategoryRead, CategoryUpdate
from reporting.categories.service import CategoryService
from reporting.dependencies import AdminDep

router = APIRouter(prefix="/categories", tags=["categories"])


def _service(session: SessionDep) -> CategoryService:
    return CategoryService(session)


CategoryServiceDep = Annotated[CategoryService, Depends(_service)]


@router.get("")
async def list_categories(
    categories: CategoryServiceDep,
    principal: OptionalPrincipalDep,
    include_inactive: Annotated[
        bool, Query(description="Also retired categories (staff only)")
    ] = False,
) -> list[CategoryRead]:
    """The categories a report can have (no sign-in needed)."""
    staff = principal is not None and principal.is_staff
    rows = await categories.list(include_inactive=include_inactive and staff)
    return [CategoryRead.model_validate(c) for c in rows]


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses=error_responses(Unauthorized, Forbidden, CategoryExists),
)
async def create_category(
    data: CategoryCreate, _: AdminDep, categories: CategoryServiceDep
) -> CategoryRead:
    """Add a category (admins)."""
    return CategoryRead.model_validate(await categories.create(data))


@router.patch("/{slug}", responses=error_responses(Unauthorized, Forbidden, CategoryNotFound))
async def update_category(
    slug: str, data: CategoryUpdate, _: AdminDep, categories: CategoryServiceDep
) -> CategoryRead:
    """Rename, re-describe, change the retention of, retire or restore a category (admins)."""
    return CategoryRead.model_validate(await categories.update(slug, data))
