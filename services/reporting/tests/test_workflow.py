"""The officers' workflow: search, triage, status moves, notes and updates, links, duplicates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from peelian.testing.people import People
from reporting_helpers import CAMPUS, NOWHERE, outbox_types, report_body, unique_word

pytestmark = pytest.mark.integration


async def submit(client: httpx.AsyncClient, headers: dict[str, str], **overrides: Any) -> Any:
    response = await client.post("/reports", json=report_body(**overrides), headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


async def search(client: httpx.AsyncClient, people: People, **params: Any) -> list[str]:
    response = await client.get("/reports", params=params, headers=people.officer())
    assert response.status_code == 200, response.text
    return [r["id"] for r in response.json()["items"]]


async def test_officers_filter_reports(client: httpx.AsyncClient, people: People) -> None:
    word = unique_word()
    me = people.citizen()
    theft = await submit(client, me, description=f"Laptop taken in the {word} cafe")
    drugs = await submit(
        client,
        me,
        category="drugs",
        description=f"Dealing outside {word} halls every night",
        latitude=NOWHERE[0],
        longitude=NOWHERE[1],
        occurred_at=(datetime.now(UTC) - timedelta(days=10)).isoformat(),
    )

    assert set(await search(client, people, q=word)) == {theft["id"], drugs["id"]}
    assert await search(client, people, q=word, category="drugs") == [drugs["id"]]
    assert await search(client, people, q=word, area="campus") == [theft["id"]]
    assert await search(client, people, q=word, status="triaged") == []
    week_ago = (datetime.now(UTC) - timedelta(days=7)).isoformat()
    assert await search(client, people, q=word, occurred_after=week_ago) == [theft["id"]]
    assert await search(client, people, q=word, occurred_before=week_ago) == [drugs["id"]]
    near = {"latitude": CAMPUS[0], "longitude": CAMPUS[1] + 0.005, "radius_m": 500}
    assert await search(client, people, q=word, **near) == [theft["id"]]
    assert await search(client, people, q=word, **{**near, "radius_m": 100}) == []


async def test_a_radius_needs_a_point(client: httpx.AsyncClient, people: People) -> None:
    response = await client.get("/reports", params={"radius_m": 100}, headers=people.officer())

    assert response.status_code == 422
    assert "latitude, longitude and radius_m together" in response.text


async def test_keyset_pages_cover_every_report_once(
    client: httpx.AsyncClient, people: People
) -> None:
    word = unique_word()
    me = people.citizen()
    made = [
        (await submit(client, me, description=f"Report {i} about {word}"))["id"] for i in range(5)
    ]

    seen: list[str] = []
    cursor = None
    while True:
        params = {"q": word, "limit": 2, **({"cursor": cursor} if cursor else {})}
        page = (await client.get("/reports", params=params, headers=people.officer())).json()
        seen += [r["id"] for r in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break

    assert seen == list(reversed(made))


async def test_triage_assigns_and_moves_a_new_report(
    client: httpx.AsyncClient, people: People, reporting_database_url: str
) -> None:
    report = await submit(client, people.citizen())
    officer = people.officer()
    assignee = "6a1d1c9e-3f5e-4d3c-9a9b-0d6a0e9f1c11"

    response = await client.patch(
        f"/reports/{report['id']}/triage",
        json={"priority": "high", "assigned_officer_id": assignee, "tags": ["bike-theft"]},
        headers=officer,
    )

    assert response.status_code == 200, response.text
    triaged = response.json()
    assert (triaged["status"], triaged["priority"]) == ("triaged", "high")
    assert triaged["assigned_officer_id"] == assignee
    assert await search(client, people, tag="bike-theft", assigned_officer_id=assignee) == [
        report["id"]
    ]
    assert await outbox_types(reporting_database_url, report["id"]) == [
        "org.peelian.report.submitted.v1",
        "org.peelian.report.status_changed.v1",
        "org.peelian.report.triaged.v1",
    ]


async def test_the_workflow_follows_its_path_and_refuses_shortcuts(
    client: httpx.AsyncClient, people: People, reporting_database_url: str
) -> None:
    report = await submit(client, people.citizen())
    officer = people.officer()
    url = f"/reports/{report['id']}/status"

    async def move(to: str) -> httpx.Response:
        return await client.post(url, json={"status": to, "reason": f"to {to}"}, headers=officer)

    shown = await client.get(f"/reports/{report['id']}", headers=officer)
    assert shown.json()["allowed_moves"] == ["triaged", "in_progress", "closed"]
    skipped = await move("referred")
    assert skipped.status_code == 409
    assert skipped.json()["error"] == "invalid_transition"
    assert skipped.json()["detail"]["context"]["allowed"] == ["closed", "in_progress", "triaged"]
    for status in ("triaged", "in_progress", "referred", "resolved", "in_progress", "closed"):
        response = await move(status)
        assert response.status_code == 200, response.text
        assert response.json()["status"] == status
    assert response.json()["allowed_moves"] == [], "a closed report moves no more"
    assert (await move("in_progress")).status_code == 409
    types = await outbox_types(reporting_database_url, report["id"])
    assert types.count("org.peelian.report.closed.v1") == 2  # resolved, then closed


async def test_notes_stay_internal_and_updates_reach_the_reporter(
    client: httpx.AsyncClient, people: People
) -> None:
    reporter = people.citizen()
    report = await submit(client, reporter)
    officer = people.officer()
    rid = report["id"]

    await client.post(
        f"/reports/{rid}/notes", json={"text": "Known offender: PNC 12/345"}, headers=officer
    )
    await client.post(
        f"/reports/{rid}/status",
        json={
            "status": "in_progress",
            "reason": "CCTV request sent to estates",
            "public_message": "An officer is looking into your report.",
        },
        headers=officer,
    )
    await client.post(
        f"/reports/{rid}/updates", json={"text": "We found CCTV footage."}, headers=officer
    )

    reporter_view = (await client.get(f"/reports/{rid}/timeline", headers=reporter)).json()
    staff_view = (await client.get(f"/reports/{rid}/timeline", headers=officer)).json()

    reporter_text = str(reporter_view)
    assert "PNC" not in reporter_text
    assert "CCTV request" not in reporter_text
    assert [e["kind"] for e in reporter_view] == [
        "submitted",
        "status_changed",
        "public_update",
        "public_update",
    ]
    assert all(set(e) == {"id", "at", "kind", "actor_role", "body"} for e in reporter_view)
    assert "We found CCTV footage." in reporter_text
    assert [e["kind"] for e in staff_view] == [
        "submitted",
        "internal_note",
        "status_changed",
        "public_update",
        "public_update",
    ]
    assert staff_view[2]["data"]["reason"] == "CCTV request sent to estates"


async def test_the_reporter_adds_information_and_withdraws(
    client: httpx.AsyncClient, people: People
) -> None:
    reporter = people.citizen()
    rid = (await submit(client, reporter))["id"]

    added = await client.post(
        f"/reports/{rid}/information", json={"text": "It was a red Carrera bike."}, headers=reporter
    )
    withdrawn = await client.post(
        f"/reports/{rid}/withdraw", json={"reason": "Found it"}, headers=reporter
    )
    again = await client.post(f"/reports/{rid}/information", json={"text": "x"}, headers=reporter)
    officer_move = await client.post(
        f"/reports/{rid}/status",
        json={"status": "triaged", "reason": "late"},
        headers=people.officer(),
    )

    assert added.status_code == 201
    assert withdrawn.json()["status"] == "withdrawn"
    assert again.status_code == 409
    assert again.json()["error"] == "report_ended"
    assert officer_move.status_code == 409


async def test_linked_reports_and_duplicate_suggestions(
    client: httpx.AsyncClient, people: People, reporting_database_url: str
) -> None:
    word = unique_word()
    text = f"Man in a black jacket {word} tried car door handles on Park Place"
    first = await submit(client, people.citizen(), category="criminal-damage", description=text)
    second = await submit(
        client,
        people.citizen(),
        category="criminal-damage",
        description=text.replace("tried", "was trying"),
        latitude=CAMPUS[0] + 0.001,
        longitude=CAMPUS[1],
    )
    unrelated = await submit(
        client,
        people.citizen(),
        category="criminal-damage",
        description="Graffiti sprayed on the sports hall wall overnight",
        latitude=NOWHERE[0],
        longitude=NOWHERE[1],
    )
    officer = people.officer()

    suggestions = (await client.get(f"/reports/{first['id']}/duplicates", headers=officer)).json()
    ids = [s["report_id"] for s in suggestions]
    assert second["id"] in ids
    assert unrelated["id"] not in ids
    best = suggestions[ids.index(second["id"])]
    assert best["text_similarity"] > 0.5
    assert 50 < best["distance_m"] < 200
    assert best["linked"] is False

    link = await client.post(
        f"/reports/{first['id']}/links",
        json={"related_report_id": second["id"], "reason": "Same man, same night"},
        headers=officer,
    )
    assert link.status_code == 201, link.text
    from_other_side = (await client.get(f"/reports/{second['id']}/links", headers=officer)).json()
    assert [x["related_report_id"] for x in from_other_side] == [first["id"]]
    again = (await client.get(f"/reports/{first['id']}/duplicates", headers=officer)).json()
    assert next(s for s in again if s["report_id"] == second["id"])["linked"] is True
    self_link = await client.post(
        f"/reports/{first['id']}/links",
        json={"related_report_id": first["id"], "reason": "itself"},
        headers=officer,
    )
    assert self_link.status_code == 400
    assert "org.peelian.report.linked.v1" in await outbox_types(reporting_database_url, first["id"])
