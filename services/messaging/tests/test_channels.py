"""Email, push and SMS: queued at fan-out, held back by quiet hours, sent by the delivery
worker (email to a real local SMTP server), retried with back-off; one-click unsubscribe."""

from __future__ import annotations

import socket
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import httpx
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from pydantic import SecretStr
from sqlalchemy import select, update

from messaging.channels.models import Delivery
from messaging.channels.worker import DeliveryWorker
from messaging.publications.fanout import FanOutWorker
from messaging.unsubscribe.tokens import make_token
from messaging_helpers import MessagingSettingsFactory
from peelian.db.engine import Database
from peelian.testing.people import People

pytestmark = pytest.mark.integration

DEV_SECRET = "dev-only-unsubscribe-secret"


class Mailbox:
    """An aiosmtpd handler keeping every message it is given."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        assert isinstance(envelope.content, bytes)
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


def free_port() -> int:
    """A port nothing listens on (the OS's choice, released at once)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


@pytest.fixture
def mailbox() -> Iterator[tuple[Mailbox, int]]:
    """A real SMTP server on 127.0.0.1 (its own thread) and its port."""
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield box, controller.port
    controller.stop()


class Person:
    def __init__(self, people: People, **subscription: Any) -> None:
        self.id = uuid.uuid4()
        self.headers = people.citizen(self.id)
        self.email = f"student-{self.id.hex[:12]}@example.ac.uk"
        self.subscription = {"areas": ["campus"], "email": self.email, **subscription}


async def subscribe(client: httpx.AsyncClient, person: Person) -> uuid.UUID:
    """Saves the person's subscription; its id."""
    response = await client.put(
        "/subscriptions/me", json=person.subscription, headers=person.headers
    )
    assert response.status_code == 200, response.text
    return uuid.UUID(response.json()["id"])


async def publish_and_fan_out(
    client: httpx.AsyncClient, people: People, database: Database, severity: str, title: str
) -> uuid.UUID:
    """A supervisor's warning to the campus, fanned out; its id."""
    supervisor = people.supervisor()
    draft = await client.post(
        "/publications",
        json={
            "kind": "warning",
            "severity": severity,
            "areas": ["campus"],
            "translations": [
                {"language": "en", "title": title, "body": "Lock your bike in the racks."},
                {"language": "cy", "title": f"{title} (cy)", "body": "Cloiwch eich beic."},
            ],
        },
        headers=supervisor,
    )
    assert draft.status_code == 201, draft.text
    published = await client.post(f"/publications/{draft.json()['id']}/publish", headers=supervisor)
    assert published.json()["status"] == "published", published.text
    await FanOutWorker(database).run_pending()
    return uuid.UUID(published.json()["id"])


async def deliveries(
    database: Database, publication_id: uuid.UUID, person: Person
) -> dict[str, Delivery]:
    """The person's deliveries of the publication, by channel."""
    async with database.sessionmaker() as session:
        rows = await session.scalars(
            select(Delivery).where(
                Delivery.publication_id == publication_id, Delivery.recipient_id == person.id
            )
        )
        return {d.channel: d for d in rows}


def zone_where_the_hour_is(hour: int) -> str:
    """A fixed-offset time zone whose clock shows ``hour`` now."""
    for offset in range(-12, 15):
        name = f"Etc/GMT{-offset:+d}"
        if datetime.now(ZoneInfo(name)).hour == hour:
            return name
    raise AssertionError("offsets from -12 to +14 cover every hour")


async def test_a_warning_is_emailed_in_the_readers_language_and_pushed(
    client: httpx.AsyncClient,
    people: People,
    database: Database,
    messaging_settings: MessagingSettingsFactory,
    mailbox: tuple[Mailbox, int],
) -> None:
    box, port = mailbox
    student = Person(people, channels=["email", "push"], language="cy")
    await subscribe(client, student)
    settings = messaging_settings(smtp_port=port)

    pid = await publish_and_fan_out(client, people, database, "urgent", "Bike thefts")
    queued = await deliveries(database, pid, student)
    # One delivery a batch: two rounds.
    await DeliveryWorker(database, settings, batch_size=1).run_pending()
    done = await deliveries(database, pid, student)
    again = await DeliveryWorker(database, settings).run_pending()

    assert {c: d.state for c, d in queued.items()} == {"email": "queued", "push": "queued"}
    assert {c: (d.state, d.attempts) for c, d in done.items()} == {
        "email": ("sent", 1),
        "push": ("sent", 1),
    }
    assert all(d.sent_at is not None for d in done.values())
    [email] = box.to(student.email)
    assert email["Subject"] == "Bike thefts (cy)"
    assert email["Content-Language"] == "cy"
    assert email["From"] == settings.smtp_from
    link = email["List-Unsubscribe"].strip("<>")
    assert link.startswith("http://127.0.0.1:8000/unsubscribe/")
    # On the wire as written: one plain <URL>, not folded or encoded (clients would not see it).
    assert dict(email.raw_items())["List-Unsubscribe"] == f"<{link}>"
    assert email["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = email.get_content()
    assert "Cloiwch eich beic." in text
    assert link in text
    assert again == 0


async def test_quiet_hours_hold_back_an_advisory_warning_but_not_an_urgent_one(
    client: httpx.AsyncClient,
    people: People,
    database: Database,
    messaging_settings: MessagingSettingsFactory,
    mailbox: tuple[Mailbox, int],
) -> None:
    box, port = mailbox
    here = datetime.now(ZoneInfo("Europe/London"))
    sleeper = Person(
        people,
        channels=["email"],
        quiet_from=(here - timedelta(hours=1)).time().isoformat("minutes"),
        quiet_to=(here + timedelta(hours=1)).time().isoformat("minutes"),
    )
    await subscribe(client, sleeper)
    worker = DeliveryWorker(database, messaging_settings(smtp_port=port))

    advisory = await publish_and_fan_out(client, people, database, "advisory", "Road closed")
    await worker.run_pending()
    held = (await deliveries(database, advisory, sleeper))["email"]
    urgent = await publish_and_fan_out(client, people, database, "urgent", "Attack nearby")
    await worker.run_pending()
    sent = (await deliveries(database, urgent, sleeper))["email"]

    now = datetime.now(UTC)
    assert (held.state, held.attempts) == ("queued", 0)
    assert now + timedelta(minutes=50) < held.next_attempt_at < now + timedelta(minutes=61)
    assert sent.state == "sent"
    assert [m["Subject"] for m in box.to(sleeper.email)] == ["Attack nearby"]


@pytest.mark.parametrize(
    ("hour", "held"),
    [(23, True), (2, True), (12, False)],
    ids=["before-midnight", "after-midnight", "outside"],
)
async def test_quiet_hours_across_midnight_end_on_the_recipients_clock(
    client: httpx.AsyncClient, people: People, database: Database, hour: int, held: bool
) -> None:
    zone = zone_where_the_hour_is(hour)
    night_owl = Person(
        people, channels=["push"], quiet_from="22:00", quiet_to="06:00", timezone=zone
    )
    await subscribe(client, night_owl)

    pid = await publish_and_fan_out(client, people, database, "info", "Bike marking day")
    due = (await deliveries(database, pid, night_owl))["push"].next_attempt_at

    now = datetime.now(UTC)
    if held:
        assert now < due < now + timedelta(hours=8)
        assert due.astimezone(ZoneInfo(zone)).time() == time(6, 0)
    else:
        assert due <= now


async def test_a_failed_send_is_retried_with_back_off_then_given_up(
    client: httpx.AsyncClient,
    people: People,
    database: Database,
    messaging_settings: MessagingSettingsFactory,
) -> None:
    student = Person(people, channels=["email"])
    await subscribe(client, student)
    # Nothing listens on this port: the SMTP server is down.
    settings = messaging_settings(
        smtp_port=free_port(), delivery_max_attempts=2, delivery_retry_seconds=60
    )
    worker = DeliveryWorker(database, settings)

    pid = await publish_and_fan_out(client, people, database, "urgent", "Phone snatching")
    await worker.run_pending()
    first = (await deliveries(database, pid, student))["email"]
    async with database.sessionmaker.begin() as session:
        await session.execute(
            update(Delivery)
            .where(Delivery.id == first.id)
            .values(next_attempt_at=datetime.now(UTC))
        )
    await worker.run_pending()
    last = (await deliveries(database, pid, student))["email"]

    now = datetime.now(UTC)
    assert (first.state, first.attempts) == ("queued", 1)
    assert now + timedelta(seconds=50) < first.next_attempt_at < now + timedelta(seconds=61)
    assert "SMTPConnect" in (first.last_error or "")
    assert (last.state, last.attempts) == ("failed", 2)


async def test_one_click_unsubscribe_needs_no_sign_in_and_stops_every_later_message(
    client: httpx.AsyncClient,
    people: People,
    database: Database,
    messaging_settings: MessagingSettingsFactory,
    mailbox: tuple[Mailbox, int],
) -> None:
    box, port = mailbox
    student = Person(people, channels=["email"])
    subscription_id = await subscribe(client, student)
    worker = DeliveryWorker(database, messaging_settings(smtp_port=port))
    first = await publish_and_fan_out(client, people, database, "urgent", "Spiked drinks")
    await worker.run_pending()
    [email] = box.to(student.email)
    path = urlsplit(email["List-Unsubscribe"].strip("<>")).path
    queued = await publish_and_fan_out(client, people, database, "urgent", "Spiked drinks again")

    forged = await client.post(f"/unsubscribe/{make_token(subscription_id, SecretStr('a guess'))}")
    page = await client.get(path)
    one_click = await client.post(
        path,
        content="List-Unsubscribe=One-Click",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    page_after = await client.get(path)
    later = await publish_and_fan_out(client, people, database, "urgent", "Spiked drinks, still")
    await worker.run_pending()

    assert forged.status_code == 404
    assert path == f"/unsubscribe/{make_token(subscription_id, SecretStr(DEV_SECRET))}"
    assert page.status_code == 200
    assert '<form method="post">' in page.text
    assert page.headers["cache-control"] == "no-store"
    assert one_click.status_code == 200, one_click.text
    assert "You are unsubscribed" in one_click.text
    assert "You are unsubscribed" in page_after.text
    assert (await deliveries(database, first, student))["email"].state == "sent"
    cancelled = (await deliveries(database, queued, student))["email"]
    assert (cancelled.state, cancelled.last_error) == ("cancelled", "unsubscribed")
    assert await deliveries(database, later, student) == {}
    inbox = (await client.get("/inbox", headers=student.headers)).json()["items"]
    assert str(later) not in {e["publication"]["id"] for e in inbox}
    assert len(box.to(student.email)) == 1


@pytest.mark.parametrize(
    "token",
    [
        "not-a-token",
        make_token(uuid.uuid4(), SecretStr(DEV_SECRET)),
    ],
    ids=["garbage", "no-such-subscription"],
)
async def test_a_bad_unsubscribe_link_is_not_found(client: httpx.AsyncClient, token: str) -> None:
    shown = await client.get(f"/unsubscribe/{token}")
    posted = await client.post(f"/unsubscribe/{token}")

    assert shown.status_code == posted.status_code == 404
    assert posted.json()["error"] == "unsubscribe_link_not_found"
