"""Who sees what: a partner agency only the referrals, endpoints and deliveries that are its
own (another agency's are 404s, as if they did not exist); citizens nothing here at all."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from peelian.auth.principal import Role
from peelian.testing.people import People
from peelian.testing.tokens import TestKeys
from referrals_helpers import CREATED, Apply, make_partner, refer, report_submitted

pytestmark = pytest.mark.integration


async def two_agencies(
    client: httpx.AsyncClient, people: People, apply: Apply
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Agencies A and B, each with a referral and an endpoint: their ids and headers."""
    report = report_submitted()
    await apply(report, report.report_id)
    sides: dict[str, dict[str, Any]] = {}
    for name in ("a", "b"):
        partner = await make_partner(client, people)
        headers = people.partner(uuid.UUID(partner["id"]))
        endpoint = await client.post(
            f"/partners/{partner['id']}/webhooks",
            json={"url": f"https://{name}.partner.example/hooks", "event_types": [CREATED]},
            headers=headers,
        )
        assert endpoint.status_code == 201, endpoint.text
        [referral] = (await refer(client, people, report.report_id, partner["id"])).json()
        sides[name] = {
            "partner_id": partner["id"],
            "referral_id": referral["id"],
            "endpoint_id": endpoint.json()["id"],
            "headers": headers,
        }
    return sides["a"], sides["b"]


async def test_partner_a_never_sees_partner_bs_referrals(
    client: httpx.AsyncClient, people: People, apply: Apply
) -> None:
    a, b = await two_agencies(client, people, apply)
    mine = await client.get("/referrals", headers=a["headers"])
    assert {r["partner_id"] for r in mine.json()["items"]} == {a["partner_id"]}
    filtered = await client.get(
        "/referrals", params={"partner_id": b["partner_id"]}, headers=a["headers"]
    )
    assert filtered.json()["items"] == []

    theirs = f"/referrals/{b['referral_id']}"
    for method, path, body in (
        ("GET", theirs, None),
        ("POST", f"{theirs}/accept", None),
        ("POST", f"{theirs}/decline", {"reason": "Not ours to decline at all."}),
        ("POST", f"{theirs}/updates", {"note": "Peeking."}),
        (
            "POST",
            f"{theirs}/outcome",
            {"outcome": "action_taken", "public_summary": "Something was done."},
        ),
    ):
        answer = await client.request(method, path, json=body, headers=a["headers"])
        assert answer.status_code == 404, (method, path)
        assert answer.json()["error"] == "referral_not_found"
    assert (await client.get(theirs, headers=b["headers"])).status_code == 200


async def test_partner_a_never_sees_partner_bs_endpoints_or_deliveries(
    client: httpx.AsyncClient, people: People, apply: Apply
) -> None:
    a, b = await two_agencies(client, people, apply)
    [delivery] = (
        await client.get(f"/partners/{b['partner_id']}/deliveries", headers=b["headers"])
    ).json()["items"]
    assert delivery["status"] == "pending"

    for method, path in (
        ("GET", f"/partners/{b['partner_id']}/webhooks"),
        ("GET", f"/partners/{b['partner_id']}/webhooks/{b['endpoint_id']}"),
        ("POST", f"/partners/{b['partner_id']}/webhooks/{b['endpoint_id']}/rotate-secret"),
        ("GET", f"/partners/{b['partner_id']}/deliveries"),
        ("GET", f"/partners/{b['partner_id']}/deliveries/{delivery['id']}"),
        ("POST", f"/partners/{b['partner_id']}/deliveries/{delivery['id']}/replay"),
    ):
        answer = await client.request(method, path, headers=a["headers"])
        assert answer.status_code == 404, (method, path)
        assert answer.json()["error"] == "partner_not_found"
    # B's ids under A's own path are unknown there too.
    for path, error in (
        (f"/partners/{a['partner_id']}/webhooks/{b['endpoint_id']}", "endpoint_not_found"),
        (f"/partners/{a['partner_id']}/deliveries/{delivery['id']}", "delivery_not_found"),
    ):
        answer = await client.get(path, headers=a["headers"])
        assert answer.status_code == 404, path
        assert answer.json()["error"] == error

    officer = await client.get(f"/partners/{b['partner_id']}/deliveries", headers=people.officer())
    assert officer.status_code == 403
    assert officer.json()["error"] == "partner_managed"
    admin = await client.get(f"/partners/{b['partner_id']}/deliveries", headers=people.admin())
    assert [d["id"] for d in admin.json()["items"]] == [delivery["id"]]


async def test_citizens_have_no_referral_routes(
    client: httpx.AsyncClient, people: People, apply: Apply
) -> None:
    a, _ = await two_agencies(client, people, apply)
    for headers in (people.citizen(), people.anonymous()):
        for method, path in (
            ("GET", "/referrals"),
            ("GET", f"/referrals/{a['referral_id']}"),
            ("GET", f"/partners/{a['partner_id']}/deliveries"),
        ):
            answer = await client.request(method, path, headers=headers)
            assert answer.status_code == 403, (method, path)
            assert answer.json()["error"] == "referrals_forbidden"
            assert "timeline" in answer.json()["detail"]["message"]
    assert (await client.get("/referrals")).status_code == 401


async def test_a_partner_token_must_name_its_agency(
    client: httpx.AsyncClient, test_keys: TestKeys
) -> None:
    nameless = test_keys.auth(uuid.uuid4(), [Role.PARTNER])
    answer = await client.get("/referrals", headers=nameless)
    assert answer.status_code == 403
    assert answer.json()["error"] == "partner_id_missing"
