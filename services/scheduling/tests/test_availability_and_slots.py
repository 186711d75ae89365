"""Schedules and their exceptions, and the free slots they make: who keeps which schedule,
overlaps refused by the database, leave and bank holidays, searches by type, location,
officer, team and dates, times shown on the client's clock on both sides of a clock change."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest

from peelian.testing.people import People
from scheduling_helpers import (
    book,
    make_availability,
    next_change,
    next_weekday,
    refused,
    slots,
)

pytestmark = pytest.mark.integration


async def officer_hours(
    client: httpx.AsyncClient, people: People, officer: uuid.UUID, **fields: Any
) -> dict[str, Any]:
    return await make_availability(
        client,
        people.officer(officer),
        officer_id=str(officer),
        meeting_type="crime-prevention-advice",
        location="students-union",
        **fields,
    )


async def test_officers_keep_their_own_schedule_and_supervisors_anyones(
    client: httpx.AsyncClient, people: People
) -> None:
    officer = uuid.uuid4()
    entry = await officer_hours(client, people, officer, weekday="wednesday")
    assert entry["weekday"] == "wednesday"
    assert entry["timezone"] == "Europe/London"
    assert entry["meeting_type"] == "crime-prevention-advice"

    body = {
        "officer_id": str(uuid.uuid4()),
        "team": "x",
        "meeting_type": "crime-prevention-advice",
        "location": "students-union",
        "weekday": "monday",
        "start_time": "10:00",
        "end_time": "11:00",
        "valid_from": "2027-01-04",
    }
    someone_else = await client.post("/availability", json=body, headers=people.officer(officer))
    assert "your own account id" in refused(someone_else, 403, "not_your_schedule")
    team = await client.post(
        "/availability", json=body | {"officer_id": None}, headers=people.officer(officer)
    )
    refused(team, 403, "not_your_schedule")
    citizen = await client.post("/availability", json=body, headers=people.citizen())
    assert citizen.status_code == 403
    assert (
        await client.post("/availability", json=body, headers=people.supervisor())
    ).status_code == 201

    mine = await client.get(
        "/availability", params={"officer_id": str(officer)}, headers=people.officer()
    )
    assert [e["id"] for e in mine.json()["items"]] == [entry["id"]]


async def test_overlapping_entries_are_refused(client: httpx.AsyncClient, people: People) -> None:
    officer = uuid.uuid4()
    first = await officer_hours(client, people, officer, start_time="10:00", end_time="12:00")
    # The same officer, the same weekday, overlapping hours: whatever the type or location.
    clash = await client.post(
        "/availability",
        json={
            "officer_id": str(officer),
            "team": "another-team",
            "meeting_type": "report-follow-up",
            "location": "video-call",
            "weekday": "tuesday",
            "start_time": "11:30",
            "end_time": "13:00",
            "valid_from": str(date.today() + timedelta(days=30)),
        },
        headers=people.officer(officer),
    )
    message = refused(clash, 409, "overlapping_availability")
    assert "retire the other first" in message
    assert clash.json()["detail"]["context"]["overlaps"] == [first["id"]]
    # Back to back is fine, and so is another officer at the same time.
    await officer_hours(client, people, officer, start_time="12:00", end_time="13:00")
    await officer_hours(client, people, uuid.uuid4(), start_time="10:00", end_time="12:00")
    # Once retired, an entry is out of the way.
    retired = await client.delete(f"/availability/{first['id']}", headers=people.officer(officer))
    assert retired.json()["retired_at"] is not None
    month = str(date.today() + timedelta(days=30))
    await officer_hours(client, people, officer, start_time="11:00", end_time="12:00",
                        valid_until=month)  # fmt: skip
    # Dates that do not meet do not overlap.
    later = str(date.today() + timedelta(days=31))
    await officer_hours(client, people, officer, start_time="11:00", end_time="12:00",
                        valid_from=later)  # fmt: skip


async def test_bad_schedules_are_refused_with_a_reason(
    client: httpx.AsyncClient, people: People
) -> None:
    officer = uuid.uuid4()
    body = {
        "officer_id": str(officer),
        "team": "t",
        "meeting_type": "crime-prevention-advice",
        "location": "students-union",
        "weekday": "friday",
        "start_time": "10:00",
        "end_time": "10:20",
        "valid_from": "2027-01-01",
    }
    me = people.officer(officer)
    short = await client.post("/availability", json=body, headers=me)
    assert "no room for a 30-minute" in refused(short, 400, "invalid_availability")
    zone = await client.post(
        "/availability", json=body | {"end_time": "12:00", "timezone": "Europe/Cardiff"}, headers=me
    )
    refused(zone, 400, "invalid_timezone")
    kind = await client.post(
        "/availability", json=body | {"end_time": "12:00", "meeting_type": "karaoke"}, headers=me
    )
    assert "GET /meeting-types" in refused(kind, 400, "unknown_meeting_type")
    backwards = await client.post("/availability", json=body | {"end_time": "09:00"}, headers=me)
    refused(backwards, 422, "validation_error")


async def test_searches_filter_and_show_times_on_the_clients_clock(
    client: httpx.AsyncClient, people: People
) -> None:
    officer = uuid.uuid4()
    await officer_hours(client, people, officer, weekday="monday", start_time="10:00",
                        end_time="11:20")  # fmt: skip
    drop_in = await make_availability(client, people.supervisor())
    me = people.citizen()

    advice = await slots(client, me, officer_id=str(officer))
    # 30 minutes and a 10-minute pause: 10:00 and 10:40 each Monday of the next two weeks.
    assert {datetime.fromisoformat(s["starts_at"]).strftime("%H:%M") for s in advice} == {
        "10:00",
        "10:40",
    }
    assert len(advice) in (4, 6)  # two weeks from today: two or three Mondays
    assert all(s["remaining"] == 1 and s["capacity"] == 1 for s in advice)
    team = await slots(client, me, team=drop_in["team"], meeting_type="campus-drop-in")
    assert team
    assert all(s["capacity"] == 6 and s["officer_id"] is None for s in team)
    assert not await slots(client, me, team=drop_in["team"], location="cathays-station")

    # The same instant, on New York's clock.
    monday = next_weekday(0)
    ny = await slots(
        client, me, officer_id=str(officer), tz="America/New_York", **{"from": str(monday)}
    )
    first = datetime.fromisoformat(ny[0]["starts_at"])
    assert ny[0]["timezone"] == "America/New_York"
    assert first.utcoffset() in (timedelta(hours=-5), timedelta(hours=-4))
    in_london = first.astimezone(datetime.fromisoformat(advice[0]["starts_at"]).tzinfo)
    assert in_london.strftime("%H:%M") == "10:00"
    header = await client.get(
        "/slots",
        params={"officer_id": str(officer)},
        headers=me | {"Time-Zone": "Asia/Shanghai"},
    )
    assert header.json()["items"][0]["timezone"] == "Asia/Shanghai"

    unknown = await client.get("/slots", params={"location": "the-moon"}, headers=me)
    assert "GET /meeting-locations" in refused(unknown, 400, "unknown_location")


async def test_slots_on_both_sides_of_a_clock_change(
    client: httpx.AsyncClient, people: People
) -> None:
    for month, before, after in ((3, 0, 1), (10, 1, 0)):
        change = next_change(month)  # a Sunday
        officer = uuid.uuid4()
        week_before = str(change - timedelta(days=7))
        await officer_hours(client, people, officer, weekday="sunday", start_time="10:00",
                            end_time="10:30", valid_from=week_before)  # fmt: skip
        found = await slots(
            client,
            people.citizen(),
            officer_id=str(officer),
            **{"from": week_before, "to": str(change)},
        )
        starts = [datetime.fromisoformat(s["starts_at"]) for s in found]
        # 10:00 in London each Sunday; +00:00 (GMT) or +01:00 (BST) as the date falls.
        assert [s.strftime("%H:%M") for s in starts] == ["10:00", "10:00"]
        assert [s.utcoffset() for s in starts] == [timedelta(hours=before), timedelta(hours=after)]
        assert [s.astimezone(UTC).hour for s in starts] == [10 - before, 10 - after]


async def test_bad_ranges_are_refused(client: httpx.AsyncClient, people: People) -> None:
    me = people.citizen()
    backwards = await client.get(
        "/slots", params={"from": "2027-02-10", "to": "2027-02-01"}, headers=me
    )
    assert "before 'from'" in refused(backwards, 400, "invalid_range")
    long = await client.get("/slots", params={"from": "2027-01-01", "to": "2027-06-01"}, headers=me)
    assert "at most 62 days" in refused(long, 400, "invalid_range")


async def test_pages_of_slots_follow_one_another(client: httpx.AsyncClient, people: People) -> None:
    officer = uuid.uuid4()
    await officer_hours(client, people, officer, weekday="monday", start_time="09:00",
                        end_time="17:00")  # fmt: skip
    me = people.citizen()
    everything = await slots(client, me, officer_id=str(officer))
    seen: list[dict[str, Any]] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"officer_id": str(officer), "limit": 5}
        if cursor:
            params["cursor"] = cursor
        page = (await client.get("/slots", params=params, headers=me)).json()
        seen += page["items"]
        if not (cursor := page["next_cursor"]):
            break
    assert seen == everything


async def test_leave_and_bank_holidays_take_slots_away(
    client: httpx.AsyncClient, people: People
) -> None:
    officer = uuid.uuid4()
    await officer_hours(client, people, officer, weekday="monday", start_time="10:00",
                        end_time="11:00", team="leave-test-team")  # fmt: skip
    me = people.citizen()
    monday = next_weekday(0)
    week = {"from": str(monday), "to": str(monday + timedelta(days=6))}
    assert len(await slots(client, me, officer_id=str(officer), **week)) == 1

    leave = await client.post(
        "/availability/exceptions",
        json={"officer_id": str(officer), "kind": "leave", "starts_on": str(monday),
              "ends_on": str(monday), "reason": "Annual leave"},
        headers=people.officer(officer),
    )  # fmt: skip
    assert leave.status_code == 201, leave.text
    assert not await slots(client, me, officer_id=str(officer), **week)
    removed = await client.delete(
        f"/availability/exceptions/{leave.json()['id']}", headers=people.officer(officer)
    )
    assert removed.status_code == 204
    [slot] = await slots(client, me, officer_id=str(officer), **week)

    # Everybody's bank holiday is a supervisor's to declare.
    holiday = {"kind": "bank_holiday", "starts_on": str(monday), "ends_on": str(monday),
               "reason": "Bank holiday"}  # fmt: skip
    not_yours = await client.post(
        "/availability/exceptions", json=holiday, headers=people.officer(officer)
    )
    refused(not_yours, 403, "not_your_schedule")
    # A booked meeting is in the way: it must be moved or cancelled first.
    mid = (await book(client, me, slot)).json()["id"]
    blocked = await client.post(
        "/availability/exceptions", json=holiday, headers=people.supervisor()
    )
    refused(blocked, 409, "bookings_in_the_way")
    assert mid in blocked.json()["detail"]["context"]["meetings"]
    await client.post(f"/meetings/{mid}/cancel", json={"reason": "Holiday"}, headers=me)
    made = await client.post("/availability/exceptions", json=holiday, headers=people.supervisor())
    assert made.status_code == 201, made.text
    assert not await slots(client, me, officer_id=str(officer), **week)
    listed = await client.get(
        "/availability/exceptions", params={"from": str(monday)}, headers=people.officer()
    )
    assert made.json()["id"] in {e["id"] for e in listed.json()["items"]}
    await client.delete(f"/availability/exceptions/{made.json()['id']}", headers=people.admin())
