"""Scheduling benchmarks (issue 8, item 8): free-slot search, and a race for slots.

The scheduling service runs under uvicorn (one worker, uvloop, httptools, as
deploy/native/services.sh runs it) on a scratch database, its workers off (its relay would
publish the run's meeting events to the platform's topics; the outbox rows are still written
in each booking's transaction). Tokens are signed with a key of the run's own, whose JWKS the
service is given. The set-up goes through the service's own code in this process: the
reference catalogue, ``BENCH_SCHEDULING_OFFICERS`` officers each with one-to-one advice hours
(30 minutes and a 10-minute pause) 09:00-17:00 London time every weekday, everybody's bank
holiday, and ``BENCH_SCHEDULING_BOOKED`` bookings spread over the month.

1. Free-slot search: ``GET /slots`` for the next 30 days across every officer (the first page
   of 100 slots, soonest first: the service expands every schedule of the month to find
   them), ``BENCH_SCHEDULING_SEARCHES`` times one after another; p50 and p99. Baselines in the
   same run: the plain SQL that reads the same rows (schedules with their types and
   locations, exceptions, booked sessions) over asyncpg, and ``GET /healthz``.
2. The race: ``BENCH_SCHEDULING_CLIENTS`` (100) clients, each a citizen of their own, POST
   /meetings at once for ten one-to-one slots (ten contenders a slot); exactly ten must get
   201 and the rest 409. The time from the first request sent to the last answer, per round
   (``BENCH_SCHEDULING_ROUNDS``, fresh slots each), and each request's p99; baseline: the
   same clients' ``GET /healthz`` at once.

    BENCH_SCHEDULING_OFFICERS=50 BENCH_SCHEDULING_BOOKED=500 BENCH_SCHEDULING_SEARCHES=40
    BENCH_SCHEDULING_CLIENTS=100 BENCH_SCHEDULING_ROUNDS=3 (defaults, about a minute)
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import statistics
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from datetime import time as clock
from typing import Any

import asyncpg
import httpx

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
from peelian.app import asyncpg_dsn
from peelian.auth.principal import Principal, Role
from peelian.db.engine import Database
from peelian.logging import configure_logging
from peelian.pagination import PageParams
from peelian.testing.tokens import TEST_AUDIENCE, TEST_ISSUER, TestKeys
from scheduling.availability.schemas import AvailabilityCreate, ExceptionCreate, Weekday
from scheduling.availability.service import AvailabilityService
from scheduling.config import SchedulingSettings
from scheduling.meetings.schemas import MeetingCreate
from scheduling.meetings.service import MeetingService
from scheduling.seed import seed_catalogue
from scheduling.slots.schemas import SlotSearch
from scheduling.slots.service import SlotService
from scheduling.timezones import zone

OFFICERS = int(os.environ.get("BENCH_SCHEDULING_OFFICERS", "50"))
BOOKED = int(os.environ.get("BENCH_SCHEDULING_BOOKED", "500"))
SEARCHES = int(os.environ.get("BENCH_SCHEDULING_SEARCHES", "40"))
CLIENTS = int(os.environ.get("BENCH_SCHEDULING_CLIENTS", "100"))
ROUNDS = int(os.environ.get("BENCH_SCHEDULING_ROUNDS", "3"))
RACED_SLOTS = 10
DAYS = 30
TEAM = "bench-team"
ALEMBIC = ROOT / "services" / "scheduling" / "alembic.ini"
RUN_DIR = ROOT / ".run" / "bench-scheduling"
LONDON = zone("Europe/London")
SUPERVISOR = Principal(subject=uuid.uuid4(), roles=frozenset({Role.SUPERVISOR}))

# What a search reads, as plain SQL: the baseline of the search.
_SCHEDULES = """
SELECT a.*, t.*, l.* FROM availability a
JOIN meeting_types t ON t.id = a.meeting_type_id JOIN locations l ON l.id = a.location_id
WHERE a.retired_at IS NULL AND t.active AND a.valid_from <= $2
  AND (a.valid_until IS NULL OR a.valid_until >= $1)
