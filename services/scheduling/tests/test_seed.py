"""The reference deployment's scheduling seed: the catalogue, the university neighbourhood
team's next four weeks (campus drop-ins, officers' one-to-one hours) and sample bookings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

import peelian.reference as reference
from peelian.testing.people import People
from peelian.testing.plugin import CreateDatabase, app_client
from scheduling.main import create_app
from scheduling.seed import BOOKINGS, SCHEDULE, seed
from scheduling_helpers import ALEMBIC_INI, SchedulingSettingsFactory, fetch

pytestmark = pytest.mark.integration


async def test_seed_is_idempotent_and_offers_campus_drop_ins(
    create_database: CreateDatabase,
    scheduling_settings: SchedulingSettingsFactory,
    people: People,
) -> None:
    url = await create_database("scheduling_seed", ALEMBIC_INI)
    settings = scheduling_settings(database_url=url, environment="development")

    assert await seed(settings, samples=True) == 6 + len(SCHEDULE) + len(BOOKINGS)
    assert await seed(settings, samples=True) == 0

    student = people.citizen(reference.account_id(reference.sample_student_email(3)))
    today = datetime.now(UTC).date()
    async with app_client(create_app(settings)) as client:
        drop_ins = (
            await client.get(
                "/slots",
                params={"meeting_type": "campus-drop-in", "team": reference.NEIGHBOURHOOD_TEAM,
                        "to": str(today + timedelta(days=27)), "limit": 100},
                headers=student,
            )
        ).json()["items"]  # fmt: skip
        beyond = (
            await client.get(
                "/slots",
                params={"from": str(today + timedelta(days=28)), "limit": 100},
                headers=student,
            )
        ).json()["items"]
        first = reference.account_id(reference.sample_student_email(1))
        mine = (await client.get("/meetings", headers=people.citizen(first))).json()["items"]

    # Tuesdays and Thursdays 12:00-14:00 in London, four half-hour sessions of six places.
    assert {datetime.fromisoformat(s["starts_at"]).strftime("%a %H:%M") for s in drop_ins} <= {
        f"{day} {hour}" for day in ("Tue", "Thu") for hour in ("12:00", "12:30", "13:00", "13:30")
    }
    assert 28 <= len(drop_ins) <= 32  # eight weekdays' sessions, less today's past ones
    assert all(s["location"] == "students-union" for s in drop_ins)
    assert beyond == []
    assert [m["meeting_type"] for m in mine] == ["campus-drop-in"]
    assert mine[0]["note"] == BOOKINGS[0][2]
    booked = await fetch(url, "SELECT count(*) AS n FROM outbox WHERE event_type LIKE '%booked%'")
    assert booked[0]["n"] == len(BOOKINGS)
