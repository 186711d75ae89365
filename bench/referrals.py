"""Referrals benchmarks (issue 6, item 7): webhook deliveries to partners.

Every process is real: the referrals service under uvicorn (one worker, uvloop, httptools, as
deploy/native/services.sh runs it) with its workers on, on a scratch database; and the
partners' receiver, a small ASGI app under uvicorn in a process of its own, recording when
each ``webhook-id`` arrived (wall clock: same machine). Ten partners have one endpoint each
(``/p0`` ... ``/p9``) subscribed to every referral event. The service's Kafka is a closed local
port, so its relay keeps this run's events off the platform's topics (the outbox rows are
still written in each referral's transaction; its consumer retries in the background).
Backlogs are queued in this process through ``ReferralService`` (the code the API runs) before
the service starts, so its worker finds them at once.

1. Throughput: ``BENCH_REFERRALS_DELIVERIES`` deliveries (reports x the ten partners) queued,
   then the service started; deliveries per second from the first attempt to the last
   delivery (the database's own timestamps). Baseline: a bare httpx POST loop (the same body
   size, the same number in flight as the worker allows: ten partners x
   ``webhook_concurrency_per_partner``) to the same receiver.
2. Latency from referral.created: the service running and idle, ``BENCH_REFERRALS_LIVE``
   referrals POSTed one at a time to one partner (about 20 a second); from each 201 (the
   referral and its event committed) to the receiver seeing the delivery. p50 and p99.
   Baseline: from a bare httpx POST's start to the receiver seeing it.
3. One slow partner among ten: the same backlog (``BENCH_REFERRALS_SLOW_BACKLOG`` per partner)
   twice: every partner fast, then ``/p0`` answering after ``BENCH_REFERRALS_SLOW_SECONDS``.
   How long the nine others take to receive everything, against the all-fast run, and how
   far the slow one has got by then.

    BENCH_REFERRALS_DELIVERIES=3000 BENCH_REFERRALS_LIVE=200 BENCH_REFERRALS_SLOW_BACKLOG=100
    BENCH_REFERRALS_SLOW_SECONDS=2 (defaults, about 2 minutes); a quick run:
    make bench BENCH_ARGS=referrals BENCH_REFERRALS_DELIVERIES=500 BENCH_REFERRALS_LIVE=50
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import statistics
import time
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import httpx
import orjson
from sqlalchemy import text
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bench.harness import (
    NOTES,
    ROOT,
    Row,
    child_process,
    free_port,
    percentile,
    scratch_database,
    uvicorn_argv,
)
from peelian.auth.principal import Principal, Role
from peelian.db.engine import Database
from peelian.events.contracts.reporting import ReportSubmittedV1
from peelian.logging import configure_logging
from peelian.testing.tokens import TEST_AUDIENCE, TEST_ISSUER, TestKeys
from referrals.config import ReferralsSettings
from referrals.partners.schemas import PartnerCreate
from referrals.partners.service import PartnerService
from referrals.partners.topics import PartnerTopics
from referrals.referrals.schemas import ReferralCreate
from referrals.referrals.service import ReferralService
from referrals.reports.service import ReportService
from referrals.webhooks.schemas import EndpointCreate, EventType
from referrals.webhooks.service import WebhookService
from referrals.webhooks.signing import SecretBox

DELIVERIES = int(os.environ.get("BENCH_REFERRALS_DELIVERIES", "3000"))
LIVE = int(os.environ.get("BENCH_REFERRALS_LIVE", "200"))
SLOW_BACKLOG = int(os.environ.get("BENCH_REFERRALS_SLOW_BACKLOG", "100"))
SLOW_SECONDS = float(os.environ.get("BENCH_REFERRALS_SLOW_SECONDS", "2"))
PARTNERS = 10
PER_PARTNER = ReferralsSettings.model_fields["webhook_concurrency_per_partner"].default
RUN_DIR = ROOT / ".run" / "bench"
OFFICER = Principal(subject=uuid.uuid4(), roles=frozenset({Role.OFFICER}))


# --- the partners' receiver (its own process) ---

_arrivals: dict[str, float] = {}


async def _receive(request: Request) -> Response:
    _arrivals.setdefault(request.headers["webhook-id"], time.time())
    await request.body()
    if request.path_params["name"] == "p0" and os.environ.get("BENCH_RECEIVER_SLOW"):
        await asyncio.sleep(SLOW_SECONDS)
    return Response(status_code=204)


async def _arrived(_: Request) -> Response:
    return JSONResponse(_arrivals)


def receiver() -> Starlette:
    """The receiver's ASGI app (``uvicorn --factory bench.referrals:receiver``)."""
    return Starlette(
        routes=[
            Route("/arrivals", _arrived, methods=["GET"]),
            Route("/{name}", _receive, methods=["POST"]),
        ]
    )


