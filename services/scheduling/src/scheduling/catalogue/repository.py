"""All SQL of the catalogue."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from peelian.db.repository import BaseRepository
from scheduling.catalogue.models import Location, MeetingType


class MeetingTypeRepository(BaseRepository[MeetingType]):
    model = MeetingType

    async def by_slug(self, slug: str) -> MeetingType | None:
        return await self.session.scalar(select(MeetingType).where(MeetingType.slug == slug))

    async def listed(self, *, include_inactive: bool) -> Sequence[MeetingType]:
        stmt = select(MeetingType).order_by(MeetingType.name)
        if not include_inactive:
            stmt = stmt.where(MeetingType.active)
        return (await self.session.scalars(stmt)).all()


class LocationRepository(BaseRepository[Location]):
    model = Location

    async def by_slug(self, slug: str) -> Location | None:
        return await self.session.scalar(select(Location).where(Location.slug == slug))

    async def listed(self) -> Sequence[Location]:
        return (await self.session.scalars(select(Location).order_by(Location.name))).all()
