"""Catalogue routes: meeting types (/meeting-types) and locations (/meeting-locations);
anybody signed in reads them, supervisors and admins keep them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, status

from peelian.auth import PrincipalDep
from peelian.db.engine import SessionDep
from peelian.errors import Forbidden, Unauthorized, error_responses
from scheduling.catalogue.exceptions import MeetingTypeNotFound, SlugTaken
from scheduling.catalogue.schemas import (
    LocationCreate,
    LocationRead,
    MeetingTypeCreate,
    MeetingTypeRead,
    MeetingTypeUpdate,
)
from scheduling.catalogue.service import CatalogueService
from scheduling.dependencies import ManagerDep

meeting_types = APIRouter(
    prefix="/meeting-types", tags=["meeting types"], responses=error_responses(Unauthorized)
)
locations = APIRouter(
    prefix="/meeting-locations", tags=["meeting types"], responses=error_responses(Unauthorized)
)


def _service(session: SessionDep) -> CatalogueService:
    return CatalogueService(session)


CatalogueDep = Annotated[CatalogueService, Depends(_service)]


@meeting_types.get("")
async def list_meeting_types(
    principal: PrincipalDep,
    catalogue: CatalogueDep,
    include_inactive: Annotated[bool, Query(description="Staff only: retired types too")] = False,
) -> list[MeetingTypeRead]:
    """The kinds of meeting officers offer: length, places, pause between meetings."""
    rows = await catalogue.meeting_types(include_inactive=include_inactive and principal.is_staff)
    return [MeetingTypeRead.model_validate(row) for row in rows]


@meeting_types.post(
    "", status_code=status.HTTP_201_CREATED, responses=error_responses(Forbidden, SlugTaken)
)
async def create_meeting_type(
    data: MeetingTypeCreate, _: ManagerDep, catalogue: CatalogueDep
) -> MeetingTypeRead:
    """Add a meeting type (supervisors and admins)."""
    return MeetingTypeRead.model_validate(await catalogue.create_meeting_type(data))


@meeting_types.patch("/{slug}", responses=error_responses(Forbidden, MeetingTypeNotFound))
async def update_meeting_type(
    slug: str, data: MeetingTypeUpdate, _: ManagerDep, catalogue: CatalogueDep
) -> MeetingTypeRead:
    """Change or retire a meeting type (supervisors and admins)."""
    return MeetingTypeRead.model_validate(await catalogue.update_meeting_type(slug, data))


@locations.get("")
async def list_locations(_: PrincipalDep, catalogue: CatalogueDep) -> list[LocationRead]:
    """Where officers meet people: police stations, campus drop-in points, video links."""
    return [LocationRead.model_validate(row) for row in await catalogue.all_locations()]


@locations.post(
    "", status_code=status.HTTP_201_CREATED, responses=error_responses(Forbidden, SlugTaken)
)
async def create_location(
    data: LocationCreate, _: ManagerDep, catalogue: CatalogueDep
) -> LocationRead:
    """Add a location (supervisors and admins)."""
    return LocationRead.model_validate(await catalogue.create_location(data))