"""
_EXCEPTIONS = """
SELECT * FROM availability_exceptions
WHERE tstzrange(starts_at, ends_at) && tstzrange($1, $2)
  AND (officer_id = ANY($3) OR (officer_id IS NULL AND (team IS NULL OR team = ANY($4))))
"""
_SESSIONS = """
SELECT * FROM meeting_sessions WHERE owner = ANY($1) AND starts_at < $3 AND blocked_until > $2
"""


def _settings(database_url: str) -> SchedulingSettings:
    return SchedulingSettings(database_url=database_url, environment="test", log_json=True)


async def _set_up(database: Database, database_url: str) -> list[uuid.UUID]:
    """The catalogue, the officers' weekly hours, a bank holiday and the month's bookings."""
    settings = _settings(database_url)
    await seed_catalogue(database)
    officers = [uuid.uuid4() for _ in range(OFFICERS)]
    today = datetime.now(LONDON).date()
    async with database.sessionmaker.begin() as session:
        service = AvailabilityService(session, settings)
        for officer in officers:
            for day in list(Weekday)[:5]:
                await service.create(
                    SUPERVISOR,
                    AvailabilityCreate(
                        officer_id=officer,
                        team=TEAM,
                        meeting_type="crime-prevention-advice",
                        location="students-union",
                        weekday=day,
                        start_time=clock(9),
                        end_time=clock(17),
                        valid_from=today,
                    ),
                )
        holiday = today + timedelta(days=14)
        await service.add_exception(
            SUPERVISOR,
            ExceptionCreate(kind="bank_holiday", starts_on=holiday, ends_on=holiday),
        )
    rng = random.Random(8)
    now = datetime.now(UTC)
    for _ in range(BOOKED):
        async with database.sessionmaker.begin() as session:
            query = SlotSearch(officer_id=rng.choice(officers), **{"from": today + timedelta(
                days=rng.randrange(1, DAYS))})  # fmt: skip
            found = await SlotService(session, settings).search(
                query, LONDON, PageParams(limit=20, cursor=None), now
            )
            if not found.items:
                continue
            slot = rng.choice(found.items)
            citizen = Principal(subject=uuid.uuid4(), roles=frozenset({Role.CITIZEN}))
            data = MeetingCreate(availability_id=slot.availability_id, starts_at=slot.starts_at)
            await MeetingService(session, settings).book(citizen, data, LONDON, now)
    async with database.engine.begin() as conn:
        await conn.exec_driver_sql("DELETE FROM outbox")
        await conn.exec_driver_sql("ANALYZE")
    return officers


@contextlib.asynccontextmanager
async def _service(database_url: str, keys: TestKeys) -> AsyncIterator[str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        "SCHEDULING_DATABASE_URL": database_url,
        "SCHEDULING_JWKS_JSON": keys.jwks_json,
        "SCHEDULING_JWT_ISSUER": TEST_ISSUER,
        "SCHEDULING_JWT_AUDIENCE": TEST_AUDIENCE,
        "SCHEDULING_RUN_WORKERS": "false",
        # Every racing client holds a connection for its booking's transaction.
        "SCHEDULING_DATABASE_POOL_SIZE": "20",
        "SCHEDULING_DATABASE_MAX_OVERFLOW": "40",
        "SCHEDULING_LOG_LEVEL": "WARNING",
    }
    log_path = RUN_DIR / "scheduling.log"
    argv = uvicorn_argv("scheduling.main:create_app", port)
    async with child_process(log_path, argv, env) as process:
        deadline = time.monotonic() + 90
        async with httpx.AsyncClient(timeout=5) as client:
            while True:
                with contextlib.suppress(httpx.HTTPError):
                    if (await client.get(url + "/readyz")).status_code == 200:
                        break
                if process.returncode is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the scheduling service did not start: see {log_path}")
                await asyncio.sleep(0.3)
        yield url


async def _timed(call: Callable[[], Awaitable[Any]], times: int) -> list[float]:
    """Milliseconds of each of ``times`` calls, one after another, after two to warm up."""
    for _ in range(2):
        await call()
    samples = []
    for _ in range(times):
        start = time.perf_counter()
        await call()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


async def _search(
    url: str, keys: TestKeys, database_url: str, officers: list[uuid.UUID]
) -> dict[str, list[float]]:
    today = datetime.now(LONDON).date()
    params = {"from": str(today), "to": str(today + timedelta(days=DAYS - 1)), "limit": 100}
    headers = keys.auth(uuid.uuid4(), [Role.CITIZEN], lifetime=3600)
    start = datetime.combine(today, clock(), tzinfo=LONDON)
    end = start + timedelta(days=DAYS)
    owners = [str(o) for o in officers]
    async with httpx.AsyncClient(base_url=url, timeout=60) as client:

        async def search() -> None:
            response = await client.get("/slots", params=params, headers=headers)
            assert response.status_code == 200, response.text
            assert len(response.json()["items"]) == 100

        async def healthz() -> None:
            assert (await client.get("/healthz")).status_code == 200

        conn = await asyncpg.connect(asyncpg_dsn(database_url))
        try:

            async def plain_sql() -> None:
                await conn.fetch(_SCHEDULES, today - timedelta(days=1), today + timedelta(DAYS))
                await conn.fetch(_EXCEPTIONS, start, end, officers, [TEAM])
                await conn.fetch(_SESSIONS, owners, start, end + timedelta(days=1))

            return {
                "search": await _timed(search, SEARCHES),
                "sql": await _timed(plain_sql, SEARCHES),
                "healthz": await _timed(healthz, SEARCHES),
            }
        finally:
            await conn.close()


async def _race(url: str, keys: TestKeys, officers: list[uuid.UUID], round_: int) -> dict[str, Any]:
    """``CLIENTS`` citizens at once for ten free slots (the day's first of ten officers)."""
    day = datetime.now(LONDON).date() + timedelta(days=DAYS + 1 + round_)
    contenders = officers[round_ * RACED_SLOTS % len(officers) :][:RACED_SLOTS]
    limits = httpx.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS)
    async with httpx.AsyncClient(base_url=url, timeout=120, limits=limits) as client:
        viewer = keys.auth(uuid.uuid4(), [Role.CITIZEN])
        slots = []
        for officer in contenders:
            found = await client.get(
                "/slots",
                params={"officer_id": str(officer), "from": str(day), "to": str(day + timedelta(7)),
                        "limit": 1},
                headers=viewer,
            )  # fmt: skip
            slots.append(found.json()["items"][0])
        citizens = [keys.auth(uuid.uuid4(), [Role.CITIZEN], lifetime=3600) for _ in range(CLIENTS)]

        async def attempt(i: int) -> tuple[int, float]:
            slot = slots[i % len(slots)]
            body = {"availability_id": slot["availability_id"], "starts_at": slot["starts_at"]}
            start = time.perf_counter()
            response = await client.post("/meetings", json=body, headers=citizens[i])
            return response.status_code, (time.perf_counter() - start) * 1000

        async def health(_: int) -> tuple[int, float]:
            start = time.perf_counter()
            response = await client.get("/healthz")
            return response.status_code, (time.perf_counter() - start) * 1000

        results = {}
        for name, call in (("healthz", health), ("race", attempt)):
            began = time.perf_counter()
            answers = await asyncio.gather(*(call(i) for i in range(CLIENTS)))
            results[name] = {
                "wall": (time.perf_counter() - began) * 1000,
                "codes": Counter(code for code, _ in answers),
                "p99": percentile([ms for _, ms in answers], 99),
            }
        return results


