"""Domain logic of the catalogue: the meeting types and locations supervisors keep."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from scheduling.catalogue.exceptions import (
    MeetingTypeNotFound,
    SlugTaken,
    UnknownLocation,
    UnknownMeetingType,
)
from scheduling.catalogue.models import Location, MeetingType
from scheduling.catalogue.repository import LocationRepository, MeetingTypeRepository
from scheduling.catalogue.schemas import LocationCreate, MeetingTypeCreate, MeetingTypeUpdate


class CatalogueService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.types = MeetingTypeRepository(session)
        self.locations = LocationRepository(session)

    async def meeting_types(self, *, include_inactive: bool = False) -> Sequence[MeetingType]:
        return await self.types.listed(include_inactive=include_inactive)

    async def meeting_type(self, slug: str) -> MeetingType:
        """The active meeting type ``slug``, for a schedule or a search."""
        found = await self.types.by_slug(slug)
        if found is None or not found.active:
            raise UnknownMeetingType(slug)
        return found

    async def location(self, slug: str) -> Location:
        found = await self.locations.by_slug(slug)
        if found is None:
            raise UnknownLocation(slug)
        return found

    async def create_meeting_type(self, data: MeetingTypeCreate) -> MeetingType:
        if await self.types.by_slug(data.slug) is not None:
            raise SlugTaken(f"a meeting type is already called {data.slug!r}")
        return await self.types.add(MeetingType(**data.model_dump()))

    async def update_meeting_type(self, slug: str, data: MeetingTypeUpdate) -> MeetingType:
        found = await self.types.by_slug(slug)
        if found is None:
            raise MeetingTypeNotFound(f"no meeting type {slug!r}")
        for name, value in data.model_dump(exclude_unset=True).items():
            if value is not None:
                setattr(found, name, value)
        await self.session.flush()
        return found

    async def create_location(self, data: LocationCreate) -> Location:
        if await self.locations.by_slug(data.slug) is not None:
            raise SlugTaken(f"a location is already called {data.slug!r}")
        values = data.model_dump()
        values["video_url"] = str(data.video_url) if data.video_url else None
        return await self.locations.add(Location(**values))

    async def all_locations(self) -> Sequence[Location]:
        return await self.locations.listed()
