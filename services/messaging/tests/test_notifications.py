"""Notifications: meeting events tell whoever booked, survey.published asks a survey's
audience (a list of people, or an area's subscribers through a fanned-out feed item)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from event_support import Apply, applying, eventually, send_as
from messaging.main import create_app
from messaging.publications.fanout import FanOutWorker
from messaging_helpers import MessagingSettingsFactory
from peelian.db.engine import Database
from peelian.events.contracts.identity import AccountErasedV1
from peelian.events.contracts.scheduling import (
    MeetingBookedV1,
    MeetingCancelledV1,
    MeetingCompletedV1,
    MeetingReminderDueV1,
    MeetingRescheduledV1,
)
from peelian.events.contracts.surveys import SurveyPublishedV1
from peelian.testing.infra import Infra
from peelian.testing.people import People
from peelian.testing.plugin import app_client

pytestmark = pytest.mark.integration

# 14:00 UTC on a summer day is 15:00 in London (BST); on a winter day it is 14:00 (GMT).
SUMMER = datetime(2027, 6, 15, 14, 0, tzinfo=UTC)
WINTER = datetime(2027, 1, 12, 14, 0, tzinfo=UTC)


@pytest.fixture
async def apply(messaging_settings: MessagingSettingsFactory) -> AsyncIterator[Apply]:
    async with applying(messaging_settings()) as apply_event:
        yield apply_event


def meeting(citizen: uuid.UUID, booking: uuid.UUID, starts_at: datetime = SUMMER) -> dict[str, Any]:
    return {
        "booking_id": booking,
        "citizen_id": citizen,
        "officer_id": uuid.uuid4(),
        "meeting_type": "campus drop-in",
        "location": "Students' Union, drop-in point",
        "online": False,
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(minutes=20),
        "timezone": "Europe/London",
    }


def survey(**overrides: Any) -> SurveyPublishedV1:
    values: dict[str, Any] = {
        "survey_id": uuid.uuid4(),
        "version": 1,
        "published_by": uuid.uuid4(),
        "title": "Your safety on campus",
        "description": "Tell us what worries you and how you want to hear from us.",
        "language": "en",
        "audience": "areas",
        "areas": ["campus"],
        "topics": [],
        "account_ids": [],
        "path": "/survey-links/abc123",
        "opens_at": datetime.now(UTC),
        "closes_at": datetime.now(UTC) + timedelta(days=14),
    }
    return SurveyPublishedV1(**(values | overrides))


async def notifications(client: httpx.AsyncClient, who: dict[str, str]) -> list[dict[str, Any]]:
    response = await client.get("/notifications", headers=who)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


async def test_meeting_events_tell_whoever_booked_in_their_local_time(
    client: httpx.AsyncClient, people: People, apply: Apply
) -> None:
    student, booking = uuid.uuid4(), uuid.uuid4()
    base = meeting(student, booking)
    moved = SUMMER + timedelta(days=1)

    await apply(MeetingBookedV1(**base), booking)
    await apply(MeetingReminderDueV1(**base, hours_before=24), booking)
    await apply(
        MeetingRescheduledV1(**(base | {"starts_at": moved}), previous_starts_at=SUMMER), booking
    )
    await apply(
        MeetingCancelledV1(
            **(base | {"starts_at": moved}), cancelled_by="officer", reason="The officer is ill."
        ),
        booking,
    )
    mine = await notifications(client, people.citizen(student))
    someone_else = await notifications(client, people.citizen())

    assert [n["kind"] for n in mine] == [
        "meeting.cancelled",
        "meeting.rescheduled",
        "meeting.reminder_due",
        "meeting.booked",
    ]
    booked = mine[-1]
    assert booked["title"] == "Meeting booked"
    # Shown on London's clock, summer time: 14:00 UTC is 15:00 BST.
    assert "Tue 15 Jun 2027, 15:00 BST" in booked["body"]
    assert "Students' Union, drop-in point" in booked["body"]
    assert booked["link"] == f"/meetings/{booking}"
    assert booked["data"]["booking_id"] == str(booking)
    assert "from Tue 15 Jun 2027, 15:00 BST to Wed 16 Jun 2027, 15:00 BST" in mine[1]["body"]
    assert mine[0]["body"].endswith("cancelled by the officer: The officer is ill.")
    assert mine[2]["title"] == "Meeting in 24 hours"
    assert someone_else == []


async def test_winter_times_a_no_show_and_reading_a_notification(
    client: httpx.AsyncClient, people: People, apply: Apply
) -> None:
    student, booking = uuid.uuid4(), uuid.uuid4()
    who = people.anonymous(student)  # an anonymous reporter booked a follow-up
    await apply(MeetingCompletedV1(**meeting(student, booking, WINTER), attended=False), booking)

    [missed] = await notifications(client, who)
    read = await client.post(f"/notifications/{missed['id']}/read", headers=who)
    not_theirs = await client.post(f"/notifications/{missed['id']}/read", headers=people.citizen())

    assert missed["title"] == "We missed you"
    assert "Tue 12 Jan 2027, 14:00 GMT" in missed["body"]
    assert read.status_code == 200
    assert read.json()["read_at"] is not None
    assert not_theirs.status_code == 404
    assert not_theirs.json()["error"] == "notification_not_found"


async def test_a_survey_for_a_list_of_accounts_notifies_each_of_them_once(
    client: httpx.AsyncClient, people: People, apply: Apply
) -> None:
    chosen, left_out = uuid.uuid4(), uuid.uuid4()
    listed = survey(audience="accounts", areas=[], account_ids=[chosen, chosen])

    await apply(listed, listed.survey_id)
    await apply(survey(audience="public"), uuid.uuid4())
    await apply(survey(audience="accounts", version=2, account_ids=[left_out]), uuid.uuid4())

    [asked] = await notifications(client, people.citizen(chosen))
    assert asked["kind"] == "survey.published"
    assert asked["title"] == "Have your say: Your safety on campus"
    assert asked["link"] == "/survey-links/abc123"
    assert "It closes on" in asked["body"]
    assert await notifications(client, people.citizen(left_out)) == []


async def test_a_survey_for_an_area_reaches_its_subscribers_as_a_fanned_out_item(
    client: httpx.AsyncClient, people: People, apply: Apply, database: Database
) -> None:
    on_campus, elsewhere = people.citizen(), people.citizen()
    for who, area in ((on_campus, "campus"), (elsewhere, "city-centre")):
        saved = await client.put("/subscriptions/me", json={"areas": [area]}, headers=who)
        assert saved.status_code == 200, saved.text
    # Its own link: other surveys (the surveys service's, through Kafka) reach the campus too.
    link = f"/survey-links/{uuid.uuid4().hex[:12]}"
    # An area messaging does not know is left out.
    campus = survey(areas=["campus", "atlantis"], path=link)

    await apply(campus, campus.survey_id)
    await FanOutWorker(database).run_pending()

    def surveys(inbox: httpx.Response) -> list[dict[str, Any]]:
        return [e for e in inbox.json()["items"] if e["publication"]["body"].endswith(link)]

    [item] = surveys(await client.get("/inbox", headers=on_campus))
    assert surveys(await client.get("/inbox", headers=elsewhere)) == []
    assert item["publication"]["areas"] == ["campus"]
    assert item["publication"]["title"] == "Have your say: Your safety on campus"
    assert item["publication"]["kind"] == "survey"
    feed = await client.get("/feeds/publications", params={"kind": "survey", "area": "campus"})
    assert item["publication"]["id"] in {p["id"] for p in feed.json()["items"]}


async def test_officers_cannot_make_survey_items_by_hand(
    client: httpx.AsyncClient, people: People
) -> None:
    response = await client.post(
        "/publications",
        json={
            "kind": "survey",
            "areas": ["campus"],
            "translations": [{"language": "en", "title": "Survey", "body": "Answer it"}],
        },
        headers=people.officer(),
    )

    assert response.status_code in (400, 422)
    assert "published by the surveys service" in response.text


async def test_erasing_an_account_deletes_its_notifications(
    client: httpx.AsyncClient, people: People, apply: Apply
) -> None:
    student, booking = uuid.uuid4(), uuid.uuid4()
    await apply(MeetingBookedV1(**meeting(student, booking)), booking)

    await apply(AccountErasedV1(account_id=student), student)

    assert await notifications(client, people.citizen(student)) == []


async def test_the_consumer_turns_a_meeting_event_from_kafka_into_a_notification(
    messaging_settings: MessagingSettingsFactory, people: People, infra: Infra
) -> None:
    settings = messaging_settings(
        run_workers=True, service_name=f"messaging-{uuid.uuid4().hex[:8]}"
    )
    student, booking = uuid.uuid4(), uuid.uuid4()
    who = people.citizen(student)

    async with app_client(create_app(settings)) as live:
        await send_as(
            infra.kafka_bootstrap,
            "scheduling",
            MeetingBookedV1(**meeting(student, booking)),
            booking,
        )

        async def told() -> bool:
            return bool(await notifications(live, who))

        await eventually(told)
        [booked] = await notifications(live, who)

    assert booked["kind"] == "meeting.booked"
