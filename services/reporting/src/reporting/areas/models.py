"""Tables of the areas domain: the named areas reports are assigned to."""

from __future__ import annotations

from peelian.areas import AreaMixin
from reporting.models import Base


class Area(AreaMixin, Base):
    """A named area (a copy of the reference areas; messaging will own and publish them)."""

    __tablename__ = "areas"
