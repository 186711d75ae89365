"""Reminders: meeting.reminder_due 24 hours and 1 hour before, exactly once each however many
workers run, none for cancelled or past meetings, re-armed when a meeting moves. The worker's
clock is injected: no test waits."""

from __future__ import annotations

import asyncio
import uuid
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest

from peelian.db.engine import Database
from peelian.testing.people import People
from scheduling.reminders.worker import ReminderWorker
from scheduling_helpers import (
    SchedulingSettingsFactory,
    book,
    make_availability,
    outbox_events,
    slots,
)

pytestmark = pytest.mark.integration

REMINDER = "org.peelian.meeting.reminder_due.v1"


class Clock:
    """A clock a test sets."""

    def __init__(self) -> None:
        self.now = datetime.fromisoformat("2000-01-01T00:00:00+00:00")

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def worker(
    database: Database, scheduling_settings: SchedulingSettingsFactory, clock: Clock
) -> ReminderWorker:
    return ReminderWorker(database, scheduling_settings(), clock=clock)


async def booked(
    client: httpx.AsyncClient, people: People
) -> tuple[str, datetime, list[dict[str, Any]], dict[str, str]]:
    """A citizen's meeting with a fresh officer: its id, start, the other slots, the citizen."""
    officer = uuid.uuid4()
    await make_availability(
        client,
        people.officer(officer),
        officer_id=str(officer),
        meeting_type="crime-prevention-advice",
        valid_from=str(datetime.now().date() + timedelta(days=3)),
    )
    found = await slots(client, people.citizen(), officer_id=str(officer))
    me = people.citizen()
    response = await book(client, me, found[0])
    assert response.status_code == 201, response.text
    return response.json()["id"], datetime.fromisoformat(found[0]["starts_at"]), found[1:], me


async def reminders(database_url: str, booking_id: str) -> list[int]:
    events = await outbox_events(database_url, booking_id)
    return [e["data"]["hours_before"] for e in events if e["type"] == REMINDER]


async def test_each_reminder_goes_once_at_its_time(
    client: httpx.AsyncClient,
    people: People,
    worker: ReminderWorker,
    clock: Clock,
    scheduling_settings: SchedulingSettingsFactory,
    database: Database,
    scheduling_database_url: str,
) -> None:
    mid, starts_at, _, _ = await booked(client, people)

    clock.now = starts_at - timedelta(hours=24, minutes=1)
    await worker.run_pending()
    assert await reminders(scheduling_database_url, mid) == []

    clock.now = starts_at - timedelta(hours=24)
    await worker.run_pending()
    await worker.run_pending()
    assert await reminders(scheduling_database_url, mid) == [24]

    # Three workers (replicas) at once, the 1-hour reminder due: it still goes once.
    clock.now = starts_at - timedelta(minutes=59)
    others = [ReminderWorker(database, scheduling_settings(), clock=clock) for _ in range(2)]
    await asyncio.gather(worker.run_pending(), *(w.run_pending() for w in others))
    assert await reminders(scheduling_database_url, mid) == [24, 1]
    events = await outbox_events(scheduling_database_url, mid)
    last = events[-1]["data"]
    assert last["booking_id"] == mid
    assert datetime.fromisoformat(last["starts_at"]) == starts_at
    assert last["meeting_type"] == "Crime prevention advice"

    clock.now = starts_at + timedelta(hours=1)
    await worker.run_pending()
    assert await reminders(scheduling_database_url, mid) == [24, 1]


async def test_no_reminder_for_a_cancelled_or_past_meeting(
    client: httpx.AsyncClient,
    people: People,
    worker: ReminderWorker,
    clock: Clock,
    scheduling_database_url: str,
) -> None:
    cancelled, starts_at, _, me = await booked(client, people)
    await client.post(
        f"/meetings/{cancelled}/cancel", json={"reason": "No longer needed"}, headers=me
    )
    past, past_start, _, _ = await booked(client, people)

    # The worker was down until both meetings had begun: nothing is sent late.
    clock.now = max(starts_at, past_start) + timedelta(minutes=1)
    await worker.run_pending()
    assert await reminders(scheduling_database_url, cancelled) == []
    assert await reminders(scheduling_database_url, past) == []


async def test_a_late_worker_sends_only_the_closest_reminder(
    client: httpx.AsyncClient,
    people: People,
    worker: ReminderWorker,
    clock: Clock,
    scheduling_database_url: str,
) -> None:
    mid, starts_at, _, _ = await booked(client, people)
    # Down from a day before until half an hour before: the 24-hour reminder is stale.
    clock.now = starts_at - timedelta(minutes=30)
    await worker.run_pending()
    assert await reminders(scheduling_database_url, mid) == [1]


async def test_moving_a_meeting_re_arms_its_reminders(
    client: httpx.AsyncClient,
    people: People,
    worker: ReminderWorker,
    clock: Clock,
    scheduling_database_url: str,
) -> None:
    mid, starts_at, others, me = await booked(client, people)
    clock.now = starts_at - timedelta(hours=23)
    await worker.run_pending()
    assert await reminders(scheduling_database_url, mid) == [24]

    later = others[-1]
    moved = await client.post(
        f"/meetings/{mid}/reschedule",
        json={"availability_id": later["availability_id"], "starts_at": later["starts_at"]},
        headers=me,
    )
    assert moved.status_code == 200, moved.text
    new_start = datetime.fromisoformat(later["starts_at"])
    clock.now = new_start - timedelta(hours=24)
    await worker.run_pending()
    clock.now = new_start - timedelta(hours=1)
    await worker.run_pending()
    assert await reminders(scheduling_database_url, mid) == [24, 24, 1]
    events = [e for e in await outbox_events(scheduling_database_url, mid) if e["type"] == REMINDER]
    assert datetime.fromisoformat(events[-1]["data"]["starts_at"]) == new_start
