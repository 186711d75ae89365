"""End to end across services: a student finds a campus drop-in slot through the gateway and
books it; scheduling's outbox publishes meeting.booked to Kafka and messaging's consumer turns
it into the student's notification; the reminder worker's meeting.reminder_due (its clock set
a day before the meeting) reaches the student the same way; the meeting's .ics parses with
the icalendar library; and the officer sees the booking in their list and in their private
calendar feed, read through the gateway with nothing but the feed's link. Gateway,
scheduling and messaging on real ports, relays and consumers running, real PostgreSQL and
Kafka."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from icalendar import Calendar

from e2e_support import (
    alembic_ini,
    app_settings,
    behind_gateway,
    eventually,
    gateway_settings,
    sign_in,
    staff,
)
from gateway.main import create_app as create_gateway
from messaging.config import MessagingSettings
from messaging.main import create_app as create_messaging
from messaging.seed import seed as seed_messaging
from peelian.db.engine import Database
from peelian.reference import NEIGHBOURHOOD_TEAM
from peelian.testing.infra import Infra
from peelian.testing.plugin import CreateDatabase
from peelian.testing.serve import bound_socket, serve
from scheduling.config import SchedulingSettings
from scheduling.main import create_app as create_scheduling
from scheduling.reminders.worker import ReminderWorker
from scheduling.seed import seed as seed_scheduling

pytestmark = pytest.mark.integration

ADMIN_EMAIL = "e2e-admin@police.example"
PASSWORD = "amber-kettle-violin-42"


@dataclass(frozen=True)
class Platform:
    gateway_url: str
    scheduling: SchedulingSettings


@pytest.fixture
async def platform(
    infra: Infra, create_database: CreateDatabase, service_env: dict[str, Any]
) -> AsyncIterator[Platform]:
    gateway_socket = bound_socket()
    common = behind_gateway(service_env, gateway_socket)
    suffix = uuid.uuid4().hex[:8]
    scheduling = await app_settings(
        SchedulingSettings, "scheduling", create_database, common, suffix
    )
    messaging = await app_settings(MessagingSettings, "messaging", create_database, common, suffix)
    await seed_scheduling(scheduling, samples=False)
    await seed_messaging(messaging, samples=False)
    async with contextlib.AsyncExitStack() as stack:
        scheduling_url = await stack.enter_async_context(serve(create_scheduling(scheduling)))
        messaging_url = await stack.enter_async_context(serve(create_messaging(messaging)))
        gateway = create_gateway(
            gateway_settings(
                infra,
                await create_database("e2e_gateway", alembic_ini("gateway")),
                {"scheduling": scheduling_url, "messaging": messaging_url},
                first_admin_email=ADMIN_EMAIL,
                first_admin_password=PASSWORD,
            )
        )
        url = await stack.enter_async_context(serve(gateway, sock=gateway_socket))
        yield Platform(url, scheduling)


async def remind_a_day_before(settings: SchedulingSettings, starts_at: datetime) -> int:
    """Run the reminder worker once, its clock set 24 hours before the meeting."""
    database = Database.from_settings(settings)
    try:
        worker = ReminderWorker(database, settings, clock=lambda: starts_at - timedelta(hours=24))
        return await worker.run_pending()
    finally:
        await database.dispose()


async def test_a_student_books_a_campus_drop_in_and_hears_about_it(platform: Platform) -> None:
    async with httpx.AsyncClient(base_url=platform.gateway_url, timeout=30) as client:
        admin = await sign_in(
            client, grant_type="password", username=ADMIN_EMAIL, password=PASSWORD
        )
        supervisor = await staff(client, admin, "supervisor")
        officer = await staff(client, admin, "officer")

        # The team's Tuesday drop-ins at the Students' Union.
        schedule = await client.post(
            "/availability",
            json={
                "team": NEIGHBOURHOOD_TEAM,
                "meeting_type": "campus-drop-in",
                "location": "students-union",
                "weekday": "tuesday",
                "start_time": "12:00",
                "end_time": "14:00",
                "valid_from": str(datetime.now().date() + timedelta(days=2)),
            },
            headers=supervisor,
        )
        assert schedule.status_code == 201, schedule.text

        email = f"student-{uuid.uuid4().hex[:8]}@students.example.ac.uk"
        registered = await client.post(
            "/accounts", json={"email": email, "password": PASSWORD, "display_name": "Sam"}
        )
        assert registered.status_code == 201, registered.text
        student = await sign_in(client, grant_type="password", username=email, password=PASSWORD)

        found = await client.get(
            "/slots", params={"meeting_type": "campus-drop-in"}, headers=student
        )
        assert found.status_code == 200, found.text
        slot = found.json()["items"][0]
        assert slot["location_name"] == "Students' Union, police drop-in point"
        assert slot["remaining"] == 6
        booked = await client.post(
            "/meetings",
            json={
                "availability_id": slot["availability_id"],
                "starts_at": slot["starts_at"],
                "note": "Someone keeps trying the door of our flat at night.",
            },
            headers=student,
        )
        assert booked.status_code == 201, booked.text
        meeting = booked.json()
        mid = meeting["id"]

        # meeting.booked went round: scheduling's outbox, Kafka, messaging's consumer.
        async def notified(kind: str) -> Any:
            items = (await client.get("/notifications", headers=student)).json()["items"]
            return next((n for n in items if n["kind"] == kind), None)

        note = await eventually(lambda: notified("meeting.booked"))
        assert note["link"] == f"/meetings/{mid}"
        assert "Campus drop-in" in note["body"]
        assert "Students' Union" in note["body"]

        # A day before: the reminder goes the same way.
        starts_at = datetime.fromisoformat(meeting["starts_at"])
        assert await remind_a_day_before(platform.scheduling, starts_at) == 1
        reminder = await eventually(lambda: notified("meeting.reminder_due"))
        assert reminder["title"] == "Meeting in 24 hours"

        # The meeting as a calendar file.
        ics = await client.get(f"/meetings/{mid}/calendar.ics", headers=student)
        assert ics.status_code == 200, ics.text
        [event] = Calendar.from_ical(ics.content).events
        assert event.start == starts_at
        assert str(event["UID"]).startswith(mid)

        # The officer sees it: in the team's list, and in their private feed.
        listed = await client.get("/meetings", params={"team": NEIGHBOURHOOD_TEAM}, headers=officer)
        [seen] = listed.json()["items"]
        assert seen["id"] == mid
        assert seen["note"] == "Someone keeps trying the door of our flat at night."
        feed = await client.post(
            "/calendar-feeds", json={"teams": [NEIGHBOURHOOD_TEAM]}, headers=officer
        )
        assert feed.status_code == 201, feed.text
        path = urlsplit(feed.json()["url"]).path
        calendar = await client.get(path)  # no token: the link is the credential
        assert calendar.status_code == 200, calendar.text
        [session] = Calendar.from_ical(calendar.content).events
        assert session.start == starts_at
        assert "1 of 6 places booked" in str(session["SUMMARY"])
        assert f"/meetings/{mid}" in str(session["DESCRIPTION"])
        assert b"trying the door" not in calendar.content
