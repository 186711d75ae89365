"""Calendars: an .ics per meeting and officers' private feeds, both parsed back with the
icalendar library: the zone's VTIMEZONE included, times on the named clock, the feed's link a
revocable token of which only a hash is stored, and nobody's notes in a feed."""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import httpx
import pytest
from icalendar import Calendar

from peelian.testing.people import People
from scheduling_helpers import book, fetch, make_availability, refused, slots

pytestmark = pytest.mark.integration


def parse(response: httpx.Response) -> Calendar:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


async def test_a_meeting_as_an_icalendar_file(client: httpx.AsyncClient, people: People) -> None:
    officer = uuid.uuid4()
    await make_availability(
        client, people.officer(officer), officer_id=str(officer),
        meeting_type="crime-prevention-advice", location="cathays-station",
    )  # fmt: skip
    [slot, *_] = await slots(client, people.citizen(), officer_id=str(officer))
    me = people.citizen()
    mid = (await book(client, me, slot, note="About my stolen bike")).json()["id"]

    calendar = parse(await client.get(f"/meetings/{mid}/calendar.ics", headers=me))
    [event] = calendar.events
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/London"]
    assert calendar.get_missing_tzids() == set()
    assert str(event["UID"]) == f"{mid}@scheduling.peelian"
    assert event.start == datetime.fromisoformat(slot["starts_at"])
    assert event.start.tzinfo.key == "Europe/London"  # type: ignore[union-attr]
    assert event.start.hour == 12  # a Tuesday 12:00 on London's clock
    assert str(event["SUMMARY"]) == "Crime prevention advice (police)"
    assert "Cathays police station" in str(event["LOCATION"])
    assert "About my stolen bike" in str(event["DESCRIPTION"])
    assert str(event["STATUS"]) == "CONFIRMED"

    # On another clock: the same instant, with that zone's VTIMEZONE.
    ny = parse(
        await client.get(f"/meetings/{mid}/calendar.ics", params={"tz": "America/New_York"},
                         headers=me)
    )  # fmt: skip
    assert [tz.tz_name for tz in ny.timezones] == ["America/New_York"]
    assert ny.events[0].start == event.start
    assert ny.events[0].start.tzinfo == ZoneInfo("America/New_York")

    other = await client.get(f"/meetings/{mid}/calendar.ics", headers=people.citizen())
    refused(other, 404, "meeting_not_found")

    await client.post(f"/meetings/{mid}/cancel", json={"reason": "Found my bike"}, headers=me)
    cancelled = parse(await client.get(f"/meetings/{mid}/calendar.ics", headers=me)).events[0]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert int(cancelled["SEQUENCE"]) > int(event["SEQUENCE"])


async def test_an_officers_private_feed(
    client: httpx.AsyncClient, people: People, scheduling_database_url: str
) -> None:
    officer = uuid.uuid4()
    staff = people.officer(officer)
    entry = await make_availability(
        client, staff, officer_id=str(officer), meeting_type="crime-prevention-advice",
    )  # fmt: skip
    drop_in = await make_availability(client, people.supervisor())
    [advice, *_] = await slots(client, people.citizen(), officer_id=str(officer))
    [group, *_] = await slots(client, people.citizen(), team=drop_in["team"])
    mid = (await book(client, people.citizen(), advice, note="PRIVATE-NOTE")).json()["id"]
    for _ in range(2):
        assert (await book(client, people.citizen(), group)).status_code == 201

    assert (
        await client.post("/calendar-feeds", json={}, headers=people.citizen())
    ).status_code == 403
    made = await client.post("/calendar-feeds", json={"teams": [drop_in["team"]]}, headers=staff)
    assert made.status_code == 201, made.text
    url = made.json()["url"]
    path = urlsplit(url).path
    token = path.removeprefix("/calendars/").removesuffix(".ics")
    assert token.startswith("pcf_")

    # No bearer token: the link is the credential.
    feed = parse(await client.get(path))
    by_uid = {str(e["UID"]): e for e in feed.events}
    assert len(by_uid) == 2
    one_to_one = next(e for e in feed.events if "advice" in str(e["SUMMARY"]).lower())
    assert one_to_one.start == datetime.fromisoformat(advice["starts_at"])
    assert f"/meetings/{mid}" in str(one_to_one["DESCRIPTION"])
    drop = next(e for e in feed.events if "drop-in" in str(e["SUMMARY"]).lower())
    assert "2 of 6 places booked" in str(drop["SUMMARY"])
    assert b"PRIVATE-NOTE" not in feed.to_ical()
    assert [tz.tz_name for tz in feed.timezones] == ["Europe/London"]

    # Only the token's hash is stored.
    [row] = await fetch(
        scheduling_database_url, "SELECT * FROM calendar_feeds WHERE officer_id = $1", officer
    )
    assert bytes(row["token_hash"]) == hashlib.sha256(token.encode()).digest()
    assert token.encode() not in b"".join(str(v).encode() for v in row.values())

    # A new link replaces the old; revoking ends it.
    renewed = await client.post("/calendar-feeds", json={}, headers=staff)
    refused(await client.get(path), 404, "feed_not_found")
    new_path = urlsplit(renewed.json()["url"]).path
    assert len(parse(await client.get(new_path)).events) == 1  # no team this time
    assert (await client.get("/calendar-feeds", headers=staff)).json()["teams"] == []
    assert (await client.delete("/calendar-feeds", headers=staff)).status_code == 204
    refused(await client.get(new_path), 404, "feed_not_found")
    refused(await client.delete("/calendar-feeds", headers=staff), 404, "feed_not_found")
    assert entry["officer_id"] == str(officer)
