"""Race-free booking, over real HTTP with concurrent clients, each request on its own
database connection: a one-to-one slot goes to exactly one person, a group session never
takes more than its places, and meetings moved at once into one slot do not double-book it."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from peelian.testing.people import People
from peelian.testing.serve import serve
from scheduling_helpers import book, fetch, make_availability, slots

pytestmark = pytest.mark.integration

CLIENTS = 30


async def places(database_url: str, availability_id: str) -> dict[str, int]:
    """starts_at -> places booked, as the database counts them, and the bookings behind."""
    rows = await fetch(
        database_url,
        "SELECT s.starts_at, s.booked, count(b.id) FILTER (WHERE b.status = 'booked') AS held "
        "FROM meeting_sessions s LEFT JOIN bookings b ON b.session_id = s.id "
        "WHERE s.availability_id = $1 GROUP BY s.id",
        uuid.UUID(availability_id),
    )
    for row in rows:
        assert row["booked"] == row["held"], "the count and the bookings disagree"
    return {row["starts_at"].isoformat(): row["booked"] for row in rows}


async def race(
    url: str, people: People, slot: dict[str, Any], clients: int = CLIENTS
) -> Counter[int]:
    async with httpx.AsyncClient(base_url=url, timeout=60) as http:
        answers = await asyncio.gather(
            *(book(http, people.citizen(), slot) for _ in range(clients))
        )
    assert {a.json()["error"] for a in answers if a.status_code == 409} <= {"slot_full"}
    return Counter(a.status_code for a in answers)


async def test_one_to_one_slot_goes_to_exactly_one_of_many(
    scheduling_app: FastAPI, people: People, scheduling_database_url: str
) -> None:
    officer = uuid.uuid4()
    async with serve(scheduling_app) as url, httpx.AsyncClient(base_url=url) as http:
        entry = await make_availability(
            http,
            people.officer(officer),
            officer_id=str(officer),
            meeting_type="crime-prevention-advice",
        )
        [slot, *_] = await slots(http, people.citizen(), officer_id=str(officer))
        assert await race(url, people, slot) == {201: 1, 409: CLIENTS - 1}
    assert list((await places(scheduling_database_url, entry["id"])).values()) == [1]


async def test_a_group_session_never_goes_over_its_places(
    scheduling_app: FastAPI, people: People, scheduling_database_url: str
) -> None:
    async with serve(scheduling_app) as url, httpx.AsyncClient(base_url=url) as http:
        entry = await make_availability(http, people.supervisor())  # 6 places a session
        [slot, *_] = await slots(http, people.citizen(), team=entry["team"])
        assert slot["remaining"] == 6
        assert await race(url, people, slot) == {201: 6, 409: CLIENTS - 6}
        [after, *_] = await slots(http, people.citizen(), team=entry["team"])
        assert after["starts_at"] != slot["starts_at"]  # the full session is not offered
    assert list((await places(scheduling_database_url, entry["id"])).values()) == [6]


async def test_meetings_moved_at_once_into_one_slot_take_it_once(
    scheduling_app: FastAPI, people: People, scheduling_database_url: str
) -> None:
    officer = uuid.uuid4()
    staff = people.officer(officer)
    async with serve(scheduling_app) as url, httpx.AsyncClient(base_url=url, timeout=60) as http:
        entry = await make_availability(
            http, staff, officer_id=str(officer), meeting_type="crime-prevention-advice",
            start_time="09:00", end_time="17:00",
        )  # fmt: skip
        found = await slots(http, people.citizen(), officer_id=str(officer))
        target, taken = found[0], found[1:9]
        booked = [(await book(http, people.citizen(), s)).json()["id"] for s in taken]
        # Moved into the free slot, and each into the slot of the next (a ring of swaps).
        moves = [(mid, target) for mid in booked] + [
            (mid, taken[(i + 1) % len(taken)]) for i, mid in enumerate(booked)
        ]
        answers = await asyncio.gather(*(
            http.post(
                f"/meetings/{mid}/reschedule",
                json={"availability_id": s["availability_id"], "starts_at": s["starts_at"]},
                headers=staff,
            )
            for mid, s in moves
        ))  # fmt: skip
    # Every move either happened or was refused as full: none deadlocked or failed.
    codes = Counter(a.status_code for a in answers)
    assert set(codes) <= {200, 409}
    assert codes[200] >= 1
    # However they interleaved, each meeting holds one slot and no slot holds two.
    counts = await places(scheduling_database_url, entry["id"])
    assert sum(counts.values()) == len(booked)
    assert set(counts.values()) <= {0, 1}