@contextlib.asynccontextmanager
async def _receiver(slow: bool = False) -> AsyncIterator[str]:
    port = free_port()
    env = {"BENCH_RECEIVER_SLOW": "1" if slow else ""}
    argv = uvicorn_argv("bench.referrals:receiver", port)
    async with child_process(RUN_DIR / "referrals-receiver.log", argv, env):
        url = f"http://127.0.0.1:{port}"
        await _wait(url + "/arrivals")
        yield url


async def _arrivals_at(url: str) -> dict[str, float]:
    async with httpx.AsyncClient(timeout=30) as client:
        return dict((await client.get(url + "/arrivals")).json())


# --- the service and its data ---


def _settings(database_url: str, keys: TestKeys) -> dict[str, str]:
    return {
        "REFERRALS_SERVICE_NAME": "referrals-bench",
        "REFERRALS_DATABASE_URL": database_url,
        "REFERRALS_JWKS_JSON": keys.jwks_json,
        "REFERRALS_JWT_ISSUER": TEST_ISSUER,
        "REFERRALS_JWT_AUDIENCE": TEST_AUDIENCE,
        "REFERRALS_KAFKA_BOOTSTRAP_SERVERS": f"127.0.0.1:{free_port()}",
        "REFERRALS_RUN_WORKERS": "true",
        "REFERRALS_WEBHOOK_ALLOW_INSECURE_URLS": "true",
    }


@contextlib.asynccontextmanager
async def _service(env: dict[str, str]) -> AsyncIterator[str]:
    port = free_port()
    argv = uvicorn_argv("referrals.main:create_app", port)
    async with child_process(RUN_DIR / "referrals.log", argv, env):
        url = f"http://127.0.0.1:{port}"
        await _wait(url + "/healthz")
        yield url


async def _wait(url: str) -> None:
    deadline = time.monotonic() + 60
    async with httpx.AsyncClient(timeout=2) as client:
        while time.monotonic() < deadline:
            with contextlib.suppress(httpx.HTTPError):
                if (await client.get(url)).status_code == 200:
                    return
            await asyncio.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within 60 s")


async def _partners(database: Database, settings: ReferralsSettings, receiver: str) -> list[Any]:
    topics = PartnerTopics("127.0.0.1:1", partitions=1, replication=1)
    made = []
    async with database.sessionmaker.begin() as session:
        for n in range(PARTNERS):
            partner = await PartnerService(session, topics).create(
                PartnerCreate.model_validate(
                    {
                        "slug": f"bench-p{n}",
                        "name": f"Bench partner {n}",
                        "agreement": {"reference": "DSA", "fields": ["category", "description"]},
                    }
                )
            )
            await WebhookService(session, settings, SecretBox(settings.secrets_key)).create(
                partner.id,
                EndpointCreate.model_validate(
                    {"url": f"{receiver}/p{n}", "event_types": list(EventType)}
                ),
            )
            made.append(partner.id)
    return made


def _report() -> ReportSubmittedV1:
    now = datetime.now(UTC)
    return ReportSubmittedV1(
        report_id=uuid.uuid4(),
        reference="PRE-2026-000001",
        kind="incident",
        category="mental-health",
        urgent=False,
        description="A student has not been seen for days and friends are worried for her.",
        occurred_from=now,
        occurred_to=now,
        latitude=None,
        longitude=None,
        location_text="Talybont North",
        areas=["campus"],
        language="en",
        anonymity="confidential",
        reporter_id=uuid.uuid4(),
        reporter_anonymous=False,
        contact_consent=True,
        share_consent=True,
        submitted_at=now,
    )


