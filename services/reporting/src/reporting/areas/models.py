"""Tables of the areas domain: the named areas reports are assigned to."""

from __future__ import annotations

from typing import Any

from sqlalchemy import String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import UserDefinedType

from peelian.db.models import TimestampMixin
from reporting.models import Base


class Polygon(UserDefinedType[Any]):
    """PostgreSQL's native ``polygon``: ``@>`` tests a point inside it without PostGIS. Only
    SQL in the repository reads or writes it (from the GeoJSON kept beside it)."""

    cache_ok = True

    def get_col_spec(self, **kw: Any) -> str:
        return "polygon"


class Area(TimestampMixin, Base):
    """A named area (a copy of the reference areas; messaging will own and publish them)."""

    __tablename__ = "areas"

    slug: Mapped[str] = mapped_column(String(100), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    geojson: Mapped[dict[str, Any]] = mapped_column(JSONB)
    # Derived from ``geojson`` (x = longitude, y = latitude); planar containment is exact
    # enough at the scale of a city.
    boundary: Mapped[Any] = mapped_column(Polygon, deferred=True)
