"""Surveys benchmarks (issue 7, item 8): response submissions through the gateway, and live
results over 30,000 responses (the student population), each against a baseline measured in
the same run.

Every process is real: the gateway and the surveys service under uvicorn (one worker each,
uvloop, httptools, as deploy/native/services.sh runs them), each on a scratch database. The
service trusts a test key (``SURVEYS_JWKS_JSON``), with which this process signs the officer's
token; its workers are off (its relay would put the run's events on the platform's topics; the
outbox rows are still written in each submission's transaction). The survey is the reference
deployment's (``surveys.seed.CONTENT``: 15 questions of every kind), created and published by
the officer through the API; answers are drawn by ``surveys.seed.sample_answers`` from a fixed
seed.

1. Submissions: wrk (one thread, ``BENCH_SURVEYS_CONNECTIONS`` connections,
   ``BENCH_SURVEYS_SECONDS`` each, after a warm-up) POSTs complete responses to
   ``/survey-links/{slug}/responses``, without a bearer token (the survey is anonymous), each
   with a one-time response token of its own (issued with the service's secret and read by
   the Lua script from a file) and one of 500 answer sets: to the service directly (the
   baseline) and through the gateway, ``BENCH_SURVEYS_ROUNDS`` rounds in rotated order;
   medians. Every answer must be a 201 (each submission is checked, its token spent, its
   response, cells and tally updates written, with its event, in one transaction).
2. Results: the responses the submissions made are topped up to ``BENCH_SURVEYS_RESPONSES``
   in this process: answers checked and turned into cells by the service's own code
   (``responses.answers.check``, ``results.cells.encode``), written with COPY, and added to
   the tallies (one upsert through ``ResultsRepository.tally``); then VACUUM ANALYZE, as
   autovacuum would have run by then. ``GET /surveys/{id}/results`` by the officer,
   ``BENCH_SURVEYS_READS`` times one at a time, alternating with the baseline: the plain SQL
   GROUP BY over the same responses (``SELECT question, option, value, count(*) FROM
   answer_cells WHERE survey_id = $1 GROUP BY 1, 2, 3`` through asyncpg). The endpoint's
   counts are checked against the GROUP BY's. The same for a cross-tabulation (``?by=home``,
   against the plain self-join GROUP BY) and for the CSV export (against ``COPY (SELECT ...
   FROM responses) TO STDOUT``).

    BENCH_SURVEYS_RESPONSES=30000 BENCH_SURVEYS_SECONDS=10 BENCH_SURVEYS_ROUNDS=2
    BENCH_SURVEYS_CONNECTIONS=16 BENCH_SURVEYS_READS=50 (defaults; about 2 minutes); a quick run:
    make bench BENCH_ARGS=surveys BENCH_SURVEYS_SECONDS=3 BENCH_SURVEYS_ROUNDS=1
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import os
import random
import shutil
import statistics
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import orjson

from bench.gateway import REDIS_URL, TOOLS_HINT, WrkResult, parse_wrk
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
from gateway.routing.table import DEFAULT_UPSTREAMS
from peelian.app import asyncpg_dsn
from peelian.auth.principal import Role
from peelian.db.engine import Database
from peelian.testing.tokens import TEST_AUDIENCE, TEST_ISSUER, TestKeys
from surveys.builder.service import SurveyService
from surveys.responses.answers import check
from surveys.responses.tokens import ResponseTokens
from surveys.results.cells import encode
from surveys.results.repository import ResultsRepository
from surveys.seed import CONTENT, sample_answers

RESPONSES = int(os.environ.get("BENCH_SURVEYS_RESPONSES", "30000"))
SECONDS = int(os.environ.get("BENCH_SURVEYS_SECONDS", "10"))
WARMUP_SECONDS = 3
ROUNDS = int(os.environ.get("BENCH_SURVEYS_ROUNDS", "2"))
CONNECTIONS = int(os.environ.get("BENCH_SURVEYS_CONNECTIONS", "16"))
READS = int(os.environ.get("BENCH_SURVEYS_READS", "50"))
# More tokens than any run can spend: wrk's script fails loudly when it runs out.
TOKENS_PER_RUN = 40_000
ANSWER_SETS = 500
SECRET = "bench-survey-token-secret"  # noqa: S105 (a scratch service's, not a secret)
TARGET_P50_MS = 200.0
RUN_DIR = ROOT / ".run" / "bench-surveys"
# The run's tokens, answer sets and wrk scripts; removed at the end (the logs stay in RUN_DIR).
SCRATCH = RUN_DIR / "scratch"
GATEWAY_ALEMBIC = ROOT / "gateway" / "alembic.ini"
SURVEYS_ALEMBIC = ROOT / "services" / "surveys" / "alembic.ini"
PLAIN_GROUP_BY = (
    "SELECT question, option, value, count(*) FROM answer_cells WHERE survey_id = $1 "
    "GROUP BY question, option, value"
)
PLAIN_CROSS = (
    "SELECT g.option, g.value, c.question, c.option, c.value, count(*) "
    "FROM answer_cells g JOIN answer_cells c "
    "ON c.survey_id = g.survey_id AND c.response_id = g.response_id "
    "WHERE g.survey_id = $1 AND g.question = $2 GROUP BY 1, 2, 3, 4, 5"
)
PLAIN_EXPORT = (
    "SELECT id, version, submitted_day, respondent_id, answers FROM responses "
    "WHERE survey_id = $1 ORDER BY submitted_day, id"
)
SUBMIT_LUA = """\
-- Written by bench/surveys.py: one complete response per request, each with its own token.
local tokens, bodies, n = {{}}, {{}}, 0
for line in io.lines("{tokens}") do tokens[#tokens + 1] = line end
for line in io.lines("{bodies}") do bodies[#bodies + 1] = line end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  n = n + 1
  local body = '{{"token":"' .. tokens[n] .. '",' .. bodies[n % #bodies + 1]
  return wrk.format(nil, "{path}", nil, body)
end
"""


# --- processes ---


async def _wait(url: str, process: asyncio.subprocess.Process, log: Path) -> None:
    deadline = time.monotonic() + 90
    async with httpx.AsyncClient(timeout=2) as client:
        while time.monotonic() < deadline and process.returncode is None:
            with contextlib.suppress(httpx.HTTPError):
                if (await client.get(url + "/readyz")).status_code == 200:
                    return
            await asyncio.sleep(0.3)
    raise RuntimeError(f"{url} is not ready; see {log}")


@contextlib.asynccontextmanager
async def _apps(gateway_db: str, surveys_db: str, keys: TestKeys) -> AsyncIterator[tuple[str, str]]:
    """The surveys service and a gateway in front of it: their base URLs."""
    surveys_url = f"http://127.0.0.1:{free_port()}"
    gateway_url = f"http://127.0.0.1:{free_port()}"
    surveys_env = {
        "SURVEYS_DATABASE_URL": surveys_db,
        "SURVEYS_JWKS_JSON": keys.jwks_json,
        "SURVEYS_JWT_ISSUER": TEST_ISSUER,
        "SURVEYS_JWT_AUDIENCE": TEST_AUDIENCE,
        "SURVEYS_TOKEN_SECRET": SECRET,
        "SURVEYS_RUN_WORKERS": "false",
    }
    gateway_env = {
        "GATEWAY_DATABASE_URL": gateway_db,
        "GATEWAY_REDIS_URL": REDIS_URL,
        "GATEWAY_REDIS_PREFIX": f"peelian:bench:{uuid.uuid4().hex[:8]}:",
        "GATEWAY_UPSTREAMS": orjson.dumps({**DEFAULT_UPSTREAMS, "surveys": surveys_url}).decode(),
        # In the path, never tripped (one address).
        "GATEWAY_RATE_LIMIT_DEFAULT": "1000000/60",
        "GATEWAY_RUN_WORKERS": "false",
    }
    async with contextlib.AsyncExitStack() as stack:
        for name, url, env in (
            ("surveys", surveys_url, surveys_env),
            ("gateway", gateway_url, gateway_env),
        ):
            log = RUN_DIR / f"{name}.log"
            argv = uvicorn_argv(f"{name}.main:create_app", int(url.rsplit(":", 1)[1]))
            process = await stack.enter_async_context(child_process(log, argv, env))
            await _wait(url, process, log)
        yield surveys_url, gateway_url


# --- 1. submissions ---


def _answer_sets(survey_id: str) -> Path:
    """Complete responses' bodies after the token: ``"answers":{...}}``, one per line."""
    rng = random.Random(7)
    path = SCRATCH / f"answers-{survey_id}.txt"
    lines = [orjson.dumps({"answers": sample_answers(rng)})[1:] for _ in range(ANSWER_SETS)]
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def _script(survey_id: uuid.UUID, slug: str, bodies: Path, run: str) -> Path:
    tokens = ResponseTokens(SECRET)
    token_file = SCRATCH / f"tokens-{run}.txt"
    token_file.write_text("\n".join(tokens.issue(survey_id) for _ in range(TOKENS_PER_RUN)))
    script = SCRATCH / f"submit-{run}.lua"
    script.write_text(
        SUBMIT_LUA.format(tokens=token_file, bodies=bodies, path=f"/survey-links/{slug}/responses")
    )
    return script


async def _wrk(url: str, script: Path, seconds: int) -> WrkResult:
    argv = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "-s", str(script), url]
    process = await asyncio.create_subprocess_exec(
        *argv, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )
    output, _ = await process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"wrk failed: {output.decode()} ({TOOLS_HINT})")
    return parse_wrk(output.decode())


async def _submissions(
    targets: dict[str, str], survey_id: uuid.UUID, slug: str
) -> dict[str, list[WrkResult]]:
    bodies = _answer_sets(str(survey_id))
    runs: dict[str, list[WrkResult]] = {name: [] for name in targets}
    for name, url in targets.items():
        await _wrk(url, _script(survey_id, slug, bodies, f"warm-{name}"), WARMUP_SECONDS)
    for round_ in range(ROUNDS):
        order = list(targets)[round_ % 2 :] + list(targets)[: round_ % 2]
        for name in order:
            script = _script(survey_id, slug, bodies, f"{name}-{round_}")
            runs[name].append(await _wrk(targets[name], script, SECONDS))
            print(f"surveys benchmark: submit, {name}: {runs[name][-1].rps:.0f}/s", flush=True)
    return runs


# --- 2. topping up to the student population ---


async def _top_up(database: Database, survey_id: uuid.UUID, count: int) -> float:
    """Add ``count`` responses as the service would have stored them; returns seconds."""
    started = time.monotonic()
    async with database.sessionmaker() as session:
        surveys = SurveyService(session)
        form = await surveys.form(await surveys.get(survey_id))
    rng = random.Random(2026)
    day = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    responses, cells, every_cell = [], [], []
    for n in range(count):
        answers = check(form, sample_answers(rng), complete=True)
        response_id = uuid.uuid4()
        # Spread over the four weeks a survey is open.
        submitted = day - timedelta(days=n % 28)
        responses.append(
            (response_id, survey_id, form.version, submitted, None, orjson.dumps(answers).decode())
        )
        encoded = encode(form, answers)
        every_cell += encoded
        cells += [(survey_id, q, o, response_id, form.version, v) for q, o, v in encoded]
    conn = await asyncpg.connect(asyncpg_dsn(database.engine.url.render_as_string(False)))
    try:
        await conn.copy_records_to_table(
            "responses",
            records=responses,
            columns=["id", "survey_id", "version", "submitted_day", "respondent_id", "answers"],
        )
        await conn.copy_records_to_table(
            "answer_cells",
            records=cells,
            columns=["survey_id", "question", "option", "response_id", "version", "value"],
        )
        async with database.sessionmaker.begin() as session:
            await ResultsRepository(session).tally(survey_id, form.version, every_cell)
        for table in ("responses", "answer_cells", "answer_tallies"):
            await conn.execute(f"VACUUM ANALYZE {table}")
    finally:
        await conn.close()
    return time.monotonic() - started


# --- 2. reading results ---


async def _timed(action: Callable[[], Awaitable[Any]]) -> float:
    started = time.perf_counter()
    await action()
    return (time.perf_counter() - started) * 1000


async def _alternate(
    ours: Callable[[], Awaitable[Any]], baseline: Callable[[], Awaitable[Any]], reads: int
) -> tuple[list[float], list[float]]:
    """Milliseconds of each, one at a time, alternating, after two warm-up calls each."""
    for _ in range(2):
        await ours()
        await baseline()
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(reads):
        times[0].append(await _timed(ours))
        times[1].append(await _timed(baseline))
    return times


async def _reads(
    surveys_url: str, database: Database, survey_id: uuid.UUID, officer: dict[str, str]
) -> dict[str, tuple[list[float], list[float]]]:
    dsn = asyncpg_dsn(database.engine.url.render_as_string(False))
    conn = await asyncpg.connect(dsn)
    base = f"{surveys_url}/surveys/{survey_id}"
    async with httpx.AsyncClient(timeout=60, headers=officer) as client:

        async def results(**params: str) -> httpx.Response:
            response = await client.get(f"{base}/results", params=params)
            response.raise_for_status()
            return response

        _check(await results(), await conn.fetch(PLAIN_GROUP_BY, survey_id))
        async with database.sessionmaker() as session:
            home = next(
                n
                for n, e in enumerate((await SurveyService(session).get(survey_id)).layout, 1)
                if e["key"] == "home"
            )

        async def export() -> None:
            async with client.stream("GET", f"{base}/export.csv") as response:
                response.raise_for_status()
                async for _ in response.aiter_bytes():
                    pass

        async def copy() -> None:
            await conn.copy_from_query(PLAIN_EXPORT, survey_id, output=io.BytesIO(), format="csv")

        try:
            return {
                "results": await _alternate(
                    results, lambda: conn.fetch(PLAIN_GROUP_BY, survey_id), READS
                ),
                "cross": await _alternate(
                    lambda: results(by="home"),
                    lambda: conn.fetch(PLAIN_CROSS, survey_id, home),
                    max(5, READS // 5),
                ),
                "export": await _alternate(export, copy, 3),
            }
        finally:
            await conn.close()


def _check(response: httpx.Response, rows: list[asyncpg.Record]) -> None:
    """The endpoint's counts of every concern equal the GROUP BY's (neither is suppressed at
    this size)."""
    body = response.json()
    concerns = next(q for q in body["questions"] if q["question"] == "concerns")
    shown = [o["count"] for o in concerns["options"]]
    number = 1 + [q["question"] for q in body["questions"]].index("concerns")
    counted = {r["option"]: r["count"] for r in rows if r["question"] == number}
    expected = [counted.get(n, 0) for n in range(1, len(shown) + 1)]
    if shown != expected or body["responses"] != sum(
        r["count"] for r in rows if r["question"] == 0
    ):
        raise RuntimeError(f"results disagree with GROUP BY: {shown} against {expected}")


# --- the benchmark ---


async def results_and_submissions() -> list[Row]:
    SCRATCH.mkdir(parents=True, exist_ok=True)
    try:
        return await _run()
    finally:
        shutil.rmtree(SCRATCH, ignore_errors=True)


async def _run() -> list[Row]:
    keys = TestKeys()
    officer = keys.auth(uuid.uuid4(), [Role.OFFICER])
    started = time.monotonic()
    async with (
        scratch_database(GATEWAY_ALEMBIC) as gateway_db,
        scratch_database(SURVEYS_ALEMBIC) as surveys_db,
    ):
        urls = [db.engine.url.render_as_string(False) for db in (gateway_db, surveys_db)]
        async with _apps(*urls, keys) as (surveys_url, gateway_url):
            async with httpx.AsyncClient(base_url=surveys_url, headers=officer) as client:
                made = await client.post(
                    "/surveys",
                    json={"audience": "public", "anonymous": True, "content": CONTENT},
                )
                made.raise_for_status()
                survey_id, slug = uuid.UUID(made.json()["id"]), made.json()["slug"]
                (await client.post(f"/surveys/{survey_id}/publish")).raise_for_status()
            runs = await _submissions(
                {"direct": surveys_url, "gateway": gateway_url}, survey_id, slug
            )
            async with surveys_db.sessionmaker() as session:
                submitted = await ResultsRepository(session).responses(survey_id)
            loaded = await _top_up(surveys_db, survey_id, max(0, RESPONSES - submitted))
            reads = await _reads(surveys_url, surveys_db, survey_id, officer)
    NOTES.append(
        f"Surveys ({time.monotonic() - started:.0f} s in all): {submitted:,} responses "
        f"submitted by wrk -t1 -c{CONNECTIONS} ({SECONDS} s per run, {ROUNDS} round(s) in "
        f"rotated order after a {WARMUP_SECONDS} s warm-up each way; per run: "
        + "; ".join(f"{n} " + ", ".join(f"{r.rps:.0f}/s" for r in rs) for n, rs in runs.items())
        + f"), topped up to {max(RESPONSES, submitted):,} in {loaded:.1f} s; reads one at a "
        f"time, alternating with their baseline: results x{READS}, cross-tabulation by "
        f"where respondents live x{max(5, READS // 5)}, CSV export x3. The machine's 2 cores "
        "are shared with other people's work: absolute figures vary, ratios less."
    )
    return _rows(runs, reads)


def _ms(samples: list[float]) -> str:
    return f"{percentile(samples, 50):.1f} / {percentile(samples, 99):.1f}"


def _rows(
    runs: dict[str, list[WrkResult]], reads: dict[str, tuple[list[float], list[float]]]
) -> list[Row]:
    def median(name: str, field: str) -> float:
        return statistics.median(getattr(r, field) for r in runs[name])

    results, plain = reads["results"]
    cross, plain_cross = reads["cross"]
    export, copy = reads["export"]
    p50 = percentile(results, 50)
    direct, through = median("direct", "rps"), median("gateway", "rps")
    label = f"{max(RESPONSES, 1):,} responses"
    return [
        Row("surveys: results", f"{label}, ms p50 / p99", _ms(results),
            f"{_ms(plain)} (plain SQL GROUP BY)", f"{p50 / percentile(plain, 50):.2f}",
            f"p50 <= {TARGET_P50_MS:.0f} ms", p50 <= TARGET_P50_MS),
        Row("surveys: cross-tabulation by area", f"{label}, ms p50 / p99", _ms(cross),
            f"{_ms(plain_cross)} (plain SQL self-join GROUP BY)",
            f"{percentile(cross, 50) / percentile(plain_cross, 50):.2f}", "-"),
        Row("surveys: CSV export", f"{label}, ms (median of 3)", f"{statistics.median(export):.0f}",
            f"{statistics.median(copy):.0f} (COPY TO STDOUT)",
            f"{statistics.median(export) / statistics.median(copy):.2f}", "-"),
        Row("surveys: submit, direct", f"responses/s, wrk -c{CONNECTIONS} (p50 / p99 ms)",
            f"{direct:.0f} ({median('direct', 'p50_ms'):.1f} / {median('direct', 'p99_ms'):.1f})",
            "-", "-", "-"),
        Row("surveys: submit, through the gateway",
            f"responses/s, wrk -c{CONNECTIONS} (p50 / p99 ms) vs direct",
            f"{through:.0f} ({median('gateway', 'p50_ms'):.1f} / "
            f"{median('gateway', 'p99_ms'):.1f})",
            f"{direct:.0f} (direct)", f"{through / direct:.2f}", "-"),
    ]  # fmt: skip