async def _backlog(database: Database, partners: list[Any], reports: int) -> None:
    """``reports`` reports, each referred to every partner: one delivery per pair."""
    for start in range(0, reports, 50):
        async with database.sessionmaker.begin() as session:
            for _ in range(min(50, reports - start)):
                report = _report()
                await ReportService(session).keep(report)
                await ReferralService(session).refer(
                    OFFICER,
                    ReferralCreate(
                        report_id=report.report_id,
                        partner_ids=partners,
                        reason="Benchmark referral: please assess.",
                    ),
                )


async def _delivered(database: Database, partners: list[Any] | None = None) -> tuple[int, float]:
    """How many deliveries (to ``partners``) are done, and over how many seconds from the
    first attempt to the last delivery."""
    query = text(
        "SELECT count(*) FILTER (WHERE d.status = 'delivered') AS done, "
        "extract(epoch FROM max(d.delivered_at) - min(a.first)) AS seconds "
        "FROM webhook_deliveries d LEFT JOIN LATERAL (SELECT min(attempted_at) AS first "
        "FROM webhook_attempts WHERE delivery_id = d.id) a ON true "
        "WHERE CAST(:partners AS uuid[]) IS NULL OR d.partner_id = ANY(CAST(:partners AS uuid[]))"
    )
    async with database.engine.connect() as conn:
        row = (await conn.execute(query, {"partners": partners})).one()
    return int(row.done), float(row.seconds or 0)


async def _until_delivered(database: Database, count: int, partners: list[Any] | None) -> float:
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        done, seconds = await _delivered(database, partners)
        if done >= count:
            return seconds
        await asyncio.sleep(0.2)
    raise RuntimeError(f"only {done} of {count} deliveries arrived within 10 minutes")


# --- baselines ---


async def _post_loop(receiver: str, count: int, concurrency: int, body: bytes) -> float:
    """Requests per second of a bare httpx POST loop, ``concurrency`` in flight."""
    queue = iter(range(count))
    async with httpx.AsyncClient(timeout=30) as client:

        async def worker() -> None:
            for n in queue:
                headers = {"webhook-id": f"baseline-{uuid.uuid4()}", "x-n": str(n)}
                url = f"{receiver}/p{n % PARTNERS}"
                response = await client.post(url, content=body, headers=headers)
                response.raise_for_status()

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return count / (time.perf_counter() - started)


async def _post_latency(receiver: str, count: int, body: bytes) -> list[float]:
    sent: dict[str, float] = {}
    async with httpx.AsyncClient(timeout=30) as client:
        for _ in range(count):
            message = f"latency-{uuid.uuid4()}"
            sent[message] = time.time()
            await client.post(f"{receiver}/p1", content=body, headers={"webhook-id": message})
            await asyncio.sleep(0.05)
    arrivals = await _arrivals_at(receiver)
    return [arrivals[m] - t for m, t in sent.items()]


# --- the scenarios ---


