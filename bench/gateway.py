"""Gateway benchmark: one upstream endpoint called directly, through nginx and through the gateway.

Every target is a real process: the upstream (`bench.upstream` under uvicorn with uvloop and
httptools), nginx from Debian (`proxy_pass` to a keep-alive upstream pool, one worker), and the
gateway under uvicorn and under granian (one worker each; the gateway runs under uvicorn, which
won). httpx against aiohttp as the upstream client was measured while the gateway had both
(bench/RESULTS.md, 2026-11-22; aiohttp stayed). wrk, a separate process, loads each target
with the same access token (minted with the gateway's own key ring, so JWT verification and
the Redis rate limit are in the gateway's path; the upstream verifies the token too, as every
service does).

Each round runs every target for the same time, in a rotated order, so slow drift on a shared
machine spreads over all of them; the figures are medians over the rounds. Two measurements
per target: throughput at ``BENCH_GATEWAY_CONNECTIONS`` connections (requests/s, p50, p99) and
latency with one connection (p50, p99: the latency a hop adds, without queueing).

    BENCH_GATEWAY_SECONDS=10 BENCH_GATEWAY_LATENCY_SECONDS=5 BENCH_GATEWAY_ROUNDS=3
    BENCH_GATEWAY_CONNECTIONS=32 (defaults); e.g. a quick run:
    make bench BENCH_ARGS=gateway BENCH_GATEWAY_SECONDS=3 BENCH_GATEWAY_ROUNDS=1
    BENCH_GATEWAY_ONLY=uvicorn+aiohttp,granian+aiohttp limits the gateway variants,
    BENCH_GATEWAY_COLD=0 drops the new-token-per-request rows.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import orjson
import redis.asyncio as redis

from bench.harness import (
    NOTES,
    ROOT,
    Row,
    child_process,
    free_port,
    scratch_database,
    uvicorn_argv,
)
from bench.upstream import PATH
from gateway.config import GatewaySettings
from gateway.routing.table import DEFAULT_ROUTES, DEFAULT_UPSTREAMS, Route
from gateway.tokens.issuer import TokenIssuer
from gateway.tokens.keys import KeyRing
from peelian.auth.principal import Role

try:
    from gateway.routing import policy as gateway_policy
except ImportError:  # a gateway without its routing policy yet
    gateway_policy = None  # type: ignore[assignment]

ALEMBIC = ROOT / "gateway" / "alembic.ini"
SECONDS = int(os.environ.get("BENCH_GATEWAY_SECONDS", "10"))
LATENCY_SECONDS = int(os.environ.get("BENCH_GATEWAY_LATENCY_SECONDS", "5"))
WARMUP_SECONDS = int(os.environ.get("BENCH_GATEWAY_WARMUP_SECONDS", "3"))
ROUNDS = int(os.environ.get("BENCH_GATEWAY_ROUNDS", "3"))
CONNECTIONS = int(os.environ.get("BENCH_GATEWAY_CONNECTIONS", "32"))
# The machine is shared (other people's tests): each run waits (up to QUIET_WAIT seconds)
# until other processes use less than MAX_OTHERS of a core, and a run during which they used
# more is repeated, up to ATTEMPTS times, keeping the least disturbed; waiting and repeating
# stop once they have taken PATIENCE seconds in all, so a busy machine delays a run boundedly.
MAX_OTHERS = float(os.environ.get("BENCH_GATEWAY_MAX_OTHERS", "0.15"))
QUIET_WAIT = float(os.environ.get("BENCH_GATEWAY_QUIET_WAIT", "60"))
PATIENCE = float(os.environ.get("BENCH_GATEWAY_PATIENCE", "600"))
ATTEMPTS = 3
# gateway.ratelimit skips the limiter this long after a Redis error (fails open).
RATE_LIMITER_BACKOFF = 1.0
SERVERS = ("uvicorn", "granian")
# The gateway remembers tokens it has verified; these targets send a new token each time.
COLD = ", new token per request"
COLD_ROWS = os.environ.get("BENCH_GATEWAY_COLD", "1") != "0"
# Only these gateway variants ("uvicorn+aiohttp,granian+aiohttp"), for a focused comparison.
ONLY = {n for n in os.environ.get("BENCH_GATEWAY_ONLY", "").split(",") if n}
# Targets from the issue (3, item 10): through the gateway >= 50% of direct and >= 60% of
# nginx in requests/s; at most 1 ms added to the p50 latency.
MIN_VS_DIRECT = 0.50
MIN_VS_NGINX = 0.60
MAX_ADDED_P50_MS = 1.0

RUN_DIR = Path(os.environ.get("PEELIAN_RUN_DIR", ROOT / ".run")) / "bench-gateway"
REDIS_URL = f"redis://127.0.0.1:{os.environ.get('PEELIAN_REDIS_PORT', '6379')}/0"


def _log_path(name: str) -> Path:
    return RUN_DIR / "log" / f"{name}.log"


REDIS_PIDFILE = Path(os.environ.get("PEELIAN_RUN_DIR", ROOT / ".run")) / "pid" / "redis.pid"
TOOLS_HINT = "install them with deploy/native/bench-tools.sh (make bench does)"


# --- wrk ---


@dataclass(frozen=True)
class WrkResult:
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    cpu: dict[str, float] = field(default_factory=dict)  # process -> share of one core


_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _latency_ms(output: str, percentile: str) -> float:
    match = re.search(rf"^\s*{percentile}%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.MULTILINE)
    if match is None:
        raise ValueError(f"no {percentile}% latency in wrk's output:\n{output}")
    return float(match[1]) * _UNITS_MS[match[2]]


def parse_wrk(output: str) -> WrkResult:
    """Requests/s and p50/p99 (ms) from `wrk --latency`; refuses runs with failed requests."""
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.MULTILINE)
    total = re.search(r"^\s*(\d+) requests in ", output, re.MULTILINE)
    if rps is None or total is None:
        raise ValueError(f"unexpected wrk output:\n{output}")
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    if non_2xx or socket_errors:
        raise RuntimeError(f"wrk saw failed requests, the figures would be meaningless:\n{output}")
    return WrkResult(
        rps=float(rps[1]),
        p50_ms=_latency_ms(output, "50"),
        p99_ms=_latency_ms(output, "99"),
        requests=int(total[1]),
    )


def _tool(name: str) -> str:
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/bin")
    if found is None:
        raise SystemExit(f"the gateway benchmark needs {name}: {TOOLS_HINT}")
    return found


# --- processes ---


def _cpu_seconds() -> dict[int, tuple[int, float]]:
    """pid -> (parent pid, user+system CPU seconds) for every process we can read."""
    tick = os.sysconf("SC_CLK_TCK")
    table = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        table[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / tick)
    return table


def _tree_cpu(table: dict[int, tuple[int, float]], root: int) -> float:
    """CPU seconds of ``root`` and its live descendants (granian and nginx have workers)."""
    total, stack = 0.0, [root]
    while stack:
        pid = stack.pop()
        total += table.get(pid, (0, 0.0))[1]
        stack.extend(child for child, (parent, _) in table.items() if parent == pid)
    return total


@dataclass
class Target:
    name: str
    url: str
    process: asyncio.subprocess.Process  # the process wrk talks to
    log: str  # its log's name under the run directory
    pids: dict[str, int]  # the processes whose CPU this target's requests use, by role
    # A wrk script sending a different token with every request (None: one token throughout).
    script: Path | None = None
    results: list[WrkResult] = field(default_factory=list)
    latency: list[WrkResult] = field(default_factory=list)

    def kept(self, latency: bool = False) -> list[WrkResult]:
        """The undisturbed runs (other processes under ``MAX_OTHERS`` of a core), if any."""
        runs = self.latency if latency else self.results
        return [r for r in runs if not _disturbed(r)] or runs

    def median(self, attribute: str, latency: bool = False) -> float:
        return statistics.median(getattr(r, attribute) for r in self.kept(latency))

    def median_cpu(self) -> dict[str, float]:
        runs = self.kept()
        return {role: statistics.median(r.cpu.get(role, 0.0) for r in runs) for role in runs[0].cpu}


def _disturbed(result: WrkResult) -> bool:
    return _disturbance(result) > MAX_OTHERS


def _disturbance(result: WrkResult) -> float:
    """Share of a core other processes used, or the hypervisor took (steal), during a run."""
    return result.cpu.get("others", 0.0) + result.cpu.get("steal", 0.0)


def _machine_busy_seconds() -> tuple[float, float]:
    """CPU seconds since boot (/proc/stat): every core busy (whoever used them), and taken by
    the hypervisor for other virtual machines (steal: a shared host)."""
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(f) for f in fields[:8])
    tick = os.sysconf("SC_CLK_TCK")
    return (user + nice + system + irq + softirq) / tick, steal / tick


def _own_and_children_seconds() -> float:
    """CPU seconds of this process and its reaped children (wrk, once it has exited)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


