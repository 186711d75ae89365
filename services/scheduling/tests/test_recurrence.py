"""Weekly hours into slots, without a database: wall-clock times on both sides of the UK's
clock changes (the last Sundays of March and October), the hour that does not exist and the
hour that happens twice, buffers, validity, and the busy timeline."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from scheduling.exceptions import InvalidTimezone
from scheduling.slots.recurrence import (
    Timeline,
    WeeklyHours,
    occurrence_at,
    occurrences,
    overlaps,
)
from scheduling.timezones import wall_clock_instant, zone

LONDON = ZoneInfo("Europe/London")
SPRING = date(2027, 3, 28)  # clocks go forward at 01:00 GMT
AUTUMN = date(2027, 10, 31)  # clocks go back at 02:00 BST


def hours(
    weekday: int, start: time, end: time, minutes: int = 30, buffer: int = 0, **kw: object
) -> WeeklyHours:
    values: dict[str, object] = {
        "weekday": weekday,
        "start": start,
        "end": end,
        "zone": LONDON,
        "valid_from": date(2027, 1, 1),
        "valid_until": None,
        "duration": timedelta(minutes=minutes),
        "buffer": timedelta(minutes=buffer),
    } | kw
    return WeeklyHours(**values)  # type: ignore[arg-type]


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def window(first: date, days: int) -> tuple[datetime, datetime]:
    start = datetime.combine(first, time(), tzinfo=UTC)
    return start, start + timedelta(days=days)


@pytest.mark.parametrize(
    ("change", "before", "after"),
    [
        # 10:00 on the clock: GMT (UTC) before the spring change, BST (UTC+1) after it.
        (SPRING, utc(2027, 3, 21, 10), utc(2027, 3, 28, 9)),
        # ... and BST before the autumn change, GMT after it.
        (AUTUMN, utc(2027, 10, 24, 9), utc(2027, 10, 31, 10)),
    ],
)
def test_a_weekly_slot_keeps_its_wall_clock_time_across_a_clock_change(
    change: date, before: datetime, after: datetime
) -> None:
    sundays = hours(6, time(10), time(10, 30))
    found = [s.starts_at for s in occurrences(sundays, *window(change - timedelta(7), 14))]
    assert found == [before, after]
    assert all(s.astimezone(LONDON).time() == time(10) for s in found)
    # A weekday slot the day after, too.
    mondays = hours(0, time(10), time(10, 30))
    [monday] = occurrences(mondays, *window(change, 2))
    assert monday.starts_at.astimezone(LONDON).hour == 10
    assert monday.starts_at == after + timedelta(days=1)


def test_slots_in_the_hour_clocks_skip_are_left_out() -> None:
    night = hours(6, time(0, 30), time(2, 30))
    found = [s.starts_at for s in occurrences(night, *window(SPRING - timedelta(1), 2))]
    # 00:30 GMT, then 01:00 and 01:30 never happen, then 02:00 BST (01:00 UTC).
    assert found == [utc(2027, 3, 28, 0, 30), utc(2027, 3, 28, 1)]
    assert wall_clock_instant(SPRING, time(1, 30), LONDON) is None


def test_slots_in_the_hour_clocks_repeat_are_at_its_first_pass() -> None:
    night = hours(6, time(0, 30), time(2))
    found = list(occurrences(night, *window(AUTUMN - timedelta(1), 2)))
    # 00:30, 01:00 and 01:30 BST: the first time clocks show them.
    assert [s.starts_at for s in found] == [
        utc(2027, 10, 30, 23, 30),
        utc(2027, 10, 31, 0),
        utc(2027, 10, 31, 0, 30),
    ]
    # A meeting lasts its length in real time, even while clocks go back.
    assert {s.ends_at - s.starts_at for s in found} == {timedelta(minutes=30)}
    assert all(
        s - e == timedelta(minutes=-30)
        for s, e in (
            (o.starts_at, o.ends_at) for o in occurrences(night, *window(AUTUMN - timedelta(1), 2))
        )
    )
    # The second pass of 01:30 (01:30 UTC, GMT) is not a slot.
    assert occurrence_at(night, utc(2027, 10, 31, 0, 30)) is not None
    assert occurrence_at(night, utc(2027, 10, 31, 1, 30)) is None


def test_slots_are_laid_one_after_another_with_the_buffer_between() -> None:
    advice = hours(0, time(10), time(12), minutes=30, buffer=10)
    found = list(occurrences(advice, *window(date(2027, 2, 1), 1)))
    assert [s.starts_at.astimezone(LONDON).time() for s in found] == [
        time(10),
        time(10, 40),
        time(11, 20),
    ]
    assert found[0].blocked_until - found[0].ends_at == timedelta(minutes=10)
    assert occurrence_at(advice, utc(2027, 2, 1, 10, 40)) == found[1]
    assert occurrence_at(advice, utc(2027, 2, 1, 10, 30)) is None


def test_validity_bounds_the_dates() -> None:
    advice = hours(
        0, time(10), time(11), valid_from=date(2027, 2, 8), valid_until=date(2027, 2, 15)
    )
    found = [s.starts_at.date() for s in occurrences(advice, *window(date(2027, 2, 1), 28))]
    assert sorted(set(found)) == [date(2027, 2, 8), date(2027, 2, 15)]
    assert occurrence_at(advice, utc(2027, 2, 22, 10)) is None


def test_a_timeline_finds_what_a_period_meets() -> None:
    busy = Timeline([
        (utc(2027, 2, 1, 10), utc(2027, 2, 1, 10, 40), "a"),
        (utc(2027, 2, 1, 12), utc(2027, 2, 1, 12, 30), "b"),
    ])  # fmt: skip
    assert busy.blocks(utc(2027, 2, 1, 10, 30), utc(2027, 2, 1, 11))
    assert not busy.blocks(utc(2027, 2, 1, 10, 40), utc(2027, 2, 1, 12))
    assert not busy.blocks(utc(2027, 2, 1, 10), utc(2027, 2, 1, 10, 40), ignore="a")
    assert busy.blocks(utc(2027, 2, 1, 9), utc(2027, 2, 1, 13), ignore="a")
    assert overlaps(utc(2027, 1, 1), utc(2027, 1, 2), [(utc(2026, 12, 31), utc(2027, 1, 1, 1))])
    assert not overlaps(utc(2027, 1, 1), utc(2027, 1, 2), [(utc(2026, 12, 31), utc(2027, 1, 1))])


@pytest.mark.parametrize(
    "name", ["Mars/Olympus", "", "/etc/localtime", "../zoneinfo/UTC", "Europe/../UTC", "x" * 65]
)
def test_zone_names_must_be_iana_names(name: str) -> None:
    with pytest.raises(InvalidTimezone):
        zone(name)
    assert zone("America/New_York").key == "America/New_York"
