"""All SQL of the areas domain: keeping the named areas and finding those a point is in."""

from __future__ import annotations

from collections.abc import Iterable

import orjson
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from peelian.reference import NamedArea
from reporting.areas.models import Area

# The polygon literal is built from the GeoJSON ring: ((x1,y1),(x2,y2),...).
_UPSERT = text(
    """
    INSERT INTO areas (slug, name, geojson, boundary)
    VALUES (:slug, :name, CAST(:geojson AS jsonb), CAST(CAST(:boundary AS text) AS polygon))
    ON CONFLICT (slug) DO UPDATE
    SET name = excluded.name, geojson = excluded.geojson, boundary = excluded.boundary,
        updated_at = now()
    """
)
_CONTAINING = text("SELECT slug FROM areas WHERE boundary @> point(:lon, :lat) ORDER BY slug")


class AreaRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def upsert(self, areas: Iterable[NamedArea]) -> None:
        for area in areas:
            boundary = "(" + ",".join(f"({lon},{lat})" for lon, lat in area.ring) + ")"
            await self.session.execute(
                _UPSERT,
                {
                    "slug": area.slug,
                    "name": area.name,
                    "geojson": orjson.dumps(area.geojson()).decode(),
                    "boundary": boundary,
                },
            )

    async def containing(self, latitude: float, longitude: float) -> list[str]:
        """Slugs of every area the point falls in (areas may overlap)."""
        rows = await self.session.execute(_CONTAINING, {"lon": longitude, "lat": latitude})
        return [slug for (slug,) in rows]

    async def slugs(self) -> set[str]:
        return set((await self.session.scalars(select(Area.slug))).all())
