"""Tables of the areas domain: the named areas publications are targeted at."""

from __future__ import annotations

from messaging.models import Base
from peelian.areas import AreaMixin


class Area(AreaMixin, Base):
    """A named area; the reference areas come from ``peelian.reference`` (one source)."""

    __tablename__ = "areas"
