"""Submitting reports: validation, areas, references, idempotency, anonymity, the outbox."""

from __future__ import annotations

import asyncio
import re
import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from peelian.testing.people import People
from reporting_helpers import NOWHERE, outbox_types, report_body

pytestmark = pytest.mark.integration


async def test_a_citizen_submits_a_report(
    client: httpx.AsyncClient, people: People, reporting_database_url: str
) -> None:
    response = await client.post("/reports", json=report_body(), headers=people.citizen())

    assert response.status_code == 201, response.text
    report = response.json()
    assert re.fullmatch(r"PRE-\d{4}-\d{6}", report["reference"])
    assert report["status"] == "received"
    assert report["anonymity"] == "confidential"
    assert report["areas"] == ["campus", "park-place"]
    assert report["emergency_advice"] is None
    assert await outbox_types(reporting_database_url, report["id"]) == [
        "org.peelian.report.submitted.v1"
    ]


async def test_an_urgent_report_is_told_to_call_999(
    client: httpx.AsyncClient, people: People
) -> None:
    response = await client.post(
        "/reports", json=report_body(urgent=True), headers=people.citizen()
    )

    assert response.status_code == 201
    assert "999" in response.json()["emergency_advice"]


async def test_a_report_outside_every_area_has_none_and_text_alone_is_enough(
    client: httpx.AsyncClient, people: People
) -> None:
    outside = await client.post(
        "/reports",
        json=report_body(latitude=NOWHERE[0], longitude=NOWHERE[1]),
        headers=people.citizen(),
    )
    text_only = await client.post(
        "/reports",
        json=report_body(latitude=None, longitude=None, location_text="Near the students' union"),
        headers=people.citizen(),
    )

    assert outside.json()["areas"] == []
    assert text_only.status_code == 201
    assert text_only.json()["areas"] == []


async def test_a_time_range_and_people_and_vehicles_are_kept(
    client: httpx.AsyncClient, people: People
) -> None:
    start = datetime.now(UTC) - timedelta(days=1)
    body = report_body(
        occurred_at=None,
        occurred_from=start.isoformat(),
        occurred_to=(start + timedelta(hours=3)).isoformat(),
        people=[{"role": "suspect", "approximate_age": 20, "description": "Grey hoodie"}],
        vehicles=[{"registration": "AB12 C", "colour": "white", "make": "Ford"}],
        kind="intelligence",
        category="drugs",
        language="cy",
    )

    response = await client.post("/reports", json=body, headers=people.citizen())

    assert response.status_code == 201, response.text
    report = response.json()
    assert report["kind"] == "intelligence"
    assert report["people"][0]["role"] == "suspect"
    assert report["vehicles"][0]["registration"] == "AB12 C"
    assert datetime.fromisoformat(report["occurred_to"]) - datetime.fromisoformat(
        report["occurred_from"]
    ) == timedelta(hours=3)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"latitude": 91.0}, "less than or equal to 90"),
        ({"longitude": -181.0}, "greater than or equal to -180"),
        ({"longitude": None}, "latitude and longitude together"),
        ({"latitude": None, "longitude": None, "location_text": None}, "say where"),
        (
            {"occurred_at": (datetime.now(UTC) + timedelta(hours=2)).isoformat()},
            "must not be in the future",
        ),
        ({"occurred_at": "2026-11-01T10:00:00"}, "UTC offset"),
        (
            {
                "occurred_at": None,
                "occurred_from": "2026-11-02T10:00:00Z",
                "occurred_to": "2026-11-01T10:00:00Z",
            },
            "must not be after",
        ),
        ({"occurred_at": None}, "give occurred_at"),
        ({"description": "short"}, "at least 10 characters"),
        ({"people": [{"role": "bystander"}]}, "'victim', 'witness', 'suspect' or 'other'"),
        ({"colour": "red"}, "Extra inputs are not permitted"),
    ],
)
async def test_invalid_reports_are_refused_with_the_reason(
    client: httpx.AsyncClient, people: People, overrides: dict[str, object], message: str
) -> None:
    response = await client.post(
        "/reports", json=report_body(**overrides), headers=people.citizen()
    )

    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "validation_error"
    assert any(message in e["msg"] for e in body["detail"]["errors"]), body


