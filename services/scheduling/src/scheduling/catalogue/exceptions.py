"""Typed errors of the catalogue."""

from __future__ import annotations

from peelian.errors import BadRequest, Conflict, NotFound


class UnknownMeetingType(BadRequest):
    """A meeting type slug that is not in the catalogue (GET /meeting-types)."""

    error = "unknown_meeting_type"

    def __init__(self, slug: str) -> None:
        super().__init__(f"no meeting type {slug!r}: see GET /meeting-types", {"slug": slug})


class UnknownLocation(BadRequest):
    """A location slug that is not in the catalogue (GET /meeting-locations)."""

    error = "unknown_location"

    def __init__(self, slug: str) -> None:
        super().__init__(f"no location {slug!r}: see GET /meeting-locations", {"slug": slug})


class MeetingTypeNotFound(NotFound):
    error = "meeting_type_not_found"


class SlugTaken(Conflict):
    """Another entry of the catalogue already has this slug."""

    error = "slug_taken"
