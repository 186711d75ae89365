"""Time zones: parsing a client's zone, and turning wall-clock times into instants.

Everything is stored in UTC; schedules are wall-clock times in a zone, turned into instants
date by date, so a 10:00 drop-in is at 10:00 in London in winter (10:00 UTC) and in summer
(09:00 UTC).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi import Depends, Header, Query

from scheduling.dependencies import SettingsDep
from scheduling.exceptions import InvalidTimezone


@lru_cache(maxsize=512)
def zone(name: str) -> ZoneInfo:
    """The zone called ``name``, or InvalidTimezone."""
    # ZoneInfo also takes file paths below its search path; only tz database names are zones.
    if not name or name.startswith(("/", ".")) or ".." in name or len(name) > 64:
        raise InvalidTimezone(name)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise InvalidTimezone(name) from None


def wall_clock_instant(day: date, at: time, tz: ZoneInfo) -> datetime | None:
    """The UTC instant at which clocks in ``tz`` show ``at`` on ``day``. None when they never
    do (the hour skipped when clocks go forward); the earlier of the two instants when they
    show it twice (the hour repeated when clocks go back)."""
    local = datetime.combine(day, at, tzinfo=tz)  # fold=0: the first of two
    instant = local.astimezone(UTC)
    if instant.astimezone(tz).replace(tzinfo=None) != local.replace(tzinfo=None):
        return None
    return instant


def day_start(day: date, tz: ZoneInfo) -> datetime:
    """The instant ``day`` begins on ``tz``'s clock (its midnight), in UTC."""
    return datetime.combine(day, time(), tzinfo=tz).astimezone(UTC)


def days_between(
    first: date | None, last: date | None, tz: ZoneInfo
) -> tuple[datetime | None, datetime | None]:
    """[the start of ``first``, the end of ``last``) on ``tz``'s clock; None where not given."""
    start = day_start(first, tz) if first else None
    end = day_start(last + timedelta(days=1), tz) if last else None
    return start, end


def client_zone(
    settings: SettingsDep,
    tz: Annotated[
        str | None,
        Query(
            description="IANA time zone to show times in (default Europe/London); "
            "overrides the Time-Zone header",
            max_length=64,
        ),
    ] = None,
    time_zone: Annotated[
        str | None,
        Header(alias="Time-Zone", description="IANA time zone to show times in", max_length=64),
    ] = None,
) -> ZoneInfo:
    return zone(tz or time_zone or settings.default_timezone)


# The zone the client reads times in: the tz parameter, the Time-Zone header, or London.
ClientZoneDep = Annotated[ZoneInfo, Depends(client_zone)]
