"""Referrals: an officer refers a report (known from report.submitted) to partner agencies;
each agency accepts or declines, posts updates and records the outcome; every step is an
event for the platform and for the partner. Bad requests are refused whole, with a typed 4xx."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import orjson
import pytest

from peelian.events.contracts.identity import AccountErasedV1
from peelian.events.contracts.reporting import ReportClosedV1
from peelian.testing.people import People
from referrals_helpers import (
    ACCEPTED,
    CREATED,
    OUTCOME,
    UPDATED,
    Apply,
    fetch,
    make_partner,
    refer,
    report_submitted,
)

pytestmark = pytest.mark.integration

AGREEMENT = {"reference": "DSA-2026-MH", "fields": ["category", "description", "occurred_from"]}


async def submitted(apply: Apply, **fields: Any) -> uuid.UUID:
    """A report as report.submitted brings it; returns its id."""
    report = report_submitted(**fields)
    await apply(report, report.report_id)
    return report.report_id


async def outbox(database_url: str, referral_id: str) -> list[tuple[str, str, dict[str, Any]]]:
    """(topic, type, data) of every event written about the referral, in order."""
    rows = await fetch(
        database_url,
        "SELECT topic, event_type, envelope FROM outbox WHERE key = $1 ORDER BY id",
        referral_id,
    )
    return [(r["topic"], r["event_type"], orjson.loads(r["envelope"])["data"]) for r in rows]


async def test_an_officer_refers_a_report_and_the_partner_works_it_to_an_outcome(
    client: httpx.AsyncClient, people: People, apply: Apply, referrals_database_url: str
) -> None:
    report_id = await submitted(apply)
    partner = await make_partner(client, people, agreement=AGREEMENT)
    agency = people.partner(uuid.UUID(partner["id"]))
    due = (datetime.now(UTC) + timedelta(days=2)).isoformat()

    made = await refer(client, people, report_id, partner["id"], priority="high", due_at=due)
    assert made.status_code == 201, made.text
    [referral] = made.json()
    rid = referral["id"]
    assert referral["status"] == "pending"
    assert referral["priority"] == "high"
    assert referral["overdue"] is False

    seen = await client.get(f"/referrals/{rid}", headers=agency)
    assert seen.status_code == 200, seen.text
    assert seen.json()["report_shared"] is True
    assert set(seen.json()["report"]) == set(AGREEMENT["fields"])
    assert "referred_by" not in seen.json(), "the officer's id stays with the force"

    accepted = await client.post(f"/referrals/{rid}/accept", headers=agency)
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["status"] == "accepted"
    noted = await client.post(
        f"/referrals/{rid}/updates", json={"note": "Called her; visit booked."}, headers=agency
    )
    assert noted.status_code == 201, noted.text
    done = await client.post(
        f"/referrals/{rid}/outcome",
        json={
            "outcome": "support_provided",
            "public_summary": "A crisis worker visited and support is in place.",
            "details": "Safety plan agreed; GP informed.",
        },
        headers=agency,
    )
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "completed"
    assert [u["note"] for u in done.json()["updates"]] == ["Called her; visit booked."]

    staff = (await client.get(f"/referrals/{rid}", headers=people.officer())).json()
    assert staff["outcome_details"] == "Safety plan agreed; GP informed."
    assert staff["referred_by"] is not None

    events = await outbox(referrals_database_url, rid)
    internal = [(t, d) for topic, t, d in events if topic == "referrals.referral"]
    assert [t for t, _ in internal] == [CREATED, ACCEPTED, UPDATED, OUTCOME]
    created, outcome = internal[0][1], internal[-1][1]
    assert set(created["report"]) == set(AGREEMENT["fields"]), "minimised on Kafka too"
    assert created["priority"] == "high"
    assert outcome["public_summary"] == "A crisis worker visited and support is in place."
    assert outcome["partner_name"] == partner["name"]
    kept = await fetch(
        referrals_database_url,
        "SELECT type FROM partner_events WHERE referral_id = $1 ORDER BY time",
        uuid.UUID(rid),
    )
    assert [r["type"] for r in kept] == [CREATED, ACCEPTED, UPDATED, OUTCOME]


async def test_without_consent_the_partner_gets_an_anonymised_summary(
    client: httpx.AsyncClient, people: People, apply: Apply, referrals_database_url: str
) -> None:
    report_id = await submitted(apply, share_consent=False)
    every = ["category", "description", "people", "occurred_from", "location_text", "areas"]
    partner = await make_partner(client, people, agreement={"reference": "DSA", "fields": every})
    [referral] = (await refer(client, people, report_id, partner["id"])).json()

    seen = await client.get(
        f"/referrals/{referral['id']}", headers=people.partner(uuid.UUID(partner["id"]))
    )
    assert seen.json()["report_shared"] is False
    assert seen.json()["report"] == {
        "category": "mental-health",
        "occurred_from": "2026-11-20",
        "areas": ["campus", "cathays"],
    }
    [(_, _, created)] = [
        e for e in await outbox(referrals_database_url, referral["id"]) if e[1] == CREATED
    ]
    assert created["report_shared"] is False
    assert created["report"] == seen.json()["report"]


async def test_referring_to_several_partners_minimises_for_each(
    client: httpx.AsyncClient, people: People, apply: Apply, referrals_database_url: str
) -> None:
    report_id = await submitted(apply)
    narrow = await make_partner(client, people, agreement={"reference": "A", "fields": ["areas"]})
    wide = await make_partner(client, people, agreement=AGREEMENT)
    made = await refer(client, people, report_id, narrow["id"], wide["id"])
    assert made.status_code == 201, made.text
    by_partner = {r["partner_id"]: r["id"] for r in made.json()}
    for partner, fields in ((narrow, {"areas"}), (wide, set(AGREEMENT["fields"]))):
        [(_, _, created)] = await outbox(referrals_database_url, by_partner[partner["id"]])
        assert set(created["report"]) == fields


async def test_bad_referrals_are_refused_whole_with_a_typed_error(
    client: httpx.AsyncClient, people: People, apply: Apply, referrals_database_url: str
) -> None:
    report_id = await submitted(apply)
    partner = await make_partner(client, people)
    inactive = await make_partner(client, people, active=False)

    unknown_report = await refer(client, people, uuid.uuid4(), partner["id"])
    assert unknown_report.status_code == 404
    assert unknown_report.json()["error"] == "report_not_found"
    assert "report.submitted" in unknown_report.json()["detail"]["message"]

    stranger = uuid.uuid4()
    unknown_partner = await refer(client, people, report_id, partner["id"], str(stranger))
    assert unknown_partner.status_code == 400
    assert unknown_partner.json()["error"] == "unknown_partner"
    assert unknown_partner.json()["detail"]["context"]["partner_ids"] == [str(stranger)]

    to_inactive = await refer(client, people, report_id, partner["id"], inactive["id"])
    assert to_inactive.status_code == 409
    assert to_inactive.json()["error"] == "partner_inactive"

    first = await refer(client, people, report_id, partner["id"])
    assert first.status_code == 201, first.text
    other = await make_partner(client, people)
    duplicate = await refer(client, people, report_id, other["id"], partner["id"])
    assert duplicate.status_code == 409
    assert duplicate.json()["error"] == "referral_exists"
    assert duplicate.json()["detail"]["context"]["referrals"] == [
        {"partner_id": partner["id"], "referral_id": first.json()[0]["id"]}
    ]
    # Nothing half-written: the other partner got no referral from the refused request.
    rows = await fetch(
        referrals_database_url,
        "SELECT count(*) AS n FROM referrals WHERE report_id = $1",
        report_id,
    )
    assert rows[0]["n"] == 1

    past = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    late = await refer(client, people, report_id, other["id"], due_at=past)
    assert late.status_code == 422
    repeated = await refer(client, people, report_id, other["id"], other["id"])
    assert repeated.status_code == 422
    short = await refer(client, people, report_id, other["id"], reason="help")
    assert short.status_code == 422


async def test_a_withdrawn_report_is_not_referred(
    client: httpx.AsyncClient, people: People, apply: Apply
) -> None:
    report_id = await submitted(apply)
    partner = await make_partner(client, people)
    await apply(
        ReportClosedV1(report_id=report_id, final_status="withdrawn", reason="changed my mind"),
        report_id,
    )
    refused = await refer(client, people, report_id, partner["id"])
    assert refused.status_code == 409
    assert refused.json()["error"] == "report_withdrawn"


async def test_a_declined_referral_takes_no_outcome_and_moves_are_checked(
    client: httpx.AsyncClient, people: People, apply: Apply
) -> None:
    report_id = await submitted(apply)
    partner = await make_partner(client, people)
    agency = people.partner(uuid.UUID(partner["id"]))
    [referral] = (await refer(client, people, report_id, partner["id"])).json()
    rid = referral["id"]
    outcome = {"outcome": "support_provided", "public_summary": "Support was given to them."}

    early = await client.post(f"/referrals/{rid}/outcome", json=outcome, headers=agency)
    assert early.status_code == 409
    assert early.json()["error"] == "invalid_referral_state"
    assert early.json()["detail"]["message"] == (
        "this referral is pending; it can be given an outcome only when accepted"
    )

    declined = await client.post(
        f"/referrals/{rid}/decline",
        json={"reason": "Outside our area: the student lives in another county."},
        headers=agency,
    )
    assert declined.status_code == 200, declined.text
    assert declined.json()["decline_reason"].startswith("Outside our area")
    for path, body in (
        ("outcome", outcome),
        ("accept", None),
        ("updates", {"note": "too late"}),
        ("decline", {"reason": "Declining a second time."}),
    ):
        refused = await client.post(f"/referrals/{rid}/{path}", json=body, headers=agency)
        assert refused.status_code == 409, path
        assert refused.json()["error"] == "referral_declined", path
    change = await client.patch(
        f"/referrals/{rid}", json={"priority": "urgent"}, headers=people.officer()
    )
    assert change.status_code == 409
    assert change.json()["error"] == "referral_declined"

    again = await refer(client, people, report_id, partner["id"])
    assert again.status_code == 201, "after a decline the force may refer again"


async def test_the_force_changes_the_terms_and_the_partner_is_told(
    client: httpx.AsyncClient, people: People, apply: Apply, referrals_database_url: str
) -> None:
    report_id = await submitted(apply)
    partner = await make_partner(client, people)
    [referral] = (await refer(client, people, report_id, partner["id"])).json()
    due = (datetime.now(UTC) + timedelta(hours=6)).isoformat()
    changed = await client.patch(
        f"/referrals/{referral['id']}",
        json={"priority": "urgent", "due_at": due, "note": "She has gone missing."},
        headers=people.officer(),
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["priority"] == "urgent"
    assert [u["by"] for u in changed.json()["updates"]] == ["force"]
    by_partner = await client.patch(
        f"/referrals/{referral['id']}",
        json={"priority": "low"},
        headers=people.partner(uuid.UUID(partner["id"])),
    )
    assert by_partner.status_code == 403
    assert (
        await client.patch(f"/referrals/{referral['id']}", json={}, headers=people.officer())
    ).status_code == 422
    [*_, (_, kind, updated)] = await outbox(referrals_database_url, referral["id"])
    assert kind == UPDATED
    assert updated["by"] == "force"
    assert updated["priority"] == "urgent"
    assert updated["note"] == "She has gone missing."


async def test_overdue_referrals_are_flagged(
    client: httpx.AsyncClient, people: People, apply: Apply, referrals_database_url: str
) -> None:
    report_id = await submitted(apply)
    late, on_time = await make_partner(client, people), await make_partner(client, people)
    made = (await refer(client, people, report_id, late["id"], on_time["id"])).json()
    overdue_id = next(r["id"] for r in made if r["partner_id"] == late["id"])
    # The clock cannot be moved: the due date is moved into the past instead.
    await fetch(
        referrals_database_url,
        "UPDATE referrals SET due_at = now() - interval '1 hour' WHERE id = $1",
        uuid.UUID(overdue_id),
    )
    listed = await client.get(
        "/referrals",
        params={"overdue": "true", "report_id": str(report_id)},
        headers=people.officer(),
    )
    assert [r["id"] for r in listed.json()["items"]] == [overdue_id]
    assert listed.json()["items"][0]["overdue"] is True
    agency_view = await client.get(
        "/referrals", params={"overdue": "true"}, headers=people.partner(uuid.UUID(late["id"]))
    )
    assert [r["id"] for r in agency_view.json()["items"]] == [overdue_id]
    not_overdue = await client.get(
        "/referrals",
        params={"overdue": "false", "report_id": str(report_id)},
        headers=people.officer(),
    )
    assert overdue_id not in [r["id"] for r in not_overdue.json()["items"]]


async def test_erasure_withdraws_consent_to_sharing(
    client: httpx.AsyncClient, people: People, apply: Apply, referrals_database_url: str
) -> None:
    reporter = uuid.uuid4()
    report_id = await submitted(apply, reporter_id=reporter)
    partner = await make_partner(client, people, agreement=AGREEMENT)
    [referral] = (await refer(client, people, report_id, partner["id"])).json()

    await apply(AccountErasedV1(account_id=reporter), reporter)

    seen = await client.get(
        f"/referrals/{referral['id']}", headers=people.partner(uuid.UUID(partner["id"]))
    )
    assert seen.json()["report_shared"] is False
    assert seen.json()["report"] == {"category": "mental-health", "occurred_from": "2026-11-20"}
    [snapshot] = await fetch(
        referrals_database_url,
        "SELECT reporter_id, share_consent FROM report_snapshots WHERE report_id = $1",
        report_id,
    )
    assert snapshot["reporter_id"] is None
    # What a retry or a replay would send the partner is anonymised too.
    [kept] = await fetch(
        referrals_database_url,
        "SELECT envelope FROM partner_events WHERE referral_id = $1",
        uuid.UUID(referral["id"]),
    )
    data = orjson.loads(kept["envelope"])["data"]
    assert data["report_shared"] is False
    assert data["report"] == seen.json()["report"]


async def test_a_report_event_delivered_twice_is_kept_and_suggested_once(
    client: httpx.AsyncClient, people: People, apply: Apply, referrals_database_url: str
) -> None:
    category = f"cat-{uuid.uuid4().hex[:6]}"
    partner = await make_partner(client, people, categories=[category])
    report = report_submitted(category=category)
    await apply(report, report.report_id)
    await apply(report, report.report_id)
    rows = await fetch(
        referrals_database_url,
        "SELECT count(*) AS n FROM referral_suggestions WHERE report_id = $1",
        report.report_id,
    )
    assert rows[0]["n"] == 1
    suggested = await client.get(
        "/referrals/suggestions",
        params={"report_id": str(report.report_id)},
        headers=people.officer(),
    )
    [suggestion] = suggested.json()["items"]
    assert suggestion["partner_id"] == partner["id"]
    assert category in suggestion["rule"]


async def test_officers_confirm_or_dismiss_suggestions(
    client: httpx.AsyncClient, people: People, apply: Apply
) -> None:
    category = f"cat-{uuid.uuid4().hex[:6]}"
    crisis = await make_partner(client, people, categories=[category])
    support = await make_partner(client, people, categories=[category])
    await make_partner(client, people, categories=[category], active=False)
    report_id = await submitted(apply, category=category)
    listed = await client.get(
        "/referrals/suggestions", params={"report_id": str(report_id)}, headers=people.officer()
    )
    by_partner = {s["partner_id"]: s["id"] for s in listed.json()["items"]}
    assert set(by_partner) == {crisis["id"], support["id"]}, "inactive partners get none"

    terms = {"reason": "Suggested by category: please assess and contact.", "priority": "urgent"}
    confirmed = await client.post(
        f"/referrals/suggestions/{by_partner[crisis['id']]}/confirm",
        json=terms,
        headers=people.officer(),
    )
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["status"] == "confirmed"
    referral = await client.get(
        f"/referrals/{confirmed.json()['referral_id']}", headers=people.officer()
    )
    assert referral.json()["priority"] == "urgent"
    assert referral.json()["partner_id"] == crisis["id"]

    dismissed = await client.post(
        f"/referrals/suggestions/{by_partner[support['id']]}/dismiss",
        json={"reason": "Not a student"},
        headers=people.officer(),
    )
    assert dismissed.json()["status"] == "dismissed"
    again = await client.post(
        f"/referrals/suggestions/{by_partner[support['id']]}/confirm",
        json=terms,
        headers=people.officer(),
    )
    assert again.status_code == 409
    assert again.json()["error"] == "suggestion_decided"
    missing = await client.post(
        f"/referrals/suggestions/{uuid.uuid4()}/dismiss",
        json={"reason": "nothing"},
        headers=people.officer(),
    )
    assert missing.status_code == 404
    assert (await client.get("/referrals/suggestions", headers=people.partner())).status_code == 403
