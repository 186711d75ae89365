"""Object-level authorisation: a citizen sees their own reports only, partners none directly,
and only staff work reports or read internal entries."""

from __future__ import annotations

import httpx
import pytest

from peelian.testing.people import People
from reporting_helpers import report_body

pytestmark = pytest.mark.integration


@pytest.fixture
async def a_report(client: httpx.AsyncClient, people: People) -> str:
    response = await client.post("/reports", json=report_body(), headers=people.citizen())
    return str(response.json()["id"])


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "", None),
        ("GET", "/timeline", None),
        ("POST", "/information", {"text": "I was there too"}),
        ("POST", "/withdraw", {"reason": "mine now"}),
    ],
)
async def test_another_citizen_gets_404_for_my_report(
    client: httpx.AsyncClient,
    people: People,
    a_report: str,
    method: str,
    path: str,
    body: object,
) -> None:
    for stranger in (people.citizen(), people.anonymous()):
        response = await client.request(
            method, f"/reports/{a_report}{path}", json=body, headers=stranger
        )
        assert response.status_code == 404, response.text
        assert response.json()["error"] == "report_not_found"


async def test_nobody_else_lists_my_reports(
    client: httpx.AsyncClient, people: People, a_report: str
) -> None:
    mine = await client.get("/reports/mine", headers=people.citizen())

    assert a_report not in str(mine.json())


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "", None),
        ("GET", "/timeline", None),
        ("PATCH", "/triage", {"priority": "low"}),
    ],
)
async def test_a_partner_sees_no_report_directly(
    client: httpx.AsyncClient,
    people: People,
    a_report: str,
    method: str,
    path: str,
    body: object,
) -> None:
    response = await client.request(
        method, f"/reports/{a_report}{path}", json=body, headers=people.partner()
    )

    assert response.status_code == 403
    assert "referrals" in response.json()["detail"]["message"]


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("PATCH", "/triage", {"priority": "low"}),
        ("POST", "/status", {"status": "triaged", "reason": "self-triage"}),
        ("POST", "/notes", {"text": "note to self"}),
        ("POST", "/updates", {"text": "update"}),
        ("GET", "/links", None),
        ("GET", "/duplicates", None),
    ],
)
async def test_the_reporter_cannot_work_their_own_report(
    client: httpx.AsyncClient, people: People, method: str, path: str, body: object
) -> None:
    reporter = people.citizen()
    rid = (await client.post("/reports", json=report_body(), headers=reporter)).json()["id"]

    response = await client.request(method, f"/reports/{rid}{path}", json=body, headers=reporter)

    assert response.status_code == 403


async def test_only_staff_search(client: httpx.AsyncClient, people: People) -> None:
    assert (await client.get("/reports", headers=people.citizen())).status_code == 403
    assert (await client.get("/reports", headers=people.partner())).status_code == 403
    assert (await client.get("/reports")).status_code == 401


async def test_officers_cannot_act_as_the_reporter(
    client: httpx.AsyncClient, people: People, a_report: str
) -> None:
    response = await client.post(
        f"/reports/{a_report}/withdraw", json={"reason": "tidy"}, headers=people.officer()
    )

    assert response.status_code == 403
