"""account.erased: a citizen's bookings keep the officer's side (when, outcome, private
notes) and lose who booked and their note; meetings still to come are cancelled and their
places freed; an erased officer's feed link stops working."""

from __future__ import annotations

import uuid
from datetime import timedelta

import httpx
import pytest

from peelian.events.contracts.identity import AccountErasedV1
from peelian.testing.people import People
from scheduling_helpers import (
    SchedulingSettingsFactory,
    apply_event,
    book,
    fetch,
    make_availability,
    move_into_the_past,
    outbox_events,
    slots,
)

pytestmark = pytest.mark.integration


async def erase(settings_factory: SchedulingSettingsFactory, account: uuid.UUID) -> None:
    await apply_event(settings_factory(), AccountErasedV1(account_id=account), str(account))


async def test_an_erased_citizens_bookings_keep_only_the_officers_side(
    client: httpx.AsyncClient,
    people: People,
    scheduling_settings: SchedulingSettingsFactory,
    scheduling_database_url: str,
) -> None:
    officer = uuid.uuid4()
    staff = people.officer(officer)
    await make_availability(
        client, staff, officer_id=str(officer), meeting_type="crime-prevention-advice"
    )
    found = await slots(client, people.citizen(), officer_id=str(officer))
    student = uuid.uuid4()
    me = people.citizen(student)
    held = (await book(client, me, found[0], note="My name is Alex Example")).json()["id"]
    coming = (await book(client, me, found[1], note="Call me on 07700 900123")).json()["id"]
    # The first meeting took place yesterday; the officer noted it.
    await move_into_the_past(scheduling_database_url, held, timedelta(days=1))
    await client.put(f"/meetings/{held}/notes", json={"notes": "Advised on locks."}, headers=staff)
    await client.post(f"/meetings/{held}/complete", json={"attended": True}, headers=staff)
    feed = await client.post("/calendar-feeds", json={}, headers=people.officer(student))

    await erase(scheduling_settings, student)
    await erase(scheduling_settings, student)  # a redelivery changes nothing more

    assert (await client.get("/meetings", headers=me)).json()["items"] == []
    kept = (await client.get(f"/meetings/{held}", headers=staff)).json()
    assert kept["citizen_id"] is None
    assert kept["note"] is None
    assert kept["status"] == "completed"
    assert kept["officer_notes"] == "Advised on locks."
    gone = (await client.get(f"/meetings/{coming}", headers=staff)).json()
    assert gone["status"] == "cancelled"
    assert gone["citizen_id"] is None
    assert gone["note"] is None
    # Its place is offered again, and nobody is told (there is nobody left to tell).
    offered = {
        s["starts_at"] for s in await slots(client, people.citizen(), officer_id=str(officer))
    }
    assert found[1]["starts_at"] in offered
    assert [e["type"] for e in await outbox_events(scheduling_database_url, coming)] == [
        "org.peelian.meeting.booked.v1"
    ]
    rows = await fetch(
        scheduling_database_url,
        "SELECT count(*) AS n FROM bookings WHERE citizen_id = $1 OR note LIKE '%Alex%'",
        student,
    )
    assert rows[0]["n"] == 0
    # An erased account's calendar feed is revoked too.
    path = "/calendars/" + feed.json()["url"].rsplit("/calendars/", 1)[1]
    assert (await client.get(path)).status_code == 404
