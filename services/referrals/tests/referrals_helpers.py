"""Helpers of the referrals tests: other services' events, partners, a webhook receiver and
a running webhook worker."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import orjson
from aiokafka.admin import AIOKafkaAdminClient
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from peelian.app import asyncpg_dsn
from peelian.db.engine import Database
from peelian.events.contracts.reporting import ReportSubmittedV1
from peelian.testing.events import Apply
from peelian.testing.events import applying as shared_applying
from peelian.testing.infra import Infra
from peelian.testing.people import People
from peelian.testing.serve import serve
from referrals.config import ReferralsSettings
from referrals.handlers import handlers
from referrals.webhooks.signing import SecretBox
from referrals.webhooks.worker import WebhookWorker

ReferralsSettingsFactory = Callable[..., ReferralsSettings]
ALEMBIC_INI = Path(__file__).resolve().parent.parent / "alembic.ini"

# Every report field; the agreements in the tests name some of them.
ALL_FIELDS = [
    "reference", "kind", "category", "urgent", "description", "occurred_from", "occurred_to",
    "latitude", "longitude", "location_text", "areas", "people", "vehicles", "language",
    "submitted_at",
]  # fmt: skip
CREATED = "org.peelian.referral.created.v1"
ACCEPTED = "org.peelian.referral.accepted.v1"
DECLINED = "org.peelian.referral.declined.v1"
UPDATED = "org.peelian.referral.updated.v1"
OUTCOME = "org.peelian.referral.outcome_recorded.v1"
EVERY_EVENT = [CREATED, ACCEPTED, DECLINED, UPDATED, OUTCOME]


@contextlib.asynccontextmanager
async def applying(settings: ReferralsSettings) -> AsyncIterator[Apply]:
    """The referrals handlers, applied as the consumer would (``peelian.testing.events``)."""
    async with shared_applying(settings, handlers()) as apply:
        yield apply


def report_submitted(
    *,
    category: str = "mental-health",
    share_consent: bool = True,
    reporter_id: uuid.UUID | None = None,
    report_id: uuid.UUID | None = None,
) -> ReportSubmittedV1:
    occurred = datetime(2026, 11, 20, 22, 30, tzinfo=UTC)
    return ReportSubmittedV1(
        report_id=report_id or uuid.uuid4(),
        reference=f"PRE-2026-{uuid.uuid4().int % 1_000_000:06d}",
        kind="incident",
        category=category,
        urgent=False,
        description="My flatmate has not left her room for days and talks of ending it all.",
        occurred_from=occurred,
        occurred_to=occurred + timedelta(hours=1),
        latitude=51.4889,
        longitude=-3.1787,
        location_text="Talybont North, block C",
        areas=["campus", "cathays"],
        people=[{"role": "subject", "name": "Jo Bloggs", "approximate_age": 20}],
        vehicles=[{"registration": "CU12 ABC", "make": "Ford", "colour": "grey"}],
        language="en",
        anonymity="confidential",
        reporter_id=reporter_id or uuid.uuid4(),
        reporter_anonymous=False,
        contact_consent=True,
        share_consent=share_consent,
        submitted_at=occurred + timedelta(hours=2),
    )


def partner_body(**overrides: Any) -> dict[str, Any]:
    slug = f"partner-{uuid.uuid4().hex[:8]}"
    body: dict[str, Any] = {
        "slug": slug,
        "name": f"Test agency {slug}",
        "categories": [],
        "contacts": [{"name": "Duty manager", "role": "duty", "email": "duty@agency.example"}],
        "agreement": {"reference": "DSA-TEST-1", "fields": ["category", "description", "areas"]},
    }
    return {**body, **overrides}


async def make_partner(
    client: httpx.AsyncClient, people: People, **overrides: Any
) -> dict[str, Any]:
    made = await client.post("/partners", json=partner_body(**overrides), headers=people.admin())
    assert made.status_code == 201, made.text
    return dict(made.json())


async def refer(
    client: httpx.AsyncClient,
    people: People,
    report_id: uuid.UUID,
    *partner_ids: str,
    **terms: Any,
) -> httpx.Response:
    body = {
        "report_id": str(report_id),
        "partner_ids": list(partner_ids),
        "reason": "Please contact the student: she is at risk and consented to support.",
        **terms,
    }
    return await client.post("/referrals", json=body, headers=people.officer())


async def eventually(check: Callable[[], Awaitable[Any]], timeout: float = 30) -> Any:
    deadline = asyncio.get_running_loop().time() + timeout
    while not (found := await check()):
        assert asyncio.get_running_loop().time() < deadline, "the condition never held"
        await asyncio.sleep(0.05)
    return found


async def fetch(database_url: str, query: str, *args: Any) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(asyncpg_dsn(database_url))
    try:
        return list(await conn.fetch(query, *args))
    finally:
        await conn.close()


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> dict[str, Any]:
        return dict(orjson.loads(self.body))


@dataclass
class Behaviour:
    status: int = 200
    # While set, requests wait until it is released (a slow or hung partner).
    hold: asyncio.Event | None = None


@dataclass
class Receiver:
    """Partners' webhook endpoints on a real local HTTP server: ``url(name)`` per partner,
    every request recorded, each path answering as told."""

    base_url: str = ""
    received: list[Received] = field(default_factory=list)
    behaviours: dict[str, Behaviour] = field(default_factory=dict)

    def url(self, name: str) -> str:
        return f"{self.base_url}/{name}"

    def at(self, name: str) -> list[Received]:
        return [r for r in self.received if r.path == f"/{name}"]

    async def handle(self, request: Request) -> Response:
        name = request.path_params["name"]
        behaviour = self.behaviours.get(name, Behaviour())
        self.received.append(
            Received(request.url.path, dict(request.headers), await request.body())
        )
        if behaviour.hold is not None:
            await behaviour.hold.wait()
        return Response(status_code=behaviour.status)


@contextlib.asynccontextmanager
async def receiving() -> AsyncIterator[Receiver]:
    receiver = Receiver()
    app = Starlette(routes=[Route("/{name}", receiver.handle, methods=["POST"])])
    async with serve(app) as url:
        receiver.base_url = url
        yield receiver


@contextlib.asynccontextmanager
async def running_worker(settings: ReferralsSettings) -> AsyncIterator[WebhookWorker]:
    """The webhook worker as the service runs it, in the background until the block ends."""
    database = Database.from_settings(settings)
    async with httpx.AsyncClient(follow_redirects=False) as http:
        worker = WebhookWorker(database, http, SecretBox(settings.secrets_key), settings)
        task = asyncio.create_task(worker.run())
        try:
            yield worker
        finally:
            worker.stop()
            await task
            await database.dispose()


@contextlib.asynccontextmanager
async def deleting_topics(infra: Infra, topics: list[str]) -> AsyncIterator[None]:
    """Partners' topics are named by their slugs: a test's own are removed after it."""
    try:
        yield
    finally:
        admin = AIOKafkaAdminClient(bootstrap_servers=infra.kafka_bootstrap)
        await admin.start()
        try:
            existing = set(await admin.list_topics())
            await admin.delete_topics([t for t in topics if t in existing])
        finally:
            await admin.close()