async def _throughput(keys: TestKeys) -> tuple[float, float, int]:
    reports = max(1, DELIVERIES // PARTNERS)
    async with (
        scratch_database(ROOT / "services/referrals/alembic.ini") as database,
        _receiver() as receiver,
    ):
        env = _settings(database.engine.url.render_as_string(False), keys)
        settings = ReferralsSettings(webhook_allow_insecure_urls=True)
        partners = await _partners(database, settings, receiver)
        await _backlog(database, partners, reports)
        async with _service(env):
            seconds = await _until_delivered(database, reports * PARTNERS, None)
        body = await _sample_body(database)
        baseline = await _post_loop(receiver, reports * PARTNERS, PARTNERS * PER_PARTNER, body)
    return reports * PARTNERS / seconds, baseline, len(body)


async def _sample_body(database: Database) -> bytes:
    async with database.engine.connect() as conn:
        envelope = await conn.scalar(text("SELECT envelope FROM partner_events LIMIT 1"))
    return orjson.dumps(envelope)


async def _latency(keys: TestKeys) -> tuple[list[float], list[float]]:
    async with (
        scratch_database(ROOT / "services/referrals/alembic.ini") as database,
        _receiver() as receiver,
    ):
        env = _settings(database.engine.url.render_as_string(False), keys)
        settings = ReferralsSettings(webhook_allow_insecure_urls=True)
        partners = await _partners(database, settings, receiver)
        reports = [_report() for _ in range(LIVE)]
        async with database.sessionmaker.begin() as session:
            for report in reports:
                await ReportService(session).keep(report)
        committed: dict[str, float] = {}
        async with _service(env) as url, httpx.AsyncClient(base_url=url, timeout=30) as client:
            officer = keys.auth(uuid.uuid4(), [Role.OFFICER])
            for report in reports:
                made = await client.post(
                    "/referrals",
                    json={
                        "report_id": str(report.report_id),
                        "partner_ids": [str(partners[1])],
                        "reason": "Benchmark referral: please assess.",
                    },
                    headers=officer,
                )
                committed[made.json()[0]["id"]] = time.time()
                await asyncio.sleep(0.05)
            await _until_delivered(database, LIVE, None)
        ids = await _webhook_ids(database)
        arrivals = await _arrivals_at(receiver)
        ours = [arrivals[ids[r]] - t for r, t in committed.items()]
        body = await _sample_body(database)
        baseline = await _post_latency(receiver, LIVE, body)
    return ours, baseline


async def _webhook_ids(database: Database) -> dict[str, str]:
    """Referral id -> the webhook-id its referral.created was delivered with."""
    async with database.engine.connect() as conn:
        rows = await conn.execute(
            text(
                "SELECT referral_id, id FROM partner_events "
                "WHERE type = 'org.peelian.referral.created.v1'"
            )
        )
        return {str(r.referral_id): str(r.id) for r in rows}


async def _slow_partner(keys: TestKeys, slow: bool) -> tuple[float, int]:
    """Seconds the nine other partners take to receive their backlog; how many of the first
    partner's deliveries were done by then."""
    async with (
        scratch_database(ROOT / "services/referrals/alembic.ini") as database,
        _receiver(slow=slow) as receiver,
    ):
        env = _settings(database.engine.url.render_as_string(False), keys)
        settings = ReferralsSettings(webhook_allow_insecure_urls=True)
        partners = await _partners(database, settings, receiver)
        await _backlog(database, partners, SLOW_BACKLOG)
        async with _service(env):
            seconds = await _until_delivered(database, SLOW_BACKLOG * 9, partners[1:])
            first, _ = await _delivered(database, partners[:1])
    return seconds, first


async def webhook_deliveries() -> list[Row]:
    # The backlogs are made in this process: their log lines would drown the table.
    configure_logging("referrals-bench", "WARNING", json=False)
    keys = TestKeys()
    rate, baseline_rate, body_bytes = await _throughput(keys)
    ours, baseline = await _latency(keys)
    all_fast, fast_first = await _slow_partner(keys, slow=False)
    with_slow, slow_first = await _slow_partner(keys, slow=True)
    p50, p99 = percentile(ours, 50) * 1000, percentile(ours, 99) * 1000
    b50, b99 = percentile(baseline, 50) * 1000, percentile(baseline, 99) * 1000
    NOTES.append(
        f"Referrals: {DELIVERIES} deliveries of {body_bytes}-byte referral.created envelopes "
        f"to ten partners ({PER_PARTNER} in flight each); {LIVE} live referrals one at a time "
        f"(latency median {statistics.median(ours) * 1000:.1f} ms); slow partner: "
        f"{SLOW_BACKLOG} deliveries to each of ten partners, /p0 answering after "
        f"{SLOW_SECONDS:g} s: the nine others were done in {with_slow:.2f} s (all fast: "
        f"{all_fast:.2f} s), by when /p0 had {slow_first} of {SLOW_BACKLOG} (all fast: "
        f"{fast_first})."
    )
    return [
        Row("referrals", "webhook deliveries/s", f"{rate:.0f}",
            f"{baseline_rate:.0f} (bare httpx POSTs)", f"{rate / baseline_rate:.2f}",
            ">= 0.5 of bare POSTs", rate >= 0.5 * baseline_rate),
        Row("referrals", "latency from referral.created, p50", f"{p50:.1f} ms",
            f"{b50:.1f} ms (bare POST)", f"{p50 / b50:.1f}", "< 100 ms", p50 < 100),
        Row("referrals", "latency from referral.created, p99", f"{p99:.1f} ms",
            f"{b99:.1f} ms (bare POST)", f"{p99 / b99:.1f}", "< 500 ms", p99 < 500),
        Row("referrals", "9 partners' backlog beside 1 slow partner", f"{with_slow:.2f} s",
            f"{all_fast:.2f} s (all ten fast)", f"{with_slow / all_fast:.2f}", "<= 1.5",
            with_slow <= 1.5 * all_fast),
    ]  # fmt: skip
