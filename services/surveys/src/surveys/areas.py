"""The named areas surveys are sent to and location answers are counted in.

They are the reference deployment's (``peelian.reference.AREAS``, the same polygons messaging
fans out by); a pin is placed in areas here, in Python, because a survey's answers never need
a spatial index: each response is placed once, when it is submitted.
"""

from __future__ import annotations

from peelian.reference import AREAS

AREA_SLUGS = tuple(area.slug for area in AREAS)
AREA_NAMES = {area.slug: area.name for area in AREAS}
# Where a pin outside every named area is counted.
ELSEWHERE = "elsewhere"


def areas_at(latitude: float, longitude: float) -> list[str]:
    """Slugs of the named areas holding the point (areas may overlap), else ``[ELSEWHERE]``."""
    found = [area.slug for area in AREAS if _inside(area.ring, longitude, latitude)]
    return found or [ELSEWHERE]


def _inside(ring: tuple[tuple[float, float], ...], x: float, y: float) -> bool:
    # Ray casting: a point is inside if a ray from it crosses the boundary an odd number of times.
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside
