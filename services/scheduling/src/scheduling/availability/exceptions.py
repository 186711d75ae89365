"""Typed errors of availability."""

from __future__ import annotations

from peelian.errors import BadRequest, Conflict, Forbidden, NotFound


class OverlappingAvailability(Conflict):
    """The entry overlaps another of the same officer (or team) on the same weekday."""

    error = "overlapping_availability"


class InvalidAvailability(BadRequest):
    """The entry cannot offer any meeting (too short for its meeting type)."""

    error = "invalid_availability"


class NotYourSchedule(Forbidden):
    """Officers keep their own schedule; teams' and others' are kept by supervisors."""

    error = "not_your_schedule"


class AvailabilityNotFound(NotFound):
    error = "availability_not_found"


class ExceptionNotFound(NotFound):
    error = "exception_not_found"


class BookingsInTheWay(Conflict):
    """Meetings are booked in the period: cancel or move them first (their ids are listed)."""

    error = "bookings_in_the_way"
