"""Named areas (simple polygons of longitude/latitude) as every service that targets or
assigns by area keeps them: a table built from :class:`AreaMixin` and the SQL below.

PostgreSQL's native ``polygon`` answers "which areas hold this point" (``@>``, GiST-indexed)
without PostGIS; planar geometry on degrees is exact enough at the scale of a city.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import orjson
from sqlalchemy import Index, String, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.dialects.postgresql import base as postgresql_base
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, declared_attr, mapped_column
from sqlalchemy.types import UserDefinedType

from peelian.db.models import TimestampMixin
from peelian.reference import NamedArea


class Polygon(UserDefinedType[Any]):
    """PostgreSQL's ``polygon``; only the SQL here reads or writes it (from the GeoJSON)."""

    cache_ok = True

    def get_col_spec(self, **kw: Any) -> str:
        return "polygon"


# So that reflection (alembic's comparison of database and models) knows the type too.
postgresql_base.ischema_names["polygon"] = Polygon


class AreaMixin(TimestampMixin):
    """The columns of a service's ``areas`` table (``__tablename__ = "areas"``)."""

    @declared_attr.directive
    def __table_args__(cls) -> tuple[Index]:
        # "Which areas contain this point" (``@>``) is answered from this index; one per table.
        return (Index("ix_areas_boundary", "boundary", postgresql_using="gist"),)

    slug: Mapped[str] = mapped_column(String(100), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    geojson: Mapped[dict[str, Any]] = mapped_column(JSONB)
    # Derived from ``geojson`` (x = longitude, y = latitude).
    boundary: Mapped[Any] = mapped_column(Polygon, deferred=True)


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
# Within ``radius_m`` of the point: inside, or the polygon's nearest edge close enough. The
# distance is planar in degrees, scaled to metres at the point's latitude (longitude degrees
# shrink by its cosine): good to a few metres across a city.
_NEAR = text(
    """
    SELECT slug FROM areas
    WHERE boundary @> point(:lon, :lat)
       OR (boundary <-> point(:lon, :lat)) * 111320.0
          * cos(radians(:lat)) <= :radius_m
    ORDER BY slug
    """
)


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

    async def all(self) -> list[dict[str, Any]]:
        """Every area: slug, name and GeoJSON, by name."""
        rows = await self.session.execute(
            text("SELECT slug, name, geojson FROM areas ORDER BY name")
        )
        return [dict(row._mapping) for row in rows]

    async def slugs(self) -> set[str]:
        return set((await self.session.scalars(text("SELECT slug FROM areas"))).all())

    async def containing(self, latitude: float, longitude: float) -> list[str]:
        """Slugs of every area the point falls in (areas may overlap)."""
        rows = await self.session.execute(_CONTAINING, {"lon": longitude, "lat": latitude})
        return [slug for (slug,) in rows]

    async def near(self, latitude: float, longitude: float, radius_m: float) -> list[str]:
        """Slugs of every area within ``radius_m`` of the point."""
        rows = await self.session.execute(
            _NEAR, {"lon": longitude, "lat": latitude, "radius_m": radius_m}
        )
        return [slug for (slug,) in rows]