async def _wrk_once(target: Target, token: str, connections: int, seconds: int) -> WrkResult:
    argv = [
        _tool("wrk"),
        "-t1",
        f"-c{connections}",
        f"-d{seconds}s",
        "--latency",
        "--timeout",
        "5s",
        *(
            ["-s", str(target.script)]
            if target.script
            else ["-H", f"Authorization: Bearer {token}"]
        ),
        target.url,
    ]
    before, busy_before, own_before = (
        _cpu_seconds(),
        _machine_busy_seconds(),
        _own_and_children_seconds(),
    )
    started = time.monotonic()
    process = await asyncio.create_subprocess_exec(
        *argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    output, _ = await process.communicate()
    elapsed = time.monotonic() - started
    after, busy_after, own_after = (
        _cpu_seconds(),
        _machine_busy_seconds(),
        _own_and_children_seconds(),
    )
    text = output.decode()
    if process.returncode != 0:
        raise RuntimeError(f"wrk failed ({process.returncode}) against {target.name}:\n{text}")
    result = parse_wrk(text)
    # Share of one core each process used during the run: where the time goes.
    cpu = {
        role: (_tree_cpu(after, pid) - _tree_cpu(before, pid)) / elapsed
        for role, pid in target.pids.items()
    }
    cpu["wrk+bench"] = (own_after - own_before) / elapsed
    # Everything else on the machine (other people's tests, say): the run's disturbance.
    cpu["others"] = max(0.0, (busy_after[0] - busy_before[0]) / elapsed - sum(cpu.values()))
    cpu["steal"] = (busy_after[1] - busy_before[1]) / elapsed
    return WrkResult(result.rps, result.p50_ms, result.p99_ms, result.requests, cpu)


@dataclass
class Patience:
    """Seconds left for waiting for quiet moments and repeating disturbed runs."""

    left: float = PATIENCE
    waited: float = 0.0
    repeats: int = 0

    async def wait_for_quiet(self) -> None:
        """Wait until the machine's busy time over one second (our servers idle between runs,
        so it is other processes' time) is under ``MAX_OTHERS`` of a core."""
        deadline = time.monotonic() + min(QUIET_WAIT, self.left)
        while time.monotonic() < deadline:
            before = _machine_busy_seconds()
            await asyncio.sleep(1.0)
            self.left -= 1.0
            self.waited += 1.0
            after = _machine_busy_seconds()
            if after[0] - before[0] + after[1] - before[1] <= MAX_OTHERS:
                return


PATIENT = Patience()


async def run_wrk(target: Target, token: str, connections: int, seconds: int) -> WrkResult:
    """One measurement, in a quiet moment; repeated (keeping the least disturbed) while other
    processes took more than ``MAX_OTHERS`` of a core during it, up to ``ATTEMPTS`` times."""
    results: list[WrkResult] = []
    while len(results) < ATTEMPTS and (not results or PATIENT.left > seconds):
        if results:
            PATIENT.left -= seconds
            PATIENT.repeats += 1
        await PATIENT.wait_for_quiet()
        results.append(await _wrk_once(target, token, connections, seconds))
        if not _disturbed(results[-1]):
            break
    return min(results, key=_disturbance)


async def _wait_ok(target: Target, token: str, timeout: float = 90) -> bytes:
    """Poll the target until it answers 200; the body is returned (compared across targets)."""
    deadline = time.monotonic() + timeout
    last = "no answer"
    async with httpx.AsyncClient(timeout=5) as client:
        while time.monotonic() < deadline:
            if target.process.returncode is not None:
                last = f"exited with {target.process.returncode}"
                break
            try:
                headers = {"Authorization": f"Bearer {token}"}
                response = await client.get(target.url, headers=headers)
                if response.status_code == 200:
                    return response.content
                last = f"{response.status_code} {response.text[:300]}"
            except httpx.HTTPError as exc:
                last = repr(exc)
            await asyncio.sleep(0.3)
    log_path = _log_path(target.log)
    tail = "\n".join(log_path.read_text(errors="replace").splitlines()[-30:])
    raise RuntimeError(f"{target.name} did not serve {target.url} ({last}); {log_path}:\n{tail}")


# --- the targets ---

NGINX_CONF = """\
# Written by bench/gateway.py for one benchmark run.
worker_processes 1;
daemon off;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {dir}/client_body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    keepalive_requests 1000000;
    upstream bench_upstream {{
        server 127.0.0.1:{upstream_port};
        keepalive 64;
        keepalive_requests 1000000;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://bench_upstream;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
        }}
    }}
}}
"""


def _gateway_env(database_url: str, upstream_url: str, run: str) -> dict[str, str]:
    routes = [r.model_dump(mode="json") for r in DEFAULT_ROUTES]
    routes.append(Route(prefix=PATH.rsplit("/", 1)[0], upstream="bench").model_dump(mode="json"))
    return {
        "GATEWAY_DATABASE_URL": database_url,
        "GATEWAY_REDIS_URL": REDIS_URL,
        # This run's own keys: never another run's counters, nor a running platform's.
        "GATEWAY_REDIS_PREFIX": f"peelian:bench:{run}:",
        # The platform's route table plus the bench route (the others are never called).
        "GATEWAY_UPSTREAMS": orjson.dumps({**DEFAULT_UPSTREAMS, "bench": upstream_url}).decode(),
        "GATEWAY_ROUTES": orjson.dumps(routes).decode(),
        # In the path, never tripped: every request of every run is one principal's, and a
        # burst of a million then 16,667/s is more than any run sends. (Not higher: an
        # interval below the float resolution of Redis's millisecond clock breaks GCRA.)
        "GATEWAY_RATE_LIMIT_DEFAULT": "1000000/60",
        # The outbox relay idles during the run; it is not on the request path.
        "GATEWAY_RUN_WORKERS": "false",
    }


async def _redis_script_calls() -> int:
    """EVAL and EVALSHA calls Redis has served since it started (INFO commandstats)."""
    client = redis.Redis.from_url(REDIS_URL)
    try:
        stats = await client.info("commandstats")
    finally:
        await client.aclose()
    return sum(int(stats.get(f"cmdstat_{c}", {}).get("calls", 0)) for c in ("eval", "evalsha"))


def _check_rate_limiter(targets: list[Target], script_calls: int) -> str:
    """The limiter was really in the path: Redis ran its script at least once per request
    through a gateway, and it failed open (skipping the limiter for a second each time) for
    under 1% of the measured time. Returns a note for the results."""
    gateways = [t for t in targets if "gateway" in t.pids]
    failures = 0
    for log in {t.log for t in gateways}:
        log_text = _log_path(log).read_text(errors="replace")
        failures += log_text.count('"event":"rate_limiter_unavailable"')
    measured = ROUNDS * (SECONDS + LATENCY_SECONDS) * len(gateways)
    if failures * RATE_LIMITER_BACKOFF > 0.01 * measured:
        raise RuntimeError(
            f"the gateways' rate limiter failed open {failures} times during the run (Redis "
            f"errors, see {RUN_DIR / 'log'}), so the figures do not include it"
        )
    requests = sum(r.requests for t in gateways for r in [*t.results, *t.latency])
    if script_calls < requests:
        raise RuntimeError(
            f"Redis ran {script_calls} rate-limit scripts for {requests} requests through the "
            "gateways: the limiter was not in the path"
        )
    return (
        f"The rate limiter ran {script_calls:,} Redis scripts for {requests:,} measured requests "
        f"through the gateways and failed open {failures} time(s) "
        f"(each skips it for {RATE_LIMITER_BACKOFF:g} s)."
    )


def _gateway_argv(server: str, port: int) -> list[str]:
    if server == "uvicorn":
        return uvicorn_argv("gateway.main:create_app", port)
    return [
        sys.executable,
        "-m",
        "granian",
        "--interface",
        "asgi",
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        "1",
        "--loop",
        "uvloop",
        "--http",
        "1",
        "--no-ws",
        "--no-access-log",
        "gateway.main:create_app",
    ]


def _redis_pid() -> int | None:
    with contextlib.suppress(OSError, ValueError):
        return int(REDIS_PIDFILE.read_text().strip())
    return None


@contextlib.asynccontextmanager
async def _targets(
    token: str, jwks: str, database_url: str, run: str, tokens_script: Path
) -> AsyncIterator[list[Target]]:
    """Start the upstream, nginx and every gateway variant; yield once each answers 200."""
    (RUN_DIR / "log").mkdir(parents=True, exist_ok=True)
    async with contextlib.AsyncExitStack() as stack:
        upstream_port = free_port()
        upstream_argv = uvicorn_argv("bench.upstream:create_app", upstream_port)
        upstream = await stack.enter_async_context(
            child_process(
                RUN_DIR / "log" / "upstream.log", upstream_argv, {"BENCH_UPSTREAM_JWKS_JSON": jwks}
            )
        )
        upstream_url = f"http://127.0.0.1:{upstream_port}"
        direct = Target("direct", upstream_url + PATH, upstream, "upstream", {})
        direct.pids["upstream"] = upstream.pid
        targets = [direct]

        nginx_dir = RUN_DIR / "nginx"
        nginx_dir.mkdir(parents=True, exist_ok=True)
        nginx_port = free_port()
        conf = nginx_dir / "nginx.conf"
        conf.write_text(
            NGINX_CONF.format(dir=nginx_dir, upstream_port=upstream_port, port=nginx_port)
        )
        nginx_argv = [_tool("nginx"), "-p", str(nginx_dir), "-c", str(conf), "-e", "stderr"]
        nginx = await stack.enter_async_context(child_process(_log_path("nginx"), nginx_argv))
        pids = {"nginx": nginx.pid, "upstream": upstream.pid}
        targets.append(
            Target("nginx", f"http://127.0.0.1:{nginx_port}{PATH}", nginx, "nginx", pids)
        )

        redis_pid = _redis_pid()
        for server in SERVERS:
            # Rows keep the "+aiohttp" of the runs that compared upstream clients.
            name = f"{server}+aiohttp"
            if ONLY and name not in ONLY:
                continue
            port = free_port()
            log = f"gateway-{name}"
            process = await stack.enter_async_context(
                child_process(
                    _log_path(log),
                    _gateway_argv(server, port),
                    _gateway_env(database_url, upstream_url, run),
                )
            )
            pids = {"gateway": process.pid, "upstream": upstream.pid}
            if redis_pid is not None:
                pids["redis"] = redis_pid
            url = f"http://127.0.0.1:{port}{PATH}"
            targets.append(Target(name, url, process, log, pids))
            if COLD_ROWS:
                # The same process, sent a token it has not seen with each request.
                targets.append(Target(f"{name}{COLD}", url, process, log, pids, tokens_script))

        expected = orjson.loads(await _wait_ok(direct, token))
        for target in targets[1:]:
            body = orjson.loads(await _wait_ok(target, token))
            if body != expected:
                raise RuntimeError(f"{target.name} answered {body!r}, the upstream {expected!r}")
        yield targets


# --- the run ---


TOKENS_LUA = """\
-- Written by bench/gateway.py: a different access token with every request, round robin.
local tokens = {{}}
for line in io.lines("{path}") do tokens[#tokens + 1] = "Bearer " .. line end
local i = 0
request = function()
    i = i % #tokens + 1
    return wrk.format(nil, nil, {{["Authorization"] = tokens[i]}})
end
"""


def _tokens_script(issuer: TokenIssuer) -> Path:
    """A wrk script cycling through more tokens (of as many principals) than the gateway's
    verified-token cache holds, so that every request through the gateway verifies one."""
    cache_size: int = getattr(gateway_policy, "TOKEN_CACHE_SIZE", 0)
    count = max(1000, cache_size + cache_size // 5)
    tokens = [issuer.issue(uuid.uuid4(), [Role.CITIZEN]).token for _ in range(count)]
    RUN_DIR.mkdir(parents=True, exist_ok=True)
    path = RUN_DIR / "tokens.txt"
    path.write_text("\n".join(tokens) + "\n")
    script = RUN_DIR / "tokens.lua"
    script.write_text(TOKENS_LUA.format(path=path))
    return script


async def gateway_overhead() -> list[Row]:
    for tool in ("wrk", "nginx"):
        _tool(tool)
    load_before = os.getloadavg()
    async with scratch_database(ALEMBIC) as database:
        database_url = database.engine.url.render_as_string(hide_password=False)
        # Tokens outlive the run (the default 15 minutes might not).
        settings = GatewaySettings(database_url=database_url, access_token_ttl=3 * 3600)
        key_ring = KeyRing(database, settings)
        await key_ring.start()  # the gateways find this signing key and use it
        issuer = TokenIssuer(key_ring, settings)
        token = issuer.issue(uuid.uuid4(), [Role.CITIZEN]).token
        jwks = orjson.dumps(key_ring.jwks()).decode()
        tokens_script = _tokens_script(issuer)
        run = uuid.uuid4().hex[:8]
        async with _targets(token, jwks, database_url, run, tokens_script) as targets:
            for target in targets:  # connections, pools, caches: not what a running gateway pays
                await _wrk_once(target, token, CONNECTIONS, WARMUP_SECONDS)
            script_calls = await _redis_script_calls()
            for round_ in range(ROUNDS):
                shift = round_ % len(targets)
                for target in targets[shift:] + targets[:shift]:
                    target.results.append(await run_wrk(target, token, CONNECTIONS, SECONDS))
                    target.latency.append(await run_wrk(target, token, 1, LATENCY_SECONDS))
                print(f"gateway benchmark: round {round_ + 1}/{ROUNDS} done", flush=True)
            limiter_note = _check_rate_limiter(targets, await _redis_script_calls() - script_calls)
    return _rows(targets, load_before, limiter_note)


# --- the table ---


def _ms(value: float) -> str:
    return f"{value:.2f}"


def _rows(
    targets: list[Target], load_before: tuple[float, float, float], limiter_note: str
) -> list[Row]:
    by_name = {t.name: t for t in targets}
    direct, nginx = by_name["direct"], by_name["nginx"]
    gateways = [t for t in targets if t not in (direct, nginx)]
    c = CONNECTIONS

    def rps(t: Target) -> float:
        return t.median("rps")

    def flag(t: Target, latency: bool = False) -> str:
        return " (disturbed)" if all(_disturbed(r) for r in t.kept(latency)) else ""

    def loaded(t: Target) -> str:
        p50, p99 = _ms(t.median("p50_ms")), _ms(t.median("p99_ms"))
        return f"{rps(t):,.0f} (p50 {p50} / p99 {p99}){flag(t)}"

    def unloaded(t: Target) -> str:
        p50, p99 = _ms(t.median("p50_ms", True)), _ms(t.median("p99_ms", True))
        return f"{p50} / {p99}{flag(t, latency=True)}"

    throughput = f"req/s, wrk -c{c} (p50 / p99 ms)"
    latency = "latency ms, wrk -c1 (p50 / p99)"
    direct_p50 = direct.median("p50_ms", latency=True)
    rows = [
        Row("gateway: direct", throughput, loaded(direct), "-", "-", "-"),
        Row("gateway: direct", latency, unloaded(direct), "-", "-", "-"),
        Row(
            "gateway: nginx proxy_pass",
            throughput,
            loaded(nginx),
            f"{rps(direct):,.0f} (direct)",
            f"{rps(nginx) / rps(direct):.2f}",
            "-",
        ),
        Row(
            "gateway: nginx proxy_pass",
            latency,
            unloaded(nginx),
            f"{_ms(direct_p50)} (direct p50)",
            f"{nginx.median('p50_ms', True) - direct_p50:+.2f} ms",
            "-",
        ),
    ]
    for g in gateways:
        bench = f"gateway: {g.name.replace('+', ' + ')}"
        vs_direct, vs_nginx = rps(g) / rps(direct), rps(g) / rps(nginx)
        added = g.median("p50_ms", latency=True) - direct_p50
        added_loaded = g.median("p50_ms") - direct.median("p50_ms")
        rows += [
            Row(
                bench,
                throughput + " vs direct",
                loaded(g),
                f"{rps(direct):,.0f} (direct)",
                f"{vs_direct:.2f}",
                f">= {MIN_VS_DIRECT:.2f}",
                vs_direct >= MIN_VS_DIRECT,
            ),
            Row(
                bench,
                f"req/s, wrk -c{c} vs nginx",
                f"{rps(g):,.0f}",
                f"{rps(nginx):,.0f} (nginx)",
                f"{vs_nginx:.2f}",
                f">= {MIN_VS_NGINX:.2f}",
                vs_nginx >= MIN_VS_NGINX,
            ),
            Row(
                bench,
                "added p50 ms, wrk -c1 (p50 / p99)",
                f"{added:+.2f} ({unloaded(g)})",
                f"{_ms(direct_p50)} (direct p50)",
                "-",
                f"<= +{MAX_ADDED_P50_MS:g} ms",
                added <= MAX_ADDED_P50_MS,
            ),
            Row(
                bench,
                f"added p50 ms under load, wrk -c{c}",
                f"{added_loaded:+.2f}",
                f"{_ms(direct.median('p50_ms'))} (direct p50)",
                "-",
                "-",
            ),
        ]
    if gateways:
        ranked = sorted((g for g in gateways if g.script is None), key=rps, reverse=True)
        best = ranked[0]
        runner_up = ranked[1] if len(ranked) > 1 else best
        rows.append(
            Row(
                "gateway: fastest server",
                f"req/s, wrk -c{c}",
                f"{best.name.replace('+', ' + ')}: {rps(best):,.0f}",
                f"{runner_up.name.replace('+', ' + ')}: {rps(runner_up):,.0f}",
                f"{rps(best) / rps(runner_up):.2f}",
                "-",
            )
        )
    NOTES.append(_notes(targets, load_before, limiter_note))
    return rows


def _notes(
    targets: list[Target], load_before: tuple[float, float, float], limiter_note: str
) -> str:
    lines = [
        f"Gateway benchmark: wrk -t1 -c{CONNECTIONS} for {SECONDS} s and wrk -t1 -c1 for "
        f"{LATENCY_SECONDS} s per target and round, {ROUNDS} round(s) in rotated order after a "
        f"{WARMUP_SECONDS} s warm-up each; medians."
        + (f" Gateway variants: {', '.join(sorted(ONLY))} only." if ONLY else "")
        + (" No new-token-per-request rows." if not COLD_ROWS else "")
        + " Load average before the run "
        f"{load_before[0]:.2f} / {load_before[1]:.2f} / {load_before[2]:.2f} (1/5/15 min). "
        f"Runs waited {PATIENT.waited:.0f} s in all for other processes and the hypervisor "
        f"(steal) to take under {MAX_OTHERS:.0%} of a core, and {PATIENT.repeats} disturbed "
        "run(s) were repeated. Runs marked * were disturbed all the same; a target's medians "
        "use its undisturbed runs when it has any, and its CPU shares below are medians over "
        "those runs ('others': every other process on the machine; 'steal': time the "
        "hypervisor gave to other virtual machines). " + limiter_note,
    ]
    if not any(t.name not in ("direct", "nginx") for t in targets):
        lines.append(
            "The gateway was not measured: gateway.routing.proxy does not exist in this commit."
        )
    lines.append("")
    lines.append(
        f"| target | req/s per round (-c{CONNECTIONS}) | p50 / p99 ms per round (-c1) "
        "| CPU, share of one core (median round, -c" + str(CONNECTIONS) + ") |"
    )
    lines.append("|---|---|---|---|")
    for t in targets:
        per_round = ", ".join(f"{r.rps:,.0f}{'*' * _disturbed(r)}" for r in t.results)
        lat = ", ".join(
            f"{_ms(r.p50_ms)} / {_ms(r.p99_ms)}{'*' * _disturbed(r)}" for r in t.latency
        )
        cpu = ", ".join(f"{role} {share:.0%}" for role, share in t.median_cpu().items())
        lines.append(f"| {t.name} | {per_round} | {lat} | {cpu} |")
    return "\n".join(lines)
