"""Conversations: a citizen and the force talk, the team inbox with its unread counts, who may
see what, moderation and blocks, and the reactions to reports, referral outcomes and erasure."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from event_support import Apply, applying, eventually, report_submitted, send_as
from messaging.main import create_app
from messaging_helpers import MessagingSettingsFactory, outbox_types, waiting_messages
from peelian.events.contracts.identity import AccountErasedV1
from peelian.events.contracts.referrals import ReferralOutcomeRecordedV1
from peelian.events.contracts.reporting import ReportUpdatedV1
from peelian.testing.infra import Infra
from peelian.testing.people import People
from peelian.testing.plugin import app_client

pytestmark = pytest.mark.integration

MESSAGE_POSTED = "org.peelian.message.posted.v1"


@pytest.fixture
async def apply(messaging_settings: MessagingSettingsFactory) -> AsyncIterator[Apply]:
    async with applying(messaging_settings()) as apply_event:
        yield apply_event


def general(text: str = "Someone keeps trying bike locks behind Talybont halls.") -> dict[str, Any]:
    return {"kind": "general", "subject": "Bikes at Talybont", "text": text}


async def open_conversation(
    client: httpx.AsyncClient, citizen: dict[str, str], **body: Any
) -> dict[str, Any]:
    response = await client.post("/conversations", json=body or general(), headers=citizen)
    assert response.status_code == 201, response.text
    return dict(response.json())


async def say(
    client: httpx.AsyncClient, cid: str, who: dict[str, str], text: str, **body: Any
) -> httpx.Response:
    return await client.post(
        f"/conversations/{cid}/messages", json={"text": text, **body}, headers=who
    )


async def in_inbox(
    client: httpx.AsyncClient, people: People, cid: str, **filters: Any
) -> dict[str, Any] | None:
    """The conversation as the team inbox lists it (filtered) to any officer, or None."""
    page = await client.get("/conversations", params=filters, headers=people.officer())
    assert page.status_code == 200, page.text
    return next((c for c in page.json()["items"] if c["id"] == cid), None)


async def test_a_citizen_and_an_officer_talk_with_unread_counts_on_both_sides(
    client: httpx.AsyncClient, people: People, messaging_database_url: str
) -> None:
    citizen, officer = people.citizen(), people.officer()
    opened = await open_conversation(client, citizen)
    cid = opened["id"]
    assert opened["status"] == "open"
    assert opened["unread"] == 0, "your own message is read"
    assert [m["author_role"] for m in opened["messages"]] == ["citizen"]

    listed = await in_inbox(client, people, cid, unread=True)
    assert listed is not None
    assert listed["unread"] == 1
    assert listed["team"] == "university-neighbourhood"

    reply = await say(client, cid, officer, "Thanks: we'll patrol there tonight. Which rack?")
    assert reply.status_code == 201, reply.text
    assert reply.json()["author_id"] is not None

    assert (await in_inbox(client, people, cid, unread=True)) is None, "replying reads the thread"
    mine = (await client.get("/conversations", headers=citizen)).json()["items"]
    assert [(c["id"], c["unread"], c["status"]) for c in mine] == [(cid, 1, "waiting")]
    detail = (await client.get(f"/conversations/{cid}", headers=citizen)).json()
    assert [m["body"] for m in detail["messages"]][-1].startswith("Thanks: we'll patrol")
    assert "author_id" not in detail["messages"][-1], "officers are not named to the citizen"

    read = await client.post(f"/conversations/{cid}/read", headers=citizen)
    assert read.json()["unread"] == 0
    answer = await say(client, cid, citizen, "The one by the laundry.")
    assert answer.status_code == 201, answer.text
    assert "author_id" not in answer.json()
    listed = await in_inbox(client, people, cid, unread=True)
    assert listed is not None
    assert (listed["unread"], listed["status"]) == (1, "open")
    await client.post(f"/conversations/{cid}/read", headers=people.officer())
    assert (await in_inbox(client, people, cid, unread=True)) is None

    types = await outbox_types(messaging_database_url, cid)
    assert types == [MESSAGE_POSTED] * 3


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "", None),
        ("POST", "/messages", {"text": "hello"}),
        ("POST", "/read", None),
        ("PATCH", "", {"status": "closed"}),
        ("POST", "/block", {"reason": "mine now"}),
        ("DELETE", "/block", None),
    ],
)
async def test_another_citizen_gets_404_for_my_conversation(
    client: httpx.AsyncClient, people: People, method: str, path: str, body: object
) -> None:
    cid = (await open_conversation(client, people.citizen()))["id"]

    for stranger in (people.citizen(), people.anonymous()):
        response = await client.request(
            method, f"/conversations/{cid}{path}", json=body, headers=stranger
        )
        assert response.status_code == 404, response.text
        assert response.json()["error"] == "conversation_not_found"


async def test_another_citizen_gets_404_hiding_a_message_of_mine(
    client: httpx.AsyncClient, people: People
) -> None:
    opened = await open_conversation(client, people.citizen())
    mid = opened["messages"][0]["id"]

    response = await client.post(
        f"/conversations/{opened['id']}/messages/{mid}/hide",
        json={"reason": "spam"},
        headers=people.citizen(),
    )

    assert response.status_code == 404


async def test_nobody_else_lists_my_conversations(
    client: httpx.AsyncClient, people: People
) -> None:
    cid = (await open_conversation(client, people.citizen()))["id"]

    theirs = await client.get("/conversations", headers=people.citizen())

    assert theirs.status_code == 200
    assert cid not in theirs.text


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "", None),
        ("POST", "", general()),
        ("GET", "/{cid}", None),
        ("POST", "/{cid}/messages", {"text": "hello"}),
        ("POST", "/{cid}/read", None),
        ("PATCH", "/{cid}", {"status": "closed"}),
        ("GET", "/blocks", None),
    ],
)
async def test_a_partner_takes_no_part_in_conversations(
    client: httpx.AsyncClient, people: People, method: str, path: str, body: object
) -> None:
    cid = (await open_conversation(client, people.citizen()))["id"]

    response = await client.request(
        method, f"/conversations{path.format(cid=cid)}", json=body, headers=people.partner()
    )

    assert response.status_code == 403, response.text


async def test_officers_assign_and_move_conversations_and_filter_the_inbox(
    client: httpx.AsyncClient, people: People
) -> None:
    citizen = people.citizen()
    cid = (await open_conversation(client, citizen))["id"]
    officer_id = uuid.uuid4()

    patched = await client.patch(
        f"/conversations/{cid}",
        json={"assigned_officer_id": str(officer_id), "team": "city-centre-team"},
        headers=people.supervisor(),
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["assigned_officer_id"] == str(officer_id)

    assert await in_inbox(client, people, cid, assigned_officer_id=str(officer_id)) is not None
    assert await in_inbox(client, people, cid, assigned_officer_id=str(uuid.uuid4())) is None
    assert await in_inbox(client, people, cid, team="city-centre-team") is not None
    assert await in_inbox(client, people, cid, team="university-neighbourhood") is None

    closed = await client.patch(
        f"/conversations/{cid}", json={"status": "closed"}, headers=people.officer(officer_id)
    )
    assert closed.json()["status"] == "closed"
    assert closed.json()["assigned_officer_id"] == str(officer_id), "left out, left alone"
    assert await in_inbox(client, people, cid, status="closed") is not None
    assert await in_inbox(client, people, cid, status="open") is None
    unassigned = await client.patch(
        f"/conversations/{cid}", json={"assigned_officer_id": None}, headers=people.officer()
    )
    assert unassigned.json()["assigned_officer_id"] is None

    own = await client.patch(f"/conversations/{cid}", json={"status": "open"}, headers=citizen)
    assert own.status_code == 403, "the citizen does not work their own conversation"
    reopened = await say(client, cid, citizen, "It happened again last night.")
    assert reopened.status_code == 201
    assert (await client.get(f"/conversations/{cid}", headers=citizen)).json()["status"] == "open"


async def test_the_inbox_shows_who_nobody_is_assigned_to(
    client: httpx.AsyncClient, people: People
) -> None:
    cid = (await open_conversation(client, people.citizen()))["id"]

    assert await in_inbox(client, people, cid, unassigned="true") is not None
    assert await in_inbox(client, people, cid, unassigned="false") is None
    officer = people.officer()
    mine = await client.patch(
        f"/conversations/{cid}", json={"assigned_officer_id": str(uuid.uuid4())}, headers=officer
    )
    assert mine.status_code == 200, mine.text
    assert await in_inbox(client, people, cid, unassigned="true") is None
    assert await in_inbox(client, people, cid, unassigned="false") is not None


@pytest.mark.parametrize(
    "inbox_filter",
    [{"team": "university-neighbourhood"}, {"unassigned": "true"}],
)
async def test_citizens_do_not_filter_by_the_inbox_fields(
    client: httpx.AsyncClient, people: People, inbox_filter: dict[str, str]
) -> None:
    response = await client.get("/conversations", params=inbox_filter, headers=people.citizen())

    assert response.status_code == 403
    assert response.json()["error"] == "staff_filter"


async def test_a_hidden_message_loses_its_content_for_the_citizen_only(
    client: httpx.AsyncClient, people: People
) -> None:
    citizen = people.citizen()
    cid = (await open_conversation(client, citizen))["id"]
    rude = await say(client, cid, citizen, "something abusive about a named officer")
    mid = rude.json()["id"]
    officer = people.officer()

    hidden = await client.post(
        f"/conversations/{cid}/messages/{mid}/hide",
        json={"reason": "abuse of a named officer"},
        headers=officer,
    )

    assert hidden.status_code == 200, hidden.text
    as_citizen = (await client.get(f"/conversations/{cid}", headers=citizen)).json()
    seen = next(m for m in as_citizen["messages"] if m["id"] == mid)
    assert (seen["hidden"], seen["body"]) == (True, None)
    assert "abusive" not in str(as_citizen)
    as_staff = (await client.get(f"/conversations/{cid}", headers=officer)).json()
    moderated = next(m for m in as_staff["messages"] if m["id"] == mid)
    assert moderated["body"] == "something abusive about a named officer"
    assert (moderated["hidden"], moderated["hidden_reason"]) == (True, "abuse of a named officer")
    listed = await in_inbox(client, people, cid)
    assert listed is not None
    assert listed["unread"] == 1, "the hidden message is unread by nobody"
    missing = await client.post(
        f"/conversations/{cid}/messages/{uuid.uuid4()}/hide",
        json={"reason": "x" * 5},
        headers=officer,
    )
    assert missing.status_code == 404


async def test_a_blocked_citizen_reads_but_cannot_post_until_unblocked(
    client: httpx.AsyncClient, people: People
) -> None:
    subject = uuid.uuid4()
    citizen = people.anonymous(subject)
    cid = (await open_conversation(client, citizen))["id"]
    officer = people.officer()

    blocked = await client.post(
        f"/conversations/{cid}/block", json={"reason": "repeated abuse"}, headers=officer
    )

    assert blocked.status_code == 200, blocked.text
    assert blocked.json()["subject"] is None, "an anonymous reporter's id is never shown"
    refused = await say(client, cid, citizen, "let me in")
    assert refused.status_code == 403
    assert refused.json()["error"] == "citizen_blocked"
    assert "still read" in refused.json()["detail"]["message"]
    assert (await client.post("/conversations", json=general(), headers=citizen)).status_code == 403
    assert (await client.get(f"/conversations/{cid}", headers=citizen)).status_code == 200
    staff_view = (await client.get(f"/conversations/{cid}", headers=officer)).json()
    assert staff_view["citizen_blocked"] is True
    blocks = (await client.get("/conversations/blocks", headers=officer)).json()["items"]
    assert any(b["conversation_id"] == cid and b["subject"] is None for b in blocks)
    assert (await say(client, cid, officer, "We have paused your posting.")).status_code == 201

    unblocked = await client.delete(f"/conversations/{cid}/block", headers=officer)

    assert unblocked.status_code == 204
    assert (await say(client, cid, citizen, "sorry")).status_code == 201


async def test_an_appeal_response_is_a_conversation_about_the_publication(
    client: httpx.AsyncClient, people: People
) -> None:
    supervisor = people.supervisor()
    appeal = {
        "kind": "appeal",
        "areas": ["campus"],
        "translations": [
            {
                "language": "en",
                "title": "Witnesses sought",
                "body": "Did you see the assault outside the union on Friday?",
            }
        ],
    }
    publication_id = (await client.post("/publications", json=appeal, headers=supervisor)).json()[
        "id"
    ]
    await client.post(f"/publications/{publication_id}/publish", headers=supervisor)
    citizen = people.anonymous()
    unknown = await client.post(
        "/conversations",
        json={"kind": "appeal_response", "publication_id": str(uuid.uuid4()), "text": "x"},
        headers=citizen,
    )
    assert unknown.status_code == 404

    opened = await open_conversation(
        client,
        citizen,
        kind="appeal_response",
        publication_id=str(publication_id),
        text="I saw a man in a red jacket near the union at 11pm.",
    )

    assert (opened["kind"], opened["publication_id"]) == ("appeal_response", str(publication_id))
    assert opened["subject"] == "Information about an appeal"
    listed = await in_inbox(client, people, opened["id"])
    assert listed is not None
    assert (listed["citizen_anonymous"], listed["citizen_id"]) == (True, None)


async def test_officers_do_not_open_conversations(
    client: httpx.AsyncClient, people: People
) -> None:
    response = await client.post("/conversations", json=general(), headers=people.officer())

    assert response.status_code == 403


# --- reactions to other services' events ---


async def test_a_report_opens_one_conversation_the_reporter_answers_anonymously(
    client: httpx.AsyncClient, people: People, apply: Apply
) -> None:
    reporter = uuid.uuid4()
    report = report_submitted(reporter, anonymous=True)

    await apply(report, report.report_id)
    await apply(report, report.report_id)

    token = people.anonymous(reporter)
    mine = (await client.get("/conversations", headers=token)).json()["items"]
    assert len(mine) == 1, "a redelivered report.submitted opens no second conversation"
    conversation = mine[0]
    assert (conversation["kind"], conversation["report_id"]) == ("report", str(report.report_id))
    assert conversation["unread"] == 1
    detail = (await client.get(f"/conversations/{conversation['id']}", headers=token)).json()
    welcome = detail["messages"][0]
    assert welcome["author_role"] == "system"
    assert report.reference in welcome["body"]

    evidence = {"report_id": str(report.report_id), "evidence_id": str(uuid.uuid4())}
    answer = await say(
        client, conversation["id"], token, "Here is the photo again.", attachments=[evidence]
    )
    assert answer.status_code == 201, answer.text
    assert answer.json()["attachments"] == [evidence]
    foreign = {"report_id": str(uuid.uuid4()), "evidence_id": str(uuid.uuid4())}
    refused = await say(client, conversation["id"], token, "And this.", attachments=[foreign])
    assert refused.status_code == 400
    assert refused.json()["error"] == "invalid_attachment"
    staff = await client.get(f"/conversations/{conversation['id']}", headers=people.officer())
    assert staff.json()["citizen_id"] is None, "officers never see an anonymous reporter's id"
    # The dashboard's report screen finds the report's conversation by its report id.
    assert await in_inbox(client, people, conversation["id"], report_id=str(report.report_id))
    assert not await in_inbox(client, people, conversation["id"], report_id=str(uuid.uuid4()))


async def test_a_report_without_contact_consent_opens_no_conversation(
    client: httpx.AsyncClient, people: People, apply: Apply
) -> None:
    reporter = uuid.uuid4()
    report = report_submitted(reporter, contact_consent=False)

    await apply(report, report.report_id)

    assert (await client.get("/conversations", headers=people.citizen(reporter))).json() == {
        "items": [],
        "next_cursor": None,
    }


async def test_attachments_need_a_report_conversation(
    client: httpx.AsyncClient, people: People
) -> None:
    citizen = people.citizen()
    cid = (await open_conversation(client, citizen))["id"]
    evidence = {"report_id": str(uuid.uuid4()), "evidence_id": str(uuid.uuid4())}

    response = await say(client, cid, citizen, "photo", attachments=[evidence])

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_attachment"


async def test_an_officers_public_update_reaches_the_reporters_conversation(
    client: httpx.AsyncClient, people: People, apply: Apply
) -> None:
    reporter = uuid.uuid4()
    report = report_submitted(reporter)
    await apply(report, report.report_id)
    update = ReportUpdatedV1(
        report_id=report.report_id,
        update="public_update",
        public_text="We found your bike; call us to collect it.",
        reporter_id=reporter,
        contact_consent=True,
    )

    await apply(update, report.report_id)
    # The reporter's own added information, and an update without consent, post nothing.
    await apply(
        ReportUpdatedV1(
            **{**update.model_dump(), "update": "information_added", "public_text": None}
        ),
        report.report_id,
    )
    await apply(
        ReportUpdatedV1(**{**update.model_dump(), "contact_consent": False}), report.report_id
    )

    token = people.citizen(reporter)
    [conversation] = (await client.get("/conversations", headers=token)).json()["items"]
    detail = (await client.get(f"/conversations/{conversation['id']}", headers=token)).json()
    system = [m["body"] for m in detail["messages"] if m["author_role"] == "system"]
    assert system[-1] == "Update on your report: We found your bike; call us to collect it."
    assert len([b for b in system if b.startswith("Update on your report")]) == 1


async def test_a_referral_outcome_tells_the_reporter_in_their_conversation(
    client: httpx.AsyncClient, people: People, apply: Apply
) -> None:
    reporter = uuid.uuid4()
    report = report_submitted(reporter)
    await apply(report, report.report_id)
    outcome = ReferralOutcomeRecordedV1(
        referral_id=uuid.uuid4(),
        report_id=report.report_id,
        partner_id=uuid.uuid4(),
        partner_name="Mental Health Crisis Team",
        outcome="support_provided",
        public_summary="A support worker called you and arranged a follow-up visit.",
        recorded_at=datetime.now(UTC),
    )

    await apply(outcome, outcome.referral_id)
    await apply(
        ReferralOutcomeRecordedV1(**{**outcome.model_dump(), "report_id": uuid.uuid4()}),
        outcome.referral_id,
    )

    token = people.citizen(reporter)
    [conversation] = (await client.get("/conversations", headers=token)).json()["items"]
    assert conversation["unread"] == 2
    detail = (await client.get(f"/conversations/{conversation['id']}", headers=token)).json()
    last = detail["messages"][-1]
    assert (last["author_role"], last["body"]) == ("system", outcome.public_summary)
    assert "Mental Health" not in str(detail), "the partner stays with the force"


def outcome_for(report_id: uuid.UUID, summary: str) -> ReferralOutcomeRecordedV1:
    return ReferralOutcomeRecordedV1(
        referral_id=uuid.uuid4(),
        report_id=report_id,
        partner_id=uuid.uuid4(),
        partner_name="Victim Support",
        outcome="support_provided",
        public_summary=summary,
        recorded_at=datetime.now(UTC),
    )


async def test_messages_that_come_before_the_report_wait_for_its_conversation(
    client: httpx.AsyncClient, people: People, apply: Apply, messaging_database_url: str
) -> None:
    """report.submitted and the outcome or update travel on different topics: a lagging
    consumer can take the outcome first. It waits, and is posted when the conversation opens."""
    reporter = uuid.uuid4()
    report = report_submitted(reporter)
    update = ReportUpdatedV1(
        report_id=report.report_id,
        update="public_update",
        public_text="Officers have reviewed the CCTV.",
        reporter_id=reporter,
        contact_consent=True,
    )
    outcome = outcome_for(report.report_id, "A caseworker will call you this week.")

    await apply(update, report.report_id)
    await apply(outcome, outcome.referral_id)
    assert await waiting_messages(messaging_database_url, report.report_id) == 2
    await apply(report, report.report_id)

    token = people.citizen(reporter)
    [conversation] = (await client.get("/conversations", headers=token)).json()["items"]
    detail = (await client.get(f"/conversations/{conversation['id']}", headers=token)).json()
    bodies = [m["body"] for m in detail["messages"]]
    assert report.reference in bodies[0], "the welcome first"
    assert bodies[1:] == [
        "Update on your report: Officers have reviewed the CCTV.",
        "A caseworker will call you this week.",
    ], "then what waited, in the order it came"
    assert await waiting_messages(messaging_database_url, report.report_id) == 0


async def test_messages_about_a_report_without_contact_consent_are_not_kept(
    apply: Apply, messaging_database_url: str
) -> None:
    before = report_submitted(uuid.uuid4(), contact_consent=False)
    await apply(outcome_for(before.report_id, "Waited, then dropped."), uuid.uuid4())
    await apply(before, before.report_id)
    assert await waiting_messages(messaging_database_url, before.report_id) == 0

    after = report_submitted(uuid.uuid4(), contact_consent=False)
    await apply(after, after.report_id)
    await apply(outcome_for(after.report_id, "Never kept."), uuid.uuid4())
    assert await waiting_messages(messaging_database_url, after.report_id) == 0


async def test_an_erased_account_leaves_closed_conversations_without_its_words(
    client: httpx.AsyncClient, people: People, apply: Apply
) -> None:
    account = uuid.uuid4()
    citizen, officer = people.citizen(account), people.officer()
    cid = (await open_conversation(client, citizen, **general("I live at 12 Park Place.")))["id"]
    assert (await say(client, cid, officer, "Thanks, we will visit.")).status_code == 201
    blocked = await client.post(
        f"/conversations/{cid}/block", json={"reason": "test"}, headers=officer
    )
    assert blocked.status_code == 200

    await apply(AccountErasedV1(account_id=account), account)

    assert (await client.get(f"/conversations/{cid}", headers=citizen)).status_code == 404
    staff = (await client.get(f"/conversations/{cid}", headers=officer)).json()
    assert (staff["citizen_id"], staff["status"], staff["citizen_blocked"]) == (
        None,
        "closed",
        False,
    )
    assert [m["body"] for m in staff["messages"]] == ["[erased]", "Thanks, we will visit."]
    late = await say(client, cid, officer, "Hello?")
    assert late.status_code == 409
    assert late.json()["error"] == "conversation_ended"


async def test_the_consumer_opens_the_conversation_of_a_report_from_kafka(
    messaging_settings: MessagingSettingsFactory, people: People, infra: Infra
) -> None:
    settings = messaging_settings(
        run_workers=True, service_name=f"messaging-{uuid.uuid4().hex[:8]}"
    )
    reporter = uuid.uuid4()
    report = report_submitted(reporter, anonymous=True)
    token = people.anonymous(reporter)

    async with app_client(create_app(settings)) as live:
        await send_as(infra.kafka_bootstrap, "reporting", report, report.report_id)

        async def opened() -> bool:
            mine = await live.get("/conversations", headers=token)
            return bool(mine.json()["items"])

        await eventually(opened)
        [conversation] = (await live.get("/conversations", headers=token)).json()["items"]

    assert conversation["report_id"] == str(report.report_id)
