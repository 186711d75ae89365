"""Events over the real Kafka: the outbox survives a broker outage, and the service reacts to
referral outcomes and account erasure."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import asyncpg
import httpx
import orjson
import pytest

from peelian.app import asyncpg_dsn
from peelian.events.contracts.identity import AccountErasedV1
from peelian.events.contracts.referrals import ReferralOutcomeRecordedV1
from peelian.events.contracts.reporting import REPORT_TOPIC
from peelian.testing.events import eventually, send_as
from peelian.testing.infra import Infra
from peelian.testing.kafka import read_topic
from peelian.testing.people import People
from peelian.testing.plugin import app_client
from reporting.main import create_app
from reporting_helpers import ReportingSettingsFactory, report_body

pytestmark = pytest.mark.integration


@pytest.fixture
async def live_client(
    reporting_settings: ReportingSettingsFactory,
) -> AsyncIterator[httpx.AsyncClient]:
    """The app with its outbox relay and consumers running, in a consumer group of its own
    (so that a reporting service started by `make up` does not take this test's events)."""
    settings = reporting_settings(
        run_workers=True, service_name=f"reporting-{uuid.uuid4().hex[:8]}"
    )
    async with app_client(create_app(settings)) as client:
        yield client


async def test_a_report_submitted_while_kafka_is_down_is_published_later(
    live_client: httpx.AsyncClient, people: People, infra: Infra
) -> None:
    await asyncio.to_thread(infra.stop_kafka)
    try:
        response = await live_client.post("/reports", json=report_body(), headers=people.citizen())
    finally:
        await asyncio.to_thread(infra.start_kafka)

    assert response.status_code == 201, response.text
    report_id = response.json()["id"]
    records = await read_topic(
        infra.kafka_bootstrap, REPORT_TOPIC, until=1, timeout=120, subjects={report_id}
    )
    event = orjson.loads(records[0].value)
    assert event["type"] == "org.peelian.report.submitted.v1"
    assert event["data"]["reference"] == response.json()["reference"]


async def test_a_referral_outcome_reaches_the_reporters_timeline(
    live_client: httpx.AsyncClient, people: People, infra: Infra
) -> None:
    reporter = people.citizen()
    rid = (await live_client.post("/reports", json=report_body(), headers=reporter)).json()["id"]
    outcome = ReferralOutcomeRecordedV1(
        referral_id=uuid.uuid4(),
        report_id=uuid.UUID(rid),
        partner_id=uuid.uuid4(),
        partner_name="University Student Support Service",
        outcome="support_provided",
        public_summary="Student support contacted you and arranged a wellbeing session.",
        recorded_at=datetime.now(UTC),
    )

    await send_as(infra.kafka_bootstrap, "referrals", outcome, outcome.referral_id)

    async def arrived() -> bool:
        timeline = await live_client.get(f"/reports/{rid}/timeline", headers=reporter)
        return any(e["kind"] == "referral_outcome" for e in timeline.json())

    await eventually(arrived)
    timeline = (await live_client.get(f"/reports/{rid}/timeline", headers=reporter)).json()
    entry = next(e for e in timeline if e["kind"] == "referral_outcome")
    assert entry["body"] == outcome.public_summary
    assert "support_provided" not in str(entry), "the partner's coded outcome stays internal"


async def test_an_erased_account_leaves_anonymous_reports_behind(
    live_client: httpx.AsyncClient, people: People, infra: Infra, reporting_database_url: str
) -> None:
    account = uuid.uuid4()
    reporter = people.citizen(account)
    rid = (await live_client.post("/reports", json=report_body(), headers=reporter)).json()["id"]
    uploaded = await live_client.post(
        f"/reports/{rid}/evidence",
        files={"file": ("note.pdf", b"%PDF-1.4\n% a statement\n%%EOF\n", "application/pdf")},
        headers=reporter,
    )
    assert uploaded.status_code == 201, uploaded.text

    await send_as(infra.kafka_bootstrap, "gateway", AccountErasedV1(account_id=account), account)

    async def erased() -> bool:
        mine = await live_client.get("/reports/mine", headers=reporter)
        return mine.json()["items"] == []

    await eventually(erased)
    officer = people.officer()
    report = (await live_client.get(f"/reports/{rid}", headers=officer)).json()
    timeline = (await live_client.get(f"/reports/{rid}/timeline", headers=officer)).json()
    assert report["reporter_id"] is None
    assert report["contact_consent"] is False
    assert timeline[-1]["kind"] == "reporter_erased"
    assert (await live_client.get(f"/reports/{rid}", headers=reporter)).status_code == 404
    conn = await asyncpg.connect(asyncpg_dsn(reporting_database_url))
    try:
        uploaders = await conn.fetch("SELECT uploaded_by FROM evidence WHERE report_id = $1", rid)
    finally:
        await conn.close()
    assert [row["uploaded_by"] for row in uploaders] == [None], "the evidence stays, unnamed"
