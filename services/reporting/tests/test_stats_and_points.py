"""The officers' overview and map: counts of reports by status, category, area and day, and
the reports as points. Each test counts only its own reports (the search's ``q`` filter)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from peelian.testing.people import People
from reporting_helpers import NOWHERE, report_body, unique_word

pytestmark = pytest.mark.integration


async def submit(client: httpx.AsyncClient, people: People, **overrides: Any) -> Any:
    response = await client.post(
        "/reports", json=report_body(**overrides), headers=people.citizen()
    )
    assert response.status_code == 201, response.text
    return response.json()


def hours_ago(hours: float) -> str:
    return (datetime.now(UTC) - timedelta(hours=hours)).isoformat()


def london_day(at: datetime) -> str:
    return at.astimezone(ZoneInfo("Europe/London")).date().isoformat()


async def test_stats_count_each_report_once_per_breakdown(
    client: httpx.AsyncClient, people: People
) -> None:
    word = unique_word()
    recent = datetime.now(UTC) - timedelta(hours=1)
    earlier = recent - timedelta(hours=49)
    # On campus: inside both the campus and Park Place.
    first = await submit(
        client,
        people,
        description=f"Bike taken near the {word} racks",
        occurred_at=recent.isoformat(),
    )
    await submit(
        client,
        people,
        description=f"Second bike taken near the {word} racks",
        occurred_at=recent.isoformat(),
    )
    await submit(
        client,
        people,
        category="drugs",
        description=f"Dealing outside the {word} shop",
        latitude=NOWHERE[0],
        longitude=NOWHERE[1],
        occurred_at=earlier.isoformat(),
    )
    triaged = await client.patch(
        f"/reports/{first['id']}/triage", json={"priority": "high"}, headers=people.officer()
    )
    assert triaged.status_code == 200, triaged.text

    response = await client.get(
        "/reports/stats", params={"since": hours_ago(72), "q": word}, headers=people.officer()
    )

    assert response.status_code == 200, response.text
    stats = response.json()
    assert stats["total"] == 3
    assert stats["tz"] == "Europe/London"
    assert stats["by_status"] == [
        {"key": "received", "count": 2},
        {"key": "triaged", "count": 1},
    ]
    assert stats["by_category"] == [{"key": "theft", "count": 2}, {"key": "drugs", "count": 1}]
    # Two areas each hold both campus reports; the third is outside every area (null).
    assert stats["by_area"] == [
        {"key": "campus", "count": 2},
        {"key": "park-place", "count": 2},
        {"key": None, "count": 1},
    ]
    # Days are those the incidents began on, in London.
    day, day_before = london_day(recent), london_day(earlier)
    assert stats["by_day_and_category"] == [
        {"day": day_before, "key": "drugs", "count": 1},
        {"day": day, "key": "theft", "count": 2},
    ]
    assert stats["by_day_and_area"] == [
        {"day": day_before, "key": None, "count": 1},
        {"day": day, "key": "campus", "count": 2},
        {"day": day, "key": "park-place", "count": 2},
    ]


async def test_stats_take_the_search_filters_and_the_window(
    client: httpx.AsyncClient, people: People
) -> None:
    word = unique_word()
    await submit(client, people, description=f"Phone taken in the {word} cafe")
    await submit(client, people, category="drugs", description=f"Pills sold at the {word} bar")

    async def total(**params: Any) -> int:
        response = await client.get(
            "/reports/stats", params={"q": word, **params}, headers=people.officer()
        )
        assert response.status_code == 200, response.text
        return int(response.json()["total"])

    assert await total(since=hours_ago(2)) == 2
    assert await total(since=hours_ago(2), category="drugs") == 1
    assert await total(since=hours_ago(2), area="cathays") == 0
    # They happened an hour ago: not in a window that ended two hours ago.
    assert (
        await total(since=(datetime.now(UTC) - timedelta(days=2)).isoformat(), until=hours_ago(2))
        == 0
    )


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "since"),
        ({"since": "2026-01-01T00:00:00"}, "UTC offset"),
        ({"since": "2026-01-01T00:00:00Z", "until": "2025-01-01T00:00:00Z"}, "before until"),
        ({"since": "2024-01-01T00:00:00Z", "until": "2026-01-01T00:00:00Z"}, "366 days"),
        ({"since": "2026-01-01T00:00:00Z", "tz": "Mars/Olympus"}, "time zone"),
    ],
)
async def test_stats_refuse_a_bad_window(
    client: httpx.AsyncClient, people: People, params: dict[str, str], message: str
) -> None:
    response = await client.get("/reports/stats", params=params, headers=people.officer())

    assert response.status_code == 422
    assert message in response.text


@pytest.mark.parametrize("path", ["/reports/stats", "/reports/points"])
async def test_only_staff_see_stats_and_points(
    client: httpx.AsyncClient, people: People, path: str
) -> None:
    params = {"since": hours_ago(2)}
    assert (await client.get(path, params=params, headers=people.citizen())).status_code == 403
    assert (await client.get(path, params=params, headers=people.partner())).status_code == 403
    assert (await client.get(path, params=params)).status_code == 401


async def test_points_are_the_positioned_reports_newest_first(
    client: httpx.AsyncClient, people: People
) -> None:
    word = unique_word()
    older = await submit(client, people, description=f"Bike taken by the {word} gate")
    newer = await submit(
        client, people, category="drugs", description=f"Dealing by the {word} gate", urgent=True
    )
    await submit(
        client,
        people,
        description=f"Wallet lost somewhere near the {word} gate",
        latitude=None,
        longitude=None,
    )

    response = await client.get("/reports/points", params={"q": word}, headers=people.officer())

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["truncated"] is False
    assert [p["id"] for p in body["items"]] == [newer["id"], older["id"]]
    point = body["items"][0]
    assert point == {
        "id": newer["id"],
        "reference": newer["reference"],
        "category": "drugs",
        "status": "received",
        "priority": "normal",
        "urgent": True,
        "latitude": newer["latitude"],
        "longitude": newer["longitude"],
        "occurred_from": point["occurred_from"],
        "created_at": point["created_at"],
    }
    filtered = await client.get(
        "/reports/points", params={"q": word, "category": "theft"}, headers=people.officer()
    )
    assert [p["id"] for p in filtered.json()["items"]] == [older["id"]]


async def test_points_say_when_more_matched_than_were_sent(
    client: httpx.AsyncClient, people: People
) -> None:
    word = unique_word()
    for i in range(3):
        await submit(client, people, description=f"Report {i} about the {word} gate")

    response = await client.get(
        "/reports/points", params={"q": word, "limit": 2}, headers=people.officer()
    )

    assert response.status_code == 200, response.text
    assert len(response.json()["items"]) == 2
    assert response.json()["truncated"] is True
