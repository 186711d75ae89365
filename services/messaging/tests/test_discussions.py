"""Deliberation: public discussions anyone reads, proposals and votes from citizens (counted
once per person, never naming anyone), moderation, and the force's response that closes it."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import httpx
import pytest

from event_support import Apply, applying
from messaging_helpers import MessagingSettingsFactory, outbox_types
from peelian.app import asyncpg_dsn
from peelian.events.contracts.identity import AccountErasedV1
from peelian.testing.people import People

pytestmark = pytest.mark.integration

RESPONSE_PUBLISHED = "org.peelian.discussion.response_published.v1"


@pytest.fixture
async def apply(messaging_settings: MessagingSettingsFactory) -> AsyncIterator[Apply]:
    async with applying(messaging_settings()) as apply_event:
        yield apply_event


async def open_discussion(
    client: httpx.AsyncClient, people: People, **overrides: Any
) -> dict[str, Any]:
    body = {
        "title": "The walk home",
        "question": "How can we make the walk home from the city centre safer?",
        "body": "Tell us what worries you on the way back to Cathays at night.",
        "areas": ["city-centre", "cathays"],
        "closes_at": (datetime.now(UTC) + timedelta(days=14)).isoformat(),
        **overrides,
    }
    response = await client.post("/discussions", json=body, headers=people.officer())
    assert response.status_code == 201, response.text
    return dict(response.json())


async def propose(
    client: httpx.AsyncClient, did: str, who: dict[str, str], text: str
) -> httpx.Response:
    return await client.post(f"/discussions/{did}/proposals", json={"text": text}, headers=who)


async def vote(
    client: httpx.AsyncClient, did: str, pid: str, who: dict[str, str], stance: str
) -> httpx.Response:
    return await client.post(
        f"/discussions/{did}/proposals/{pid}/vote", json={"stance": stance}, headers=who
    )


async def test_anyone_reads_discussions_without_signing_in(
    client: httpx.AsyncClient, people: People
) -> None:
    did = (await open_discussion(client, people))["id"]
    await propose(client, did, people.citizen(), "More lighting on Park Place, please.")

    listed = await client.get("/discussions", params={"area": "cathays", "status": "open"})
    one = await client.get(f"/discussions/{did}")

    assert listed.status_code == 200
    assert did in [d["id"] for d in listed.json()["items"]]
    assert one.status_code == 200
    assert one.json()["status"] == "open"
    assert [p["text"] for p in one.json()["proposals"]] == ["More lighting on Park Place, please."]
    assert (await client.get(f"/discussions/{uuid.uuid4()}")).status_code == 404


async def test_votes_count_once_per_person_can_change_and_name_nobody(
    client: httpx.AsyncClient, people: People
) -> None:
    did = (await open_discussion(client, people))["id"]
    author, first, second = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    made = await propose(client, did, people.citizen(author), "Run the night bus until 4am.")
    assert made.status_code == 201, made.text
    pid = made.json()["id"]

    await vote(client, did, pid, people.citizen(first), "support")
    again = await vote(client, did, pid, people.citizen(first), "support")
    assert (again.json()["support"], again.json()["oppose"]) == (1, 0), "one vote per person"
    await vote(client, did, pid, people.anonymous(second), "support")
    changed = await vote(client, did, pid, people.anonymous(second), "oppose")
    assert (changed.json()["support"], changed.json()["oppose"], changed.json()["my_stance"]) == (
        1,
        1,
        "oppose",
    )
    withdrawn = await vote(client, did, pid, people.citizen(first), "none")
    assert (withdrawn.json()["support"], withdrawn.json()["my_stance"]) == (0, None)

    public = await client.get(f"/discussions/{did}")
    as_staff = await client.get(f"/discussions/{did}", headers=people.officer())
    as_voter = await client.get(f"/discussions/{did}", headers=people.anonymous(second))
    assert public.json()["proposals"][0]["my_stance"] is None
    assert as_voter.json()["proposals"][0]["my_stance"] == "oppose"
    for document in (public.text, as_staff.text, as_voter.text):
        for person in (author, first, second):
            assert str(person) not in document, "neither proposers nor voters are shown"


async def test_the_response_links_proposals_closes_the_discussion_and_is_announced(
    client: httpx.AsyncClient, people: People, messaging_database_url: str
) -> None:
    did = (await open_discussion(client, people))["id"]
    citizen = people.citizen()
    lights = (await propose(client, did, citizen, "Brighter lights on Park Place.")).json()["id"]
    await propose(client, did, citizen, "A walking bus from the union at closing time.")
    stranger = (
        await propose(client, (await open_discussion(client, people))["id"], citizen, "x" * 12)
    ).json()["id"]
    officer = people.officer()
    answer = {
        "summary": "You told us Park Place is too dark and the walk from the union is lonely.",
        "response": "You said Park Place was dark: the council has added six street lights.",
        "proposal_ids": [lights],
    }

    foreign = await client.post(
        f"/discussions/{did}/response",
        json={**answer, "proposal_ids": [stranger]},
        headers=officer,
    )
    assert foreign.status_code == 400
    assert foreign.json()["error"] == "invalid_discussion"
    responded = await client.post(f"/discussions/{did}/response", json=answer, headers=officer)

    assert responded.status_code == 200, responded.text
    public = (await client.get(f"/discussions/{did}")).json()
    assert public["status"] == "responded"
    assert public["response"]["proposal_ids"] == [lights]
    assert public["response"]["response"].startswith("You said Park Place was dark")
    assert await outbox_types(messaging_database_url, did) == [RESPONSE_PUBLISHED]
    late = await propose(client, did, citizen, "And CCTV on Cathays Terrace.")
    assert late.status_code == 409
    assert late.json()["error"] == "discussion_closed"
    assert (await vote(client, did, lights, citizen, "support")).status_code == 409
    twice = await client.post(f"/discussions/{did}/response", json=answer, headers=officer)
    assert twice.status_code == 409


async def test_after_closes_at_a_discussion_takes_nothing_more(
    client: httpx.AsyncClient, people: People, messaging_database_url: str
) -> None:
    did = (await open_discussion(client, people))["id"]
    citizen = people.citizen()
    pid = (await propose(client, did, citizen, "Taxi marshals on Friday nights.")).json()["id"]
    conn = await asyncpg.connect(asyncpg_dsn(messaging_database_url))
    try:
        await conn.execute(
            "UPDATE discussions SET closes_at = now() - interval '1 minute' WHERE id = $1",
            uuid.UUID(did),
        )
    finally:
        await conn.close()

    late = await propose(client, did, citizen, "Another idea after the deadline.")

    assert late.status_code == 409
    assert (await vote(client, did, pid, citizen, "support")).status_code == 409
    assert (await client.get(f"/discussions/{did}")).json()["status"] == "closed"
    closed = await client.get("/discussions", params={"status": "closed", "limit": 100})
    still_open = await client.get("/discussions", params={"status": "open", "limit": 100})
    assert did in closed.text
    assert did not in still_open.text


async def test_moderators_hide_proposals_from_the_public(
    client: httpx.AsyncClient, people: People
) -> None:
    did = (await open_discussion(client, people))["id"]
    citizen, officer = people.citizen(), people.officer()
    pid = (await propose(client, did, citizen, "Something abusive about a neighbour.")).json()["id"]

    hidden = await client.post(
        f"/discussions/{did}/proposals/{pid}/hide",
        json={"reason": "personal abuse"},
        headers=officer,
    )

    assert hidden.status_code == 200, hidden.text
    assert "abusive" not in (await client.get(f"/discussions/{did}")).text
    moderated = (await client.get(f"/discussions/{did}", headers=officer)).json()["proposals"]
    assert [(p["id"], p["hidden"], p["hidden_reason"]) for p in moderated] == [
        (pid, True, "personal abuse")
    ]
    assert (await vote(client, did, pid, people.citizen(), "support")).status_code == 404
    refused = await client.post(
        f"/discussions/{did}/proposals/{pid}/hide", json={"reason": "mine"}, headers=citizen
    )
    assert refused.status_code == 403


async def test_officers_run_discussions_and_citizens_take_part(
    client: httpx.AsyncClient, people: People
) -> None:
    did = (await open_discussion(client, people))["id"]
    body = {"title": "Bikes", "question": "Where do bikes get stolen?"}
    answer = {"summary": "s" * 10, "response": "r" * 10}

    for caller in (people.citizen(), people.anonymous(), people.partner()):
        assert (await client.post("/discussions", json=body, headers=caller)).status_code == 403
        answered = await client.post(f"/discussions/{did}/response", json=answer, headers=caller)
        assert answered.status_code == 403
    for caller in (people.officer(), people.partner()):
        assert (await propose(client, did, caller, "An officer's idea")).status_code == 403
    assert (await client.post("/discussions", json=body)).status_code == 401
    assert (
        await propose(client, did, people.anonymous(), "A reporter key's idea")
    ).status_code == 201


async def test_a_blocked_citizen_cannot_propose(client: httpx.AsyncClient, people: People) -> None:
    citizen = people.citizen()
    opened = await client.post(
        "/conversations",
        json={"kind": "general", "subject": "Abuse", "text": "abusive words"},
        headers=citizen,
    )
    blocked = await client.post(
        f"/conversations/{opened.json()['id']}/block",
        json={"reason": "abuse"},
        headers=people.officer(),
    )
    assert blocked.status_code == 200
    did = (await open_discussion(client, people))["id"]

    refused = await propose(client, did, citizen, "More abuse in a proposal.")

    assert refused.status_code == 403
    assert refused.json()["error"] == "citizen_blocked"


async def test_an_erased_account_leaves_its_proposals_and_votes_counted_and_unnamed(
    client: httpx.AsyncClient, people: People, apply: Apply, messaging_database_url: str
) -> None:
    did = (await open_discussion(client, people))["id"]
    account = uuid.uuid4()
    citizen = people.citizen(account)
    pid = (await propose(client, did, citizen, "Free self-defence classes.")).json()["id"]
    await vote(client, did, pid, citizen, "support")

    await apply(AccountErasedV1(account_id=account), account)

    proposal = (await client.get(f"/discussions/{did}", headers=citizen)).json()["proposals"][0]
    assert (proposal["text"], proposal["support"], proposal["my_stance"]) == (
        "Free self-defence classes.",
        1,
        None,
    )
    conn = await asyncpg.connect(asyncpg_dsn(messaging_database_url))
    try:
        authors = await conn.fetchval(
            "SELECT count(*) FROM discussion_proposals WHERE author_id = $1", account
        )
        votes = await conn.fetchval(
            "SELECT count(*) FROM discussion_votes WHERE voter_id = $1", account
        )
    finally:
        await conn.close()
    assert (authors, votes) == (0, 0)
