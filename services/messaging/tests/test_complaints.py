"""Complaints: any citizen complains, supervisors (never officers) read and answer, the
complainant reads the answer, and nobody else sees a complaint."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from event_support import Apply, applying
from messaging_helpers import MessagingSettingsFactory
from peelian.events.contracts.identity import AccountErasedV1
from peelian.testing.people import People

pytestmark = pytest.mark.integration

ABOUT = "The officer who answered my report about my bike was dismissive and rude."


@pytest.fixture
async def apply(messaging_settings: MessagingSettingsFactory) -> AsyncIterator[Apply]:
    async with applying(messaging_settings()) as apply_event:
        yield apply_event


async def complain(client: httpx.AsyncClient, who: dict[str, str], **body: Any) -> dict[str, Any]:
    response = await client.post("/complaints", json={"about": ABOUT, **body}, headers=who)
    assert response.status_code == 201, response.text
    return dict(response.json())


async def test_a_supervisor_answers_and_the_complainant_reads_the_answer(
    client: httpx.AsyncClient, people: People
) -> None:
    citizen, supervisor = people.anonymous(), people.supervisor()
    report_id = uuid.uuid4()
    complaint = await complain(client, citizen, report_id=str(report_id))
    assert (complaint["status"], complaint["report_id"]) == ("received", str(report_id))

    listed = await client.get("/complaints", params={"status": "received"}, headers=supervisor)
    assert listed.status_code == 200
    seen = next(c for c in listed.json()["items"] if c["id"] == complaint["id"])
    assert (seen["complainant_anonymous"], seen["complainant_id"]) == (True, None)
    answered = await client.post(
        f"/complaints/{complaint['id']}/response",
        json={"response": "We are sorry. The inspector has spoken to the officer."},
        headers=supervisor,
    )
    assert answered.status_code == 200, answered.text
    assert answered.json()["status"] == "responded"

    mine = (await client.get("/complaints/mine", headers=citizen)).json()["items"]
    assert [(c["id"], c["status"]) for c in mine] == [(complaint["id"], "responded")]
    assert mine[0]["response"].startswith("We are sorry")
    assert "responded_by" not in mine[0], "the complainant is not told who answered"
    one = await client.get(f"/complaints/{complaint['id']}", headers=citizen)
    assert one.json()["response"] == mine[0]["response"]
    again = await client.post(
        f"/complaints/{complaint['id']}/response",
        json={"response": "A second answer to the same."},
        headers=people.admin(),
    )
    assert again.status_code == 409


async def test_officers_never_see_complaints(client: httpx.AsyncClient, people: People) -> None:
    complaint = await complain(client, people.citizen())
    officer = people.officer()

    for method, path, body in (
        ("GET", "/complaints", None),
        ("GET", f"/complaints/{complaint['id']}", None),
        ("POST", f"/complaints/{complaint['id']}/response", {"response": "Not a complaint."}),
    ):
        response = await client.request(method, path, json=body, headers=officer)
        assert response.status_code == 403, response.text
        assert response.json()["error"] == "supervisors_only"


async def test_a_complaint_is_seen_by_its_complainant_and_supervisors_only(
    client: httpx.AsyncClient, people: People
) -> None:
    complaint = await complain(client, people.citizen())

    for stranger in (people.citizen(), people.anonymous()):
        one = await client.get(f"/complaints/{complaint['id']}", headers=stranger)
        assert one.status_code == 404
        assert complaint["id"] not in (await client.get("/complaints/mine", headers=stranger)).text
        assert (await client.get("/complaints", headers=stranger)).status_code == 403
    assert (await client.get("/complaints", headers=people.partner())).status_code == 403
    assert (
        await client.post("/complaints", json={"about": ABOUT}, headers=people.partner())
    ).status_code == 403
    assert (await client.get(f"/complaints/{complaint['id']}", headers=people.admin())).is_success


async def test_a_complaint_names_only_the_complainants_own_conversation(
    client: httpx.AsyncClient, people: People
) -> None:
    citizen = people.citizen()
    opened = await client.post(
        "/conversations",
        json={"kind": "general", "subject": "Noise", "text": "Parties every night at no. 4."},
        headers=citizen,
    )
    cid = opened.json()["id"]

    own = await complain(client, citizen, conversation_id=cid)
    other = await client.post(
        "/complaints",
        json={"about": ABOUT, "conversation_id": cid},
        headers=people.citizen(),
    )

    assert own["conversation_id"] == cid
    assert other.status_code == 400
    assert other.json()["error"] == "invalid_complaint"


async def test_a_blocked_citizen_may_still_complain(
    client: httpx.AsyncClient, people: People
) -> None:
    citizen = people.citizen()
    opened = await client.post(
        "/conversations",
        json={"kind": "general", "subject": "Abuse", "text": "abusive words"},
        headers=citizen,
    )
    await client.post(
        f"/conversations/{opened.json()['id']}/block",
        json={"reason": "abuse"},
        headers=people.officer(),
    )

    complaint = await complain(client, citizen, about="I was blocked for no reason at all.")

    assert complaint["status"] == "received"


async def test_an_erased_account_leaves_its_complaints_unnamed(
    client: httpx.AsyncClient, people: People, apply: Apply
) -> None:
    account = uuid.uuid4()
    citizen = people.citizen(account)
    complaint = await complain(client, citizen)

    await apply(AccountErasedV1(account_id=account), account)

    assert (await client.get("/complaints/mine", headers=citizen)).json()["items"] == []
    kept = await client.get(f"/complaints/{complaint['id']}", headers=people.supervisor())
    assert (kept.json()["complainant_id"], kept.json()["about"]) == (None, ABOUT)