async def search_and_race() -> list[Row]:
    configure_logging("bench", "WARNING", True)
    keys = TestKeys()
    async with scratch_database(ALEMBIC) as database:
        database_url = database.engine.url.render_as_string(hide_password=False)
        set_up = time.perf_counter()
        officers = await _set_up(database, database_url)
        set_up_seconds = time.perf_counter() - set_up
        booked = await _bookings(database_url)
        async with _service(database_url, keys) as url:
            searched = await _search(url, keys, database_url, officers)
            rounds = [await _race(url, keys, officers, r) for r in range(ROUNDS)]
    return _rows(searched, rounds, set_up_seconds, booked)


async def _bookings(database_url: str) -> int:
    conn = await asyncpg.connect(asyncpg_dsn(database_url))
    try:
        return int(await conn.fetchval("SELECT count(*) FROM bookings"))
    finally:
        await conn.close()


def _rows(
    searched: dict[str, list[float]], rounds: list[dict[str, Any]], set_up: float, booked: int
) -> list[Row]:
    p50 = {k: percentile(v, 50) for k, v in searched.items()}
    p99 = {k: percentile(v, 99) for k, v in searched.items()}
    label = f"free-slot search, {OFFICERS} officers x {DAYS} days"
    race = [r["race"] for r in rounds]
    healthz = [r["healthz"] for r in rounds]
    exact = all(r["codes"] == {201: RACED_SLOTS, 409: CLIENTS - RACED_SLOTS} for r in race)
    wall = statistics.median(r["wall"] for r in race)
    health_wall = statistics.median(r["wall"] for r in healthz)
    NOTES.append(
        f"Scheduling benchmark: {OFFICERS} officers' weekday hours (12 one-to-one slots a day "
        f"each), a bank holiday, {booked} bookings (set up in {set_up:.0f} s through the "
        f"service's code); {SEARCHES} searches one after another (GET /slots, first page of "
        f"100 of the month's free slots). Race: {CLIENTS} clients at once for {RACED_SLOTS} "
        f"one-to-one slots, {ROUNDS} rounds; answers per round: "
        + "; ".join(dict(sorted(r["codes"].items())).__repr__() for r in race)
        + "; wall ms per round: "
        + ", ".join(f"{r['wall']:.0f}" for r in race)
        + f". Search ms (p50/p99): ours {p50['search']:.1f}/{p99['search']:.1f}, plain SQL "
        f"{p50['sql']:.1f}/{p99['sql']:.1f}, /healthz {p50['healthz']:.1f}/{p99['healthz']:.1f}. "
        "Two shared cores: other engineers' tests and benchmarks may have run at the same time."
    )
    sql = "(plain SQL of the same rows)"
    return [
        Row(label, "p50 ms", f"{p50['search']:.1f}", f"{p50['sql']:.1f} {sql}",
            f"{p50['search'] / p50['sql']:.1f}x", "-"),
        Row(label, "p99 ms", f"{p99['search']:.1f}", f"{p99['sql']:.1f} {sql}",
            f"{p99['search'] / p99['sql']:.1f}x", "-"),
        Row(label, "p50 ms vs /healthz", f"{p50['search']:.1f}", f"{p50['healthz']:.1f} (/healthz)",
            f"{p50['search'] / p50['healthz']:.1f}x", "-"),
        Row(f"race: {CLIENTS} clients for {RACED_SLOTS} one-to-one slots", "201s / 409s each round",
            " / ".join(f"{r['codes'][201]}/{r['codes'][409]}" for r in race), "-", "-",
            f"exactly {RACED_SLOTS}/{CLIENTS - RACED_SLOTS}", exact),
        Row(f"race: {CLIENTS} clients for {RACED_SLOTS} one-to-one slots",
            "ms, all answered (median of rounds; request p99)",
            f"{wall:.0f} (p99 {statistics.median(r['p99'] for r in race):.0f})",
            f"{health_wall:.0f} ({CLIENTS} x /healthz at once)", f"{wall / health_wall:.1f}x", "-"),
    ]  # fmt: skip