async def test_an_unknown_category_is_refused_with_the_known_ones(
    client: httpx.AsyncClient, people: People
) -> None:
    response = await client.post(
        "/reports", json=report_body(category="shoplifting"), headers=people.citizen()
    )

    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "unknown_category"
    assert "theft" in body["detail"]["context"]["categories"]


async def test_a_retry_with_the_same_idempotency_key_returns_the_first_report(
    client: httpx.AsyncClient, people: People
) -> None:
    me = people.citizen()
    key = {"Idempotency-Key": str(uuid.uuid4())}
    body = report_body()

    first = await client.post("/reports", json=body, headers={**me, **key})
    retry = await client.post("/reports", json=body, headers={**me, **key})
    mine = await client.get("/reports/mine", headers=me)

    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert [r["id"] for r in mine.json()["items"]] == [first.json()["id"]]


async def test_concurrent_retries_make_one_report(
    client: httpx.AsyncClient, people: People
) -> None:
    me = people.citizen()
    headers = {**me, "Idempotency-Key": str(uuid.uuid4())}
    body = report_body()

    responses = await asyncio.gather(
        *(client.post("/reports", json=body, headers=headers) for _ in range(5))
    )
    mine = await client.get("/reports/mine", headers=me)

    assert {r.status_code for r in responses} == {201}
    assert len({r.json()["id"] for r in responses}) == 1
    assert len(mine.json()["items"]) == 1


async def test_a_key_reused_for_a_different_report_is_refused(
    client: httpx.AsyncClient, people: People
) -> None:
    headers = {**people.citizen(), "Idempotency-Key": "my-one-key"}

    await client.post("/reports", json=report_body(), headers=headers)
    other = await client.post("/reports", json=report_body(category="drugs"), headers=headers)

    assert other.status_code == 409
    assert other.json()["error"] == "idempotency_key_reused"


async def test_idempotency_keys_are_per_person(client: httpx.AsyncClient, people: People) -> None:
    key = {"Idempotency-Key": "same-key-" + uuid.uuid4().hex}

    a = await client.post("/reports", json=report_body(), headers={**people.citizen(), **key})
    b = await client.post("/reports", json=report_body(), headers={**people.citizen(), **key})

    assert a.json()["id"] != b.json()["id"]


async def test_reporter_keys_report_anonymously_and_officers_never_see_who(
    client: httpx.AsyncClient, people: People
) -> None:
    anonymous = people.anonymous()
    report = (await client.post("/reports", json=report_body(), headers=anonymous)).json()
    as_officer = await client.get(f"/reports/{report['id']}", headers=people.officer())
    own = await client.get("/reports/mine", headers=anonymous)

    assert report["anonymity"] == "anonymous"
    assert as_officer.json()["reporter_anonymous"] is True
    assert as_officer.json()["reporter_id"] is None
    assert [r["id"] for r in own.json()["items"]] == [report["id"]]


@pytest.mark.parametrize(
    ("who", "anonymity", "says"),
    [("anonymous", "identified", "reporter key"), ("citizen", "anonymous", "/auth/anonymous")],
)
async def test_anonymity_must_match_how_the_reporter_signed_in(
    client: httpx.AsyncClient, people: People, who: str, anonymity: str, says: str
) -> None:
    headers = getattr(people, who)()

    response = await client.post("/reports", json=report_body(anonymity=anonymity), headers=headers)

    assert response.status_code == 400
    assert says in response.json()["detail"]["message"]


async def test_only_citizens_submit(client: httpx.AsyncClient, people: People) -> None:
    by_partner = await client.post("/reports", json=report_body(), headers=people.partner())
    unauthenticated = await client.post("/reports", json=report_body())

    assert by_partner.status_code == 403
    assert unauthenticated.status_code == 401
