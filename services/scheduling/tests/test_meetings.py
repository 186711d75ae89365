"""Booking and the life of a meeting: book with a note, see it (citizen, officer), confirm,
move, cancel with a reason, mark held or missed, private notes; the events each change writes
to the outbox; and every refusal a client can meet, each a typed 4xx."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from peelian.events.contracts.reporting import ReportSubmittedV1
from peelian.testing.people import People
from scheduling_helpers import (
    SchedulingSettingsFactory,
    apply_event,
    book,
    make_availability,
    move_into_the_past,
    outbox_events,
    refused,
    slots,
)

pytestmark = pytest.mark.integration

TYPES = "org.peelian.meeting.{}.v1"


async def one_to_one(
    client: httpx.AsyncClient, people: People, **fields: Any
) -> tuple[uuid.UUID, list[dict[str, Any]]]:
    """A fresh officer's Monday advice hours (10:00-12:00, 30 minutes + 10) and their slots."""
    officer = uuid.uuid4()
    entry = await make_availability(
        client,
        people.officer(officer),
        officer_id=str(officer),
        meeting_type="crime-prevention-advice",
        location="cathays-station",
        weekday="monday",
        start_time="10:00",
        end_time="12:00",
        **fields,
    )
    found = await slots(client, people.citizen(), officer_id=str(officer))
    assert found
    assert {s["availability_id"] for s in found} == {entry["id"]}
    return officer, found


async def test_a_citizen_books_follows_and_cancels_a_meeting(
    client: httpx.AsyncClient, people: People, scheduling_database_url: str
) -> None:
    officer, found = await one_to_one(client, people)
    student = uuid.uuid4()
    me = people.citizen(student)

    booked = await book(client, me, found[0], note="Advice on securing my bike, please.")
    assert booked.status_code == 201, booked.text
    meeting = booked.json()
    assert meeting["status"] == "booked"
    assert meeting["starts_at"] == found[0]["starts_at"]
    assert meeting["officer_id"] == str(officer)
    assert meeting["note"] == "Advice on securing my bike, please."
    assert meeting["location_name"] == "Cathays police station"
    assert "officer_notes" not in meeting
    assert "citizen_id" not in meeting
    mid = meeting["id"]

    # Nobody else sees it; the officer does, with who booked and their note.
    assert (await client.get(f"/meetings/{mid}", headers=people.citizen())).status_code == 404
    staff_view = (await client.get(f"/meetings/{mid}", headers=people.officer(officer))).json()
    assert staff_view["citizen_id"] == str(student)
    assert staff_view["booked"] == 1
    assert staff_view["capacity"] == 1
    mine = (await client.get("/meetings", headers=me)).json()["items"]
    assert [m["id"] for m in mine] == [mid]
    theirs = (await client.get("/meetings", headers=people.officer(officer))).json()["items"]
    assert [m["id"] for m in theirs] == [mid]

    # The slot is taken: it is no longer offered.
    again = await slots(client, people.citizen(), officer_id=str(officer))
    assert found[0]["starts_at"] not in {s["starts_at"] for s in again}

    confirmed = await client.post(f"/meetings/{mid}/confirm", headers=me)
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["confirmed_at"] is not None

    cancelled = await client.post(
        f"/meetings/{mid}/cancel", json={"reason": "I found my answer online."}, headers=me
    )
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["status"] == "cancelled"
    assert cancelled.json()["cancelled_by"] == "citizen"
    # The place is free again.
    freed = await slots(client, people.citizen(), officer_id=str(officer))
    assert found[0]["starts_at"] in {s["starts_at"] for s in freed}

    events = await outbox_events(scheduling_database_url, mid)
    assert [e["type"] for e in events] == [TYPES.format("booked"), TYPES.format("cancelled")]
    booked_event, cancelled_event = (e["data"] for e in events)
    assert booked_event["citizen_id"] == str(student)
    assert booked_event["officer_id"] == str(officer)
    assert booked_event["meeting_type"] == "Crime prevention advice"
    assert booked_event["timezone"] == "Europe/London"
    assert booked_event["online"] is False
    assert cancelled_event["cancelled_by"] == "citizen"
    assert cancelled_event["reason"] == "I found my answer online."


