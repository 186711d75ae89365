"""Expanding weekly schedules into slots: pure functions over wall-clock times.

A schedule entry says "Tuesdays 12:00 to 14:00 in Europe/London"; its slots are laid on the
wall clock of that zone from the start time, one every (duration + buffer), and each is turned
into an instant on its own date. A slot whose wall-clock start does not exist that day (the
hour skipped when clocks go forward) is left out; one whose start exists twice (the hour
repeated when clocks go back) is at the first of the two. A meeting lasts its duration in real
time, whatever the clocks do during it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from scheduling.timezones import wall_clock_instant

_WEEK = timedelta(days=7)


@dataclass(frozen=True)
class WeeklyHours:
    """What slots are made from: a schedule entry with its meeting type's lengths."""

    weekday: int  # 0 is Monday
    start: time
    end: time
    zone: ZoneInfo
    valid_from: date
    valid_until: date | None
    duration: timedelta
    buffer: timedelta

    def valid_on(self, day: date) -> bool:
        return (
            day.weekday() == self.weekday
            and day >= self.valid_from
            and (self.valid_until is None or day <= self.valid_until)
        )


@dataclass(frozen=True, order=True)
class Occurrence:
    """One slot, in UTC; ``blocked_until`` is the end of the officer's pause after it."""

    starts_at: datetime
    ends_at: datetime
    blocked_until: datetime


def _on_day(hours: WeeklyHours, day: date) -> Iterator[Occurrence]:
    wall = datetime.combine(day, hours.start)
    close = datetime.combine(day, hours.end)
    step = hours.duration + hours.buffer
    while wall + hours.duration <= close:
        start = wall_clock_instant(day, wall.time(), hours.zone)
        if start is not None:
            end = start + hours.duration
            yield Occurrence(start, end, end + hours.buffer)
        wall += step


def occurrences(hours: WeeklyHours, start: datetime, end: datetime) -> Iterator[Occurrence]:
    """The slots of ``hours`` that start in [``start``, ``end``), in time order."""
    # A day's slots may fall on the UTC date before or after the local date.
    first = max(start.astimezone(hours.zone).date() - timedelta(days=1), hours.valid_from)
    last = end.astimezone(hours.zone).date() + timedelta(days=1)
    if hours.valid_until is not None:
        last = min(last, hours.valid_until)
    day = first + timedelta(days=(hours.weekday - first.weekday()) % 7)
    while day <= last:
        for slot in _on_day(hours, day):
            if start <= slot.starts_at < end:
                yield slot
        day += _WEEK


def occurrence_at(hours: WeeklyHours, starts_at: datetime) -> Occurrence | None:
    """The slot of ``hours`` that starts at ``starts_at``, if there is one."""
    day = starts_at.astimezone(hours.zone).date()
    if not hours.valid_on(day):
        return None
    return next((s for s in _on_day(hours, day) if s.starts_at == starts_at), None)


def overlaps(start: datetime, end: datetime, periods: list[tuple[datetime, datetime]]) -> bool:
    """Whether [``start``, ``end``) meets any of ``periods`` (half-open too)."""
    return any(s < end and start < e for s, e in periods)


class Timeline:
    """An owner's booked periods, which never overlap one another (the database refuses it),
    sorted: whether a period is free is a binary search, not a scan."""

    def __init__(self, periods: list[tuple[datetime, datetime, object]]) -> None:
        ordered = sorted(periods, key=lambda p: p[0])
        self._starts = [p[0] for p in ordered]
        self._ends = [p[1] for p in ordered]
        self._keys = [p[2] for p in ordered]

    def blocks(self, start: datetime, end: datetime, ignore: object = None) -> bool:
        """Whether a period other than ``ignore`` meets [``start``, ``end``)."""
        i = bisect_right(self._ends, start)
        while i < len(self._starts) and self._starts[i] < end:
            if self._keys[i] != ignore:
                return True
            i += 1
        return False
