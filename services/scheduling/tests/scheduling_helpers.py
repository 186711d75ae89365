"""Helpers of the scheduling tests: settings, dates around daylight-saving changes, and the
few calls most tests make (a schedule entry, its first slot, a booking)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import orjson

from peelian.app import asyncpg_dsn
from peelian.db.engine import Database
from peelian.events.envelope import CloudEvent, EventPayload
from scheduling.config import SchedulingSettings
from scheduling.handlers import handlers

SchedulingSettingsFactory = Callable[..., SchedulingSettings]
ALEMBIC_INI = Path(__file__).resolve().parent.parent / "alembic.ini"
LONDON = "Europe/London"


def last_sunday(year: int, month: int) -> date:
    """The last Sunday of a month: when clocks change in the UK (March and October)."""
    day = date(year, month + 1, 1) - timedelta(days=1)
    return day - timedelta(days=(day.weekday() - 6) % 7)


def next_change(month: int) -> date:
    """The next clock change in ``month`` (3: forward, 10: back) at least two weeks ahead."""
    year = datetime.now(UTC).year
    while (change := last_sunday(year, month)) < datetime.now(UTC).date() + timedelta(days=14):
        year += 1
    return change


def next_weekday(weekday: int, *, after_days: int = 2) -> date:
    """A date with this weekday (0 is Monday), at least ``after_days`` days from today."""
    day = datetime.now(UTC).date() + timedelta(days=after_days)
    return day + timedelta(days=(weekday - day.weekday()) % 7)


async def make_availability(
    client: httpx.AsyncClient, who: dict[str, str], **fields: Any
) -> dict[str, Any]:
    """A schedule entry (201 expected); by default a fresh team's Tuesday drop-in, 12-14."""
    body: dict[str, Any] = {
        "team": f"team-{uuid.uuid4().hex[:8]}",
        "meeting_type": "campus-drop-in",
        "location": "students-union",
        "weekday": "tuesday",
        "start_time": "12:00",
        "end_time": "14:00",
        "valid_from": str(datetime.now(UTC).date()),
    } | fields
    response = await client.post("/availability", json=body, headers=who)
    assert response.status_code == 201, response.text
    entry: dict[str, Any] = response.json()
    return entry


async def slots(
    client: httpx.AsyncClient, who: dict[str, str], **params: Any
) -> list[dict[str, Any]]:
    response = await client.get("/slots", params={"limit": 100, **params}, headers=who)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


async def book(
    client: httpx.AsyncClient, who: dict[str, str], slot: dict[str, Any], **fields: Any
) -> httpx.Response:
    body = {"availability_id": slot["availability_id"], "starts_at": slot["starts_at"]} | fields
    return await client.post("/meetings", json=body, headers=who)


async def outbox_events(database_url: str, subject: str) -> list[dict[str, Any]]:
    """Event types and payloads written to the outbox about ``subject``, in order."""

    conn = await asyncpg.connect(asyncpg_dsn(database_url))
    try:
        rows = await conn.fetch("SELECT envelope FROM outbox WHERE key = $1 ORDER BY id", subject)
    finally:
        await conn.close()
    return [orjson.loads(r["envelope"]) for r in rows]


async def move_into_the_past(database_url: str, booking_id: str, ago: timedelta) -> None:
    """Make a booked meeting have begun ``ago`` (behind the service's back: no test waits)."""
    starts_at = datetime.now(UTC) - ago
    conn = await asyncpg.connect(asyncpg_dsn(database_url))
    try:
        await conn.execute(
            "UPDATE meeting_sessions SET starts_at = $1, ends_at = $2, blocked_until = $2 "
            "WHERE id = (SELECT session_id FROM bookings WHERE id = $3)",
            starts_at,
            starts_at + timedelta(minutes=30),
            uuid.UUID(booking_id),
        )
    finally:
        await conn.close()


async def apply_event(settings: SchedulingSettings, payload: EventPayload, subject: str) -> None:
    """Apply another service's event through the handler registry, as the consumer does
    (without its inbox row, so that a second delivery runs it again)."""
    event = CloudEvent.wrap(payload, service="tests", subject=subject)
    database = Database.from_settings(settings)
    try:
        async with database.sessionmaker.begin() as session:
            await handlers(settings)[event.type](session, event)
    finally:
        await database.dispose()


async def fetch(database_url: str, sql: str, *args: Any) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(asyncpg_dsn(database_url))
    try:
        rows: list[asyncpg.Record] = await conn.fetch(sql, *args)
    finally:
        await conn.close()
    return rows


def refused(response: httpx.Response, status: int, error: str) -> str:
    """Check a typed refusal; returns its message (what a client developer reads)."""
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error"] == error, body
    message: str = body["detail"]["message"]
    return message