async def test_moving_a_meeting_frees_the_old_slot_and_tells_the_old_time(
    client: httpx.AsyncClient, people: People, scheduling_database_url: str
) -> None:
    officer, found = await one_to_one(client, people)
    me = people.citizen()
    mid = (await book(client, me, found[0])).json()["id"]

    moved = await client.post(
        f"/meetings/{mid}/reschedule",
        json={"availability_id": found[1]["availability_id"], "starts_at": found[1]["starts_at"]},
        headers=people.officer(officer),
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["starts_at"] == found[1]["starts_at"]
    offered = {s["starts_at"] for s in await slots(client, me, officer_id=str(officer))}
    assert found[0]["starts_at"] in offered
    assert found[1]["starts_at"] not in offered

    events = await outbox_events(scheduling_database_url, mid)
    assert events[-1]["type"] == TYPES.format("rescheduled")
    assert datetime.fromisoformat(events[-1]["data"]["previous_starts_at"]) == (
        datetime.fromisoformat(found[0]["starts_at"])
    )

    cancelled = await client.post(
        f"/meetings/{mid}/cancel",
        json={"reason": "The officer is needed in court."},
        headers=people.officer(officer),
    )
    assert cancelled.json()["cancelled_by"] == "officer"
    # A cancelled meeting cannot change any more.
    again = await client.post(
        f"/meetings/{mid}/cancel", json={"reason": "twice"}, headers=people.officer(officer)
    )
    refused(again, 409, "meeting_closed")


async def test_the_officer_marks_a_meeting_held_and_keeps_private_notes(
    client: httpx.AsyncClient, people: People, scheduling_database_url: str
) -> None:
    officer, found = await one_to_one(client, people)
    me = people.citizen()
    mid = (await book(client, me, found[0])).json()["id"]
    staff = people.officer(officer)

    early = await client.post(f"/meetings/{mid}/complete", json={"attended": True}, headers=staff)
    refused(early, 409, "meeting_not_started")
    citizen = await client.post(f"/meetings/{mid}/complete", json={"attended": True}, headers=me)
    assert citizen.status_code == 403

    await move_into_the_past(scheduling_database_url, mid, timedelta(hours=1))
    late_cancel = await client.post(f"/meetings/{mid}/cancel", json={"reason": "x"}, headers=me)
    refused(late_cancel, 409, "meeting_started")

    noted = await client.put(
        f"/meetings/{mid}/notes", json={"notes": "Gave a D-lock voucher."}, headers=staff
    )
    assert noted.json()["officer_notes"] == "Gave a D-lock voucher."
    held = await client.post(f"/meetings/{mid}/complete", json={"attended": False}, headers=staff)
    assert held.status_code == 200, held.text
    assert held.json()["status"] == "no_show"
    mine = (await client.get(f"/meetings/{mid}", headers=me)).json()
    assert mine["status"] == "no_show"
    assert "officer_notes" not in mine
    forbidden = await client.put(f"/meetings/{mid}/notes", json={"notes": "x"}, headers=me)
    assert forbidden.status_code == 403

    events = await outbox_events(scheduling_database_url, mid)
    assert events[-1]["type"] == TYPES.format("completed")
    assert events[-1]["data"]["attended"] is False


# --- bad input: each a typed 4xx with a message a client developer can act on ---


async def test_a_slot_in_the_past_is_refused(client: httpx.AsyncClient, people: People) -> None:
    _, found = await one_to_one(client, people, valid_from="2020-01-06")
    past = datetime(2020, 1, 6, 10, 0, tzinfo=UTC)
    response = await book(client, people.citizen(), {**found[0], "starts_at": past.isoformat()})
    assert "GET /slots" in refused(response, 400, "slot_in_the_past")


async def test_a_time_outside_availability_is_refused(
    client: httpx.AsyncClient, people: People
) -> None:
    _, found = await one_to_one(client, people)
    start = datetime.fromisoformat(found[0]["starts_at"])
    for wrong in (start + timedelta(minutes=5), start + timedelta(hours=3), start + timedelta(1)):
        response = await book(
            client, people.citizen(), {**found[0], "starts_at": wrong.isoformat()}
        )
        assert response.status_code == 400, wrong
        body = response.json()
        assert body["error"] == "not_a_slot"
        assert "10:00 to 12:00 (Europe/London)" in body["detail"]["message"]
    unknown = await book(
        client, people.citizen(), {**found[0], "availability_id": str(uuid.uuid4())}
    )
    refused(unknown, 400, "not_a_slot")


async def test_a_full_slot_is_a_conflict(client: httpx.AsyncClient, people: People) -> None:
    _, found = await one_to_one(client, people)
    me = people.citizen()
    assert (await book(client, me, found[0])).status_code == 201
    twice = await book(client, me, found[0])
    assert twice.status_code == 409
    assert twice.json()["error"] in {"slot_full", "already_booked"}
    other = await book(client, people.citizen(), found[0])
    assert "pick another" in refused(other, 409, "slot_full")


async def test_the_same_person_cannot_take_two_places_in_a_group_session(
    client: httpx.AsyncClient, people: People
) -> None:
    entry = await make_availability(client, people.supervisor())
    [first, *_] = await slots(client, people.citizen(), team=entry["team"])
    me = people.citizen()
    assert (await book(client, me, first)).status_code == 201
    twice = await book(client, me, first)
    refused(twice, 409, "already_booked")


async def test_cancelling_someone_elses_meeting_is_not_found(
    client: httpx.AsyncClient, people: People
) -> None:
    _, found = await one_to_one(client, people)
    mid = (await book(client, people.citizen(), found[0])).json()["id"]
    for path, body in (
        ("cancel", {"reason": "not mine"}),
        (
            "reschedule",
            {"availability_id": found[1]["availability_id"], "starts_at": found[1]["starts_at"]},
        ),
        ("confirm", None),
    ):
        response = await client.post(f"/meetings/{mid}/{path}", json=body, headers=people.citizen())
        refused(response, 404, "meeting_not_found")
    assert (
        await client.get(f"/meetings/{uuid.uuid4()}", headers=people.citizen())
    ).status_code == 404
    partner = await client.get(f"/meetings/{mid}", headers=people.partner())
    assert partner.status_code == 404


async def test_invalid_time_zone_names_are_refused(
    client: httpx.AsyncClient, people: People
) -> None:
    _, found = await one_to_one(client, people)
    for params, headers in (
        ({"tz": "Mars/Olympus_Mons"}, {}),
        ({"tz": "../../etc/passwd"}, {}),
        ({}, {"Time-Zone": "GMT+25"}),
    ):
        response = await client.get("/slots", params=params, headers=people.citizen() | headers)
        assert "Europe/London" in refused(response, 400, "invalid_timezone")
    booked = await client.post(
        "/meetings",
        params={"tz": "Europe/Londres"},
        json={"availability_id": found[0]["availability_id"], "starts_at": found[0]["starts_at"]},
        headers=people.citizen(),
    )
    refused(booked, 400, "invalid_timezone")


async def test_anonymous_reporters_book_only_their_reports_follow_up(
    client: httpx.AsyncClient,
    people: People,
    scheduling_settings: SchedulingSettingsFactory,
) -> None:
    _, found = await one_to_one(client, people)
    reporter = uuid.uuid4()
    anonymous = people.anonymous(reporter)
    no_report = await book(client, anonymous, found[0])
    refused(no_report, 403, "follow_up_only")

    report_id = uuid.uuid4()
    unknown = await book(client, anonymous, found[0], report_id=str(report_id))
    refused(unknown, 404, "report_not_found")

    await _report_submitted(scheduling_settings, report_id, reporter)
    someone_else = await book(client, people.anonymous(), found[0], report_id=str(report_id))
    assert someone_else.status_code == 404
    booked = await book(client, anonymous, found[0], report_id=str(report_id))
    assert booked.status_code == 201, booked.text
    assert booked.json()["report_id"] == str(report_id)


async def _report_submitted(
    settings_factory: SchedulingSettingsFactory, report_id: uuid.UUID, reporter: uuid.UUID
) -> None:
    now = datetime.now(UTC)
    payload = ReportSubmittedV1(
        report_id=report_id,
        reference="PRE-2026-000001",
        kind="incident",
        category="theft",
        urgent=False,
        description="My bike was taken from the library racks.",
        occurred_from=now,
        occurred_to=now,
        latitude=None,
        longitude=None,
        location_text=None,
        areas=[],
        language="en",
        anonymity="anonymous",
        reporter_id=reporter,
        reporter_anonymous=True,
        contact_consent=True,
        share_consent=False,
        submitted_at=now,
    )
    await apply_event(settings_factory(), payload, str(report_id))
