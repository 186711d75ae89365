"""Categories: public to read, admins add and retire them, retired ones take no new reports."""

from __future__ import annotations

import uuid

import httpx
import pytest

from peelian.testing.people import People
from reporting_helpers import report_body

pytestmark = pytest.mark.integration


async def test_anyone_lists_the_default_categories(client: httpx.AsyncClient) -> None:
    response = await client.get("/categories")

    assert response.status_code == 200
    slugs = {c["slug"] for c in response.json()}
    assert {
        "theft",
        "drugs",
        "criminal-damage",
        "anti-social-behaviour",
        "mental-health",
        "violent-crime",
        "sexual-offence",
        "other",
    } <= slugs


async def test_an_admin_adds_and_retires_a_category(
    client: httpx.AsyncClient, people: People
) -> None:
    slug = f"spiking-{uuid.uuid4().hex[:6]}"
    admin = people.admin()

    created = await client.post(
        "/categories",
        json={"slug": slug, "name": "Drink spiking", "retention_days": 3650},
        headers=admin,
    )
    accepted = await client.post(
        "/reports", json=report_body(category=slug), headers=people.citizen()
    )
    duplicate = await client.post(
        "/categories", json={"slug": slug, "name": "Again", "retention_days": 3650}, headers=admin
    )
    retired = await client.patch(f"/categories/{slug}", json={"active": False}, headers=admin)
    refused = await client.post(
        "/reports", json=report_body(category=slug), headers=people.citizen()
    )
    public = {c["slug"] for c in (await client.get("/categories")).json()}
    for_staff = await client.get("/categories", params={"include_inactive": True}, headers=admin)

    assert created.status_code == 201, created.text
    assert accepted.status_code == 201
    assert duplicate.status_code == 409
    assert retired.json()["active"] is False
    assert refused.status_code == 400
    assert slug not in public
    assert slug in {c["slug"] for c in for_staff.json()}


@pytest.mark.parametrize("who", ["citizen", "officer"])
async def test_only_admins_change_categories(
    client: httpx.AsyncClient, people: People, who: str
) -> None:
    response = await client.post(
        "/categories",
        json={"slug": "anything", "name": "Anything", "retention_days": 3650},
        headers=getattr(people, who)(),
    )

    assert response.status_code == 403


async def test_retention_below_a_year_is_refused(client: httpx.AsyncClient, people: People) -> None:
    response = await client.post(
        "/categories",
        json={"slug": "short", "name": "Short", "retention_days": 30},
        headers=people.admin(),
    )

    assert response.status_code == 422
