"""Reporting benchmarks (issue 4, item 10): report submissions, and a large video upload,
through the gateway, each against a baseline measured in the same run.

Every process is real: the gateway and the reporting service under uvicorn (uvloop,
httptools, one worker each, as deploy/native/services.sh runs them), each on a scratch
database; the service verifies the gateway's tokens through its JWKS URL, and the citizen's
token is got the way a citizen gets one (POST /accounts, then the password grant). Evidence
goes to buckets of the benchmark's own (``bench-evidence``...), emptied and removed before
and after the run (originals are under GOVERNANCE retention, which the store's root user may
bypass). The service's outbox relay is off (``REPORTING_RUN_WORKERS=false``): it would
publish the benchmark's reports to the platform's shared topics; the outbox rows are still
written in each submission's transaction (the relay's own cost is `relay_throughput`'s).

1. Submissions: ``POST /reports`` (one valid report body, from a wrk Lua script; wrk is a
   process of its own) for ``BENCH_REPORTING_SECONDS`` at each of
   ``BENCH_REPORTING_CONNECTIONS`` connections, to the service directly (the baseline) and
   through the gateway, ``BENCH_REPORTING_ROUNDS`` rounds in rotated order after a warm-up;
   medians. Reports/s, p50, p99; every answer must be a 201. One request at a time too
   (``BENCH_REPORTING_LADDER_SECONDS`` each, in the same rounds), and, for comparison, GET
   /healthz (no database) and GET /categories (one query) of the same service, with the CPU
   each process spent per request: where a report's time goes.
2. Upload: one file of ``BENCH_REPORTING_UPLOAD_MIB`` MiB (an MP4 ``ftyp`` box, then
   pseudo-random bytes) written once under the run directory and deleted afterwards. Per
   round, in rotated order: a raw S3 PUT of it with the minio SDK as the service calls it (the
   service's client settings and part size, ``reporting.evidence.ingest.PART_BYTES``, parts
   sent one at a time; the baseline), and the same
   file as multipart/form-data sent by curl (streamed from disk by a C client, so that the
   client is not what is measured) through the gateway and directly to the service. MiB/s,
   the ratio to the raw PUT, and the peak RSS growth of the reporting service and of the
   gateway over their RSS just before the upload: VmHWM after resetting it
   (/proc/<pid>/clear_refs), and VmRSS sampled every 50 ms. The response's size and SHA-256
   are checked against the file's.

The machine is shared (two cores): every measurement first waits, boundedly, for a quiet
moment, and records the CPU of every process involved and of all the others.

    BENCH_REPORTING_SECONDS=10 BENCH_REPORTING_ROUNDS=2 BENCH_REPORTING_CONNECTIONS=16,64
    BENCH_REPORTING_UPLOAD_MIB=1024 BENCH_REPORTING_UPLOAD_ROUNDS=2 (defaults); a quick run:
    make bench BENCH_ARGS=reporting BENCH_REPORTING_SECONDS=3 BENCH_REPORTING_ROUNDS=1 \\
        BENCH_REPORTING_UPLOAD_MIB=128 BENCH_REPORTING_UPLOAD_ROUNDS=1
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import random
import secrets
import shutil
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import httpx
import orjson
from minio import Minio
from minio.deleteobjects import DeleteObject

from bench.gateway import (
    REDIS_URL,
    TOOLS_HINT,
    WrkResult,
    _machine_busy_seconds,
    _own_and_children_seconds,
    _tree_cpu,
    parse_wrk,
)
from bench.harness import (
    NOTES,
    ROOT,
    Row,
    child_process,
    free_port,
    scratch_database,
    uvicorn_argv,
)
from gateway.config import GatewaySettings
from gateway.routing.table import DEFAULT_UPSTREAMS
from peelian.storage import ObjectStore
from reporting.config import ReportingSettings
from reporting.evidence.ingest import PART_BYTES
from reporting.seed import seed_areas

MIB = 1024 * 1024
SECONDS = int(os.environ.get("BENCH_REPORTING_SECONDS", "10"))
WARMUP_SECONDS = int(os.environ.get("BENCH_REPORTING_WARMUP_SECONDS", "3"))
ROUNDS = int(os.environ.get("BENCH_REPORTING_ROUNDS", "2"))
CONNECTIONS = [
    int(c) for c in os.environ.get("BENCH_REPORTING_CONNECTIONS", "16,64").split(",") if c
]
UPLOAD_MIB = int(os.environ.get("BENCH_REPORTING_UPLOAD_MIB", "1024"))
UPLOAD_ROUNDS = int(os.environ.get("BENCH_REPORTING_UPLOAD_ROUNDS", "2"))
# A warm-up upload on each path first (thread pool, store connections, first-use imports):
# several parts, so that the multipart path runs.
WARMUP_UPLOAD_MIB = 40
RSS_SAMPLE_SECONDS = 0.05
# The cost ladder: one request at a time on a few routes, for where the time goes.
LADDER_SECONDS = int(os.environ.get("BENCH_REPORTING_LADDER_SECONDS", "5"))
# The machine is shared: each measurement waits (up to QUIET_WAIT seconds, PATIENCE in all)
# for other processes and the hypervisor to take under MAX_OTHERS of a core; runs during
# which they took more are marked (*) in the notes.
MAX_OTHERS = float(os.environ.get("BENCH_REPORTING_MAX_OTHERS", "0.25"))
QUIET_WAIT = float(os.environ.get("BENCH_REPORTING_QUIET_WAIT", "15"))
PATIENCE = float(os.environ.get("BENCH_REPORTING_PATIENCE", "30"))
# Targets from the issue (4, item 10).
MIN_UPLOAD_VS_RAW = 0.50
MAX_RSS_GROWTH_MIB = 100.0

RUN_DIR = Path(os.environ.get("PEELIAN_RUN_DIR", ROOT / ".run")) / "bench-reporting"
PID_DIR = Path(os.environ.get("PEELIAN_RUN_DIR", ROOT / ".run")) / "pid"
GATEWAY_ALEMBIC = ROOT / "gateway" / "alembic.ini"
REPORTING_ALEMBIC = ROOT / "services" / "reporting" / "alembic.ini"
BUCKETS = ("bench-evidence", "bench-evidence-derivatives", "bench-evidence-staging")
# The shortest retention of the seeded categories (three years): originals stay locked
# (GOVERNANCE) for that long; the benchmark removes them by bypassing governance.
CATEGORY = "anti-social-behaviour"
# What evidence/media.py sniffs as video/mp4: an ftyp box of brand mp42.
MP4_HEADER = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"
GENERATE_BLOCK = 8 * MIB

REPORT_LUA = """\
-- Written by bench/reporting.py: POST one valid report, again and again.
wrk.method = "POST"
wrk.body = [[{body}]]
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer {token}"
"""


def _mib(n: float) -> str:
    return f"{n / 1024:g} GiB" if n >= 1024 and n % 1024 == 0 else f"{n:g} MiB"


def _tool(name: str) -> str:
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/bin")
    if found is None:
        raise SystemExit(f"the reporting benchmark needs {name}: {TOOLS_HINT}")
    return found


def _pid_of(name: str) -> int | None:
    with contextlib.suppress(OSError, ValueError):
        return int((PID_DIR / f"{name}.pid").read_text().strip())
    return None


# --- processes ---


async def _wait_ready(name: str, url: str, process: asyncio.subprocess.Process) -> None:
    deadline = time.monotonic() + 90
    last = "no answer"
    async with httpx.AsyncClient(timeout=5) as client:
        while time.monotonic() < deadline:
            if process.returncode is not None:
                last = f"exited with {process.returncode}"
                break
            try:
                response = await client.get(url + "/readyz")
                if response.status_code == 200:
                    return
                last = f"{response.status_code} {response.text[:300]}"
            except httpx.HTTPError as exc:
                last = repr(exc)
            await asyncio.sleep(0.3)
    log_path = RUN_DIR / "log" / f"{name}.log"
    tail = "\n".join(log_path.read_text(errors="replace").splitlines()[-30:])
    raise RuntimeError(f"{name} is not ready at {url} ({last}); {log_path}:\n{tail}")


@dataclass
class Services:
    gateway_url: str
    reporting_url: str
    gateway_pid: int
    reporting_pid: int


def _upload_bytes() -> int:
    return UPLOAD_MIB * MIB


@contextlib.asynccontextmanager
async def _services(gateway_db: str, reporting_db: str) -> AsyncIterator[Services]:
    gateway_port, reporting_port = free_port(), free_port()
    gateway_url = f"http://127.0.0.1:{gateway_port}"
    reporting_url = f"http://127.0.0.1:{reporting_port}"
    size = _upload_bytes()
    defaults = ReportingSettings()
    # Every upload of the run is one citizen's, each to a report of its own.
    uploads = 2 * UPLOAD_ROUNDS * size + 2 * WARMUP_UPLOAD_MIB * MIB
    reporting_env = {
        "REPORTING_DATABASE_URL": reporting_db,
        "REPORTING_JWKS_URL": f"{gateway_url}/.well-known/jwks.json",
        "REPORTING_RUN_WORKERS": "false",
        "REPORTING_EVIDENCE_BUCKET": BUCKETS[0],
        "REPORTING_DERIVATIVES_BUCKET": BUCKETS[1],
        "REPORTING_STAGING_BUCKET": BUCKETS[2],
        # The shipped limits, or the file's size if it is larger (BENCH_REPORTING_UPLOAD_MIB).
        "REPORTING_MAX_VIDEO_BYTES": str(max(defaults.max_video_bytes, size)),
        "REPORTING_MAX_REPORT_BYTES": str(max(defaults.max_report_bytes, size)),
        "REPORTING_MAX_UPLOADER_BYTES_PER_DAY": str(
            max(defaults.max_uploader_bytes_per_day, uploads)
        ),
    }
    run = uuid.uuid4().hex[:8]
    gateway_env = {
        "GATEWAY_DATABASE_URL": gateway_db,
        "GATEWAY_REDIS_URL": REDIS_URL,
        "GATEWAY_REDIS_PREFIX": f"peelian:bench:{run}:",
        "GATEWAY_UPSTREAMS": orjson.dumps(
            {**DEFAULT_UPSTREAMS, "reporting": reporting_url}
        ).decode(),
        # In the path, never tripped (one principal, one address).
        "GATEWAY_RATE_LIMIT_DEFAULT": "1000000/60",
        "GATEWAY_RATE_LIMIT_UPLOAD": "1000000/60",
        "GATEWAY_RATE_LIMIT_AUTH": "1000/60",
        # The body holds the file plus its multipart framing (for a file larger than the
        # default limit, which leaves 1 MiB of room above 1 GiB).
        "GATEWAY_BODY_LIMIT_UPLOAD": str(max(GatewaySettings().body_limit_upload, size + MIB)),
        "GATEWAY_ACCESS_TOKEN_TTL": str(3 * 3600),
        "GATEWAY_RUN_WORKERS": "false",
    }
    async with contextlib.AsyncExitStack() as stack:
        gateway = await stack.enter_async_context(
            child_process(
                RUN_DIR / "log" / "gateway.log",
                uvicorn_argv("gateway.main:create_app", gateway_port),
                gateway_env,
            )
        )
        reporting = await stack.enter_async_context(
            child_process(
                RUN_DIR / "log" / "reporting.log",
                uvicorn_argv("reporting.main:create_app", reporting_port),
                reporting_env,
            )
        )
        await _wait_ready("gateway", gateway_url, gateway)
        await _wait_ready("reporting", reporting_url, reporting)
        yield Services(gateway_url, reporting_url, gateway.pid, reporting.pid)


async def _citizen_token(gateway_url: str) -> str:
    """A citizen's access token, got through the gateway as a citizen gets one."""
    email = f"bench-{uuid.uuid4().hex[:8]}@students.example.ac.uk"
    password = secrets.token_urlsafe(18)
    async with httpx.AsyncClient(base_url=gateway_url, timeout=30) as client:
        registered = await client.post(
            "/accounts", json={"email": email, "password": password, "display_name": "Bench"}
        )
        if registered.status_code != 201:
            raise RuntimeError(f"registering failed: {registered.status_code} {registered.text}")
        granted = await client.post(
            "/auth/token", data={"grant_type": "password", "username": email, "password": password}
        )
        if granted.status_code != 200:
            raise RuntimeError(f"signing in failed: {granted.status_code} {granted.text}")
        token: str = granted.json()["access_token"]
        return token


def _report_body() -> dict[str, Any]:
    occurred = datetime.now(UTC) - timedelta(hours=2)
    return {
        "category": CATEGORY,
        "description": "Loud music and shouting outside the halls every night after midnight",
        "occurred_at": occurred.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "latitude": 51.4889,
        "longitude": -3.1787,
    }


async def _new_report(client: httpx.AsyncClient, url: str, token: str) -> str:
    response = await client.post(
        url + "/reports", json=_report_body(), headers={"Authorization": f"Bearer {token}"}
    )
    if response.status_code != 201:
        raise RuntimeError(f"POST {url}/reports: {response.status_code} {response.text[:500]}")
    report_id: str = response.json()["id"]
    return report_id


# --- CPU and memory while something runs ---


def _cpu_seconds() -> dict[int, tuple[int, float]]:
    """pid -> (parent pid, CPU seconds of the process and of the children it has reaped).
    Reaped children count: PostgreSQL's backends come and go (the pool's overflow
    connections), and a backend's time moves to the postmaster when it exits."""
    tick = os.sysconf("SC_CLK_TCK")
    table = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # After the command: state, ppid, ..., utime, stime, cutime, cstime (11-14).
        table[int(entry.name)] = (int(fields[1]), sum(int(f) for f in fields[11:15]) / tick)
    return table


@dataclass(frozen=True)
class Usage:
    elapsed: float
    cpu: dict[str, float]  # role -> share of one core

    @property
    def disturbance(self) -> float:
        return self.cpu["others"] + self.cpu["steal"]

    @property
    def mark(self) -> str:
        return "*" if self.disturbance > MAX_OTHERS else ""


@dataclass
class Patience:
    """Seconds left for waiting for quiet moments."""

    left: float = PATIENCE
    waited: float = 0.0

    async def wait_for_quiet(self) -> None:
        """Until the machine's busy time over one second (our processes idle between runs,
        so it is other processes' and the hypervisor's) is under ``MAX_OTHERS`` of a core."""
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


class CpuWatch:
    """CPU shares of the given processes (with their children), of this process and its
    reaped children (wrk, curl; or the SDK's threads), and of everything else."""

    def __init__(self, pids: dict[str, int]) -> None:
        self.pids = pids
        self._before = _cpu_seconds()
        self._busy = _machine_busy_seconds()
        self._own = _own_and_children_seconds()
        self._started = time.monotonic()

    def stop(self) -> Usage:
        elapsed = time.monotonic() - self._started
        after, busy, own = _cpu_seconds(), _machine_busy_seconds(), _own_and_children_seconds()
        cpu = {
            role: (_tree_cpu(after, pid) - _tree_cpu(self._before, pid)) / elapsed
            for role, pid in self.pids.items()
        }
        cpu["client+bench"] = (own - self._own) / elapsed
        cpu["others"] = max(0.0, (busy[0] - self._busy[0]) / elapsed - sum(cpu.values()))
        cpu["steal"] = (busy[1] - self._busy[1]) / elapsed
        return Usage(elapsed, cpu)


def _status_kib(pid: int, field_name: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field_name + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field_name} in /proc/{pid}/status")


def _reset_peak(pid: int) -> None:
    """Reset the process's peak RSS (VmHWM) to its current RSS."""
    Path(f"/proc/{pid}/clear_refs").write_text("5")


class RssWatch:
    """Peak RSS growth of processes over their RSS when the watch started, in MiB."""

    def __init__(self, pids: dict[str, int]) -> None:
        self.pids = pids
        self.before: dict[str, float] = {}
        self.peak: dict[str, float] = {}
        self._task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> RssWatch:
        for role, pid in self.pids.items():
            _reset_peak(pid)
            self.before[role] = _status_kib(pid, "VmRSS") / 1024
            self.peak[role] = self.before[role]
        self._task = asyncio.create_task(self._sample())
        return self

    async def _sample(self) -> None:
        while True:
            for role, pid in self.pids.items():
                self.peak[role] = max(self.peak[role], _status_kib(pid, "VmRSS") / 1024)
            await asyncio.sleep(RSS_SAMPLE_SECONDS)

    async def __aexit__(self, *exc: object) -> None:
        assert self._task is not None
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        for role, pid in self.pids.items():
            self.peak[role] = max(self.peak[role], _status_kib(pid, "VmHWM") / 1024)

    def growth(self, role: str) -> float:
        return self.peak[role] - self.before[role]


# --- 1. report submissions ---


@dataclass
class Target:
    name: str
    url: str
    script: Path
    pids: dict[str, int]
    runs: dict[int, list[tuple[WrkResult, Usage]]] = field(default_factory=dict)

    def median(self, connections: int, attribute: str) -> float:
        return statistics.median(getattr(r, attribute) for r, _ in self.runs[connections])

    def median_cpu(self, connections: int) -> dict[str, float]:
        usages = [u for _, u in self.runs[connections]]
        return {role: statistics.median(u.cpu[role] for u in usages) for role in usages[0].cpu}


async def _wrk(target: Target, connections: int, seconds: int) -> tuple[WrkResult, Usage]:
    await PATIENT.wait_for_quiet()
    argv = [
        _tool("wrk"),
        "-t1",
        f"-c{connections}",
        f"-d{seconds}s",
        "--latency",
        "--timeout",
        "10s",
        "-s",
        str(target.script),
        target.url,
    ]
    watch = CpuWatch(target.pids)
    process = await asyncio.create_subprocess_exec(
        *argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    output, _ = await process.communicate()
    usage = watch.stop()
    text = output.decode()
    if process.returncode != 0:
        raise RuntimeError(f"wrk failed ({process.returncode}) against {target.name}:\n{text}")
    result = parse_wrk(text)  # refuses runs with any answer but a 2xx
    target.runs.setdefault(connections, []).append((result, usage))
    return result, usage


def _scripts(token: str) -> tuple[Path, Path]:
    """wrk scripts: POST a report, and GET with the token."""
    post, get = RUN_DIR / "report.lua", RUN_DIR / "get.lua"
    post.write_text(REPORT_LUA.format(body=orjson.dumps(_report_body()).decode(), token=token))
    get.write_text(f'wrk.headers["Authorization"] = "Bearer {token}"\n')
    return post, get


def _pids(services: Services, gateway: bool) -> dict[str, int]:
    pids = {"reporting": services.reporting_pid}
    if gateway:
        pids["gateway"] = services.gateway_pid
    for name in ("postgres", "redis") if gateway else ("postgres",):
        if (pid := _pid_of(name)) is not None:
            pids[name] = pid
    return pids


async def _submissions(services: Services, token: str) -> tuple[list[Target], list[Target]]:
    """The throughput runs (direct, through the gateway), then the one-connection ladder."""
    post, get = _scripts(token)
    direct_pids, gateway_pids = _pids(services, False), _pids(services, True)
    direct = Target("direct", services.reporting_url + "/reports", post, direct_pids)
    through = Target("gateway", services.gateway_url + "/reports", post, gateway_pids)
    targets = [direct, through]
    async with httpx.AsyncClient(timeout=30) as client:
        for url in (services.reporting_url, services.gateway_url):  # a 201 each way first
            await _new_report(client, url, token)
    for target in targets:  # connections, pools, caches
        await _wrk(target, max(CONNECTIONS), WARMUP_SECONDS)
        target.runs.clear()
    # Throughput at each connection count, and latency at one connection.
    loads = [(c, SECONDS) for c in CONNECTIONS] + [(1, LADDER_SECONDS)]
    for round_ in range(ROUNDS):
        for i, (connections, seconds) in enumerate(loads):
            shift = (round_ + i) % len(targets)
            for target in targets[shift:] + targets[:shift]:
                await _wrk(target, connections, seconds)
        print(f"reporting benchmark: submissions round {round_ + 1}/{ROUNDS} done", flush=True)
    # Cheaper routes of the same service, one request at a time, for comparison.
    ladder = [
        Target("GET /healthz, direct", services.reporting_url + "/healthz", get, direct_pids),
        Target("GET /categories, direct", services.reporting_url + "/categories", get, direct_pids),
    ]
    for target in ladder:
        await _wrk(target, 1, LADDER_SECONDS)
    return targets, ladder


# --- 2. the upload ---


def _write_file(path: Path, size: int) -> str:
    """An MP4 header then pseudo-random bytes (no two blocks alike); returns its SHA-256."""
    block = bytearray(random.Random(size).randbytes(GENERATE_BLOCK))
    digest = hashlib.sha256()
    with path.open("wb") as out:
        written = 0
        number = 0
        while written < size:
            block[:8] = number.to_bytes(8, "big")
            if number == 0:
                block[: len(MP4_HEADER)] = MP4_HEADER
            piece = memoryview(block)[: min(GENERATE_BLOCK, size - written)]
            out.write(piece)
            digest.update(piece)
            written += len(piece)
            number += 1
    return digest.hexdigest()


@dataclass(frozen=True)
class UploadFile:
    path: Path
    size: int
    sha256: str


@dataclass
class UploadRun:
    path: str  # raw, gateway, direct
    round: int  # 0: the warm-up
    size: int
    seconds: float
    usage: Usage
    before_mib: dict[str, float]
    growth_mib: dict[str, float]

    @property
    def mib_per_s(self) -> float:
        return self.size / MIB / self.seconds


RAW_PUT = "raw-put"
SDK = "SDK client"  # the raw PUT's process


def _raw_put(path: str, key: str) -> None:
    """The raw PUT, in a process of its own (``python -m bench.reporting raw-put PATH KEY``),
    so that its memory and CPU are the SDK's alone: the file PUT into the evidence bucket with
    the service's own client settings and part size, one part at a time (as the service sends
    them). Connects, says "ready", PUTs on "go", says "done", and exits when its input ends
    (after its peak RSS has been read)."""
    client = ObjectStore.from_settings(ReportingSettings()).client
    client.bucket_exists(BUCKETS[0])  # connected before the clock starts
    print("ready", flush=True)
    sys.stdin.readline()
    client.fput_object(
        BUCKETS[0],
        key,
        path,
        content_type="video/mp4",
        part_size=PART_BYTES,
        num_parallel_uploads=1,
    )
    print("done", flush=True)
    sys.stdin.read()


@dataclass(frozen=True)
class RawPut:
    process: asyncio.subprocess.Process
    key: str


@dataclass
class Uploader:
    services: Services
    token: str
    store: ObjectStore
    client: httpx.AsyncClient

    async def raw_client(self, file: UploadFile) -> RawPut:
        """The baseline's client, started and connected: see ``_raw_put``."""
        key = f"bench-raw/{uuid.uuid4()}.mp4"
        argv = [sys.executable, "-m", "bench.reporting", RAW_PUT, str(file.path), key]
        process = await asyncio.create_subprocess_exec(
            *argv, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )
        assert process.stdout is not None
        if await process.stdout.readline() != b"ready\n":
            await process.wait()
            raise RuntimeError(f"the raw PUT's process failed ({process.returncode})")
        return RawPut(process, key)

    async def raw(self, put: RawPut, file: UploadFile) -> None:
        assert put.process.stdin is not None
        assert put.process.stdout is not None
        put.process.stdin.write(b"go\n")
        await put.process.stdin.drain()
        if not (await put.process.stdout.readline()).startswith(b"done"):
            await put.process.wait()
            raise RuntimeError(f"the raw PUT failed ({put.process.returncode})")
        stat = await asyncio.to_thread(self.store.client.stat_object, BUCKETS[0], put.key)
        if stat.size != file.size:
            raise RuntimeError(f"the raw PUT stored {stat.size} bytes of {file.size}")

    async def multipart(self, base_url: str, file: UploadFile) -> None:
        """The file as multipart/form-data, streamed from disk by curl, to a new report."""
        report_id = await _new_report(self.client, self.services.gateway_url, self.token)
        headers = RUN_DIR / "headers.txt"
        headers.write_text(f"Authorization: Bearer {self.token}\n")
        answer = RUN_DIR / "upload-answer.json"
        argv = [
            _tool("curl"),
            "-sS",
            "--max-time",
            "900",
            "-o",
            str(answer),
            "-w",
            "%{http_code}",
            "-H",
            f"@{headers}",
            # No "Expect: 100-continue" round trip: browsers do not send it.
            "-H",
            "Expect:",
            "-F",
            f"file=@{file.path};type=video/mp4;filename=bench.mp4",
            f"{base_url}/reports/{report_id}/evidence",
        ]
        process = await asyncio.create_subprocess_exec(
            *argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        out, err = await process.communicate()
        status = out.decode().strip()
        body = answer.read_text(errors="replace") if answer.exists() else ""
        if process.returncode != 0 or status != "201":
            raise RuntimeError(
                f"upload to {base_url} failed: curl exit {process.returncode}, HTTP {status}, "
                f"{err.decode(errors='replace')[:500]} {body[:1000]}"
            )
        [stored] = orjson.loads(body)
        if (stored["size_bytes"], stored["sha256"], stored["content_type"]) != (
            file.size,
            file.sha256,
            "video/mp4",
        ):
            raise RuntimeError(f"the service stored something else: {stored}")


async def _measure_upload(
    uploader: Uploader, path: str, file: UploadFile, round_: int
) -> UploadRun:
    services = uploader.services
    memory = {"reporting": services.reporting_pid, "gateway": services.gateway_pid}
    cpu = {"reporting": services.reporting_pid, "gateway": services.gateway_pid}
    if (minio := _pid_of("minio")) is not None:
        cpu["minio"] = minio
    # Each upload starts with the earlier ones' writes on disk, in a quiet moment.
    await asyncio.to_thread(os.sync)
    await PATIENT.wait_for_quiet()
    put: RawPut | None = None
    upload: Callable[[], Awaitable[None]]
    if path == "raw":
        put = await uploader.raw_client(file)
        memory[SDK] = cpu[SDK] = put.process.pid
        upload = partial(uploader.raw, put, file)
    else:
        base_url = services.gateway_url if path == "gateway" else services.reporting_url
        upload = partial(uploader.multipart, base_url, file)
    try:
        async with RssWatch(memory) as rss:
            watch = CpuWatch(cpu)
            started = time.monotonic()
            await upload()
            seconds = time.monotonic() - started
            usage = watch.stop()
    finally:
        if put is not None:
            assert put.process.stdin is not None
            put.process.stdin.close()
            await put.process.wait()
    growth = {role: rss.growth(role) for role in memory}
    return UploadRun(path, round_, file.size, seconds, usage, rss.before, growth)


async def _uploads(services: Services, token: str, store: ObjectStore) -> list[UploadRun]:
    RUN_DIR.mkdir(parents=True, exist_ok=True)
    big = RUN_DIR / "upload.mp4"
    small = RUN_DIR / "warmup.mp4"
    try:
        started = time.monotonic()
        size = _upload_bytes()
        file = UploadFile(big, size, await asyncio.to_thread(_write_file, big, size))
        warm = WARMUP_UPLOAD_MIB * MIB
        warmup = UploadFile(small, warm, await asyncio.to_thread(_write_file, small, warm))
        print(
            f"reporting benchmark: {_mib(UPLOAD_MIB)} file written in "
            f"{time.monotonic() - started:.1f} s",
            flush=True,
        )
        async with httpx.AsyncClient(timeout=60) as client:
            uploader = Uploader(services, token, store, client)
            paths = ["raw", "gateway", "direct"]
            runs = [await _measure_upload(uploader, path, warmup, 0) for path in paths]
            for round_ in range(1, UPLOAD_ROUNDS + 1):
                shift = round_ % len(paths)
                for path in paths[shift:] + paths[:shift]:
                    run = await _measure_upload(uploader, path, file, round_)
                    runs.append(run)
                    print(
                        f"reporting benchmark: upload {path}: {run.mib_per_s:.0f} MiB/s",
                        flush=True,
                    )
        return runs
    finally:
        big.unlink(missing_ok=True)
        small.unlink(missing_ok=True)


def _remove_buckets(client: Minio) -> None:
    """Remove the benchmark's buckets and every version in them (bypassing GOVERNANCE
    retention, as the store's root user may)."""
    for bucket in BUCKETS:
        if not client.bucket_exists(bucket):
            continue
        versions = [
            DeleteObject(o.object_name, o.version_id)
            for o in client.list_objects(bucket, recursive=True, include_version=True)
            if o.object_name is not None
        ]
        errors = list(client.remove_objects(bucket, versions, bypass_governance_mode=True))
        if errors:
            raise RuntimeError(f"could not empty {bucket}: {errors[:3]}")
        client.remove_bucket(bucket)


# --- the benchmark ---


async def submissions_and_upload() -> list[Row]:
    for tool in ("wrk", "curl"):
        _tool(tool)
    (RUN_DIR / "log").mkdir(parents=True, exist_ok=True)
    load_before = os.getloadavg()
    started = time.monotonic()
    store = ObjectStore.from_settings(ReportingSettings())
    await asyncio.to_thread(_remove_buckets, store.client)  # an interrupted run's
    try:
        async with (
            scratch_database(GATEWAY_ALEMBIC) as gateway_db,
            scratch_database(REPORTING_ALEMBIC) as reporting_db,
        ):
            await seed_areas(reporting_db)  # reports are placed in areas, as in production
            urls = [
                db.engine.url.render_as_string(hide_password=False)
                for db in (gateway_db, reporting_db)
            ]
            async with _services(*urls) as services:
                token = await _citizen_token(services.gateway_url)
                idle = {
                    "reporting": _status_kib(services.reporting_pid, "VmRSS") / 1024,
                    "gateway": _status_kib(services.gateway_pid, "VmRSS") / 1024,
                }
                targets, ladder = await _submissions(services, token)
                uploads = await _uploads(services, token, store)
    finally:
        await asyncio.to_thread(_remove_buckets, store.client)
    NOTES.append(_notes(targets, ladder, uploads, load_before, idle, time.monotonic() - started))
    return _rows(targets, ladder, uploads)


# --- the table ---


def _cpu_text(cpu: dict[str, float]) -> str:
    return ", ".join(f"{role} {share:.0%}" for role, share in cpu.items())


def _label() -> str:
    return _mib(UPLOAD_MIB)


def _rows(targets: list[Target], ladder: list[Target], uploads: list[UploadRun]) -> list[Row]:
    direct, through = targets
    rows: list[Row] = []
    for c in CONNECTIONS:
        measure = f"reports/s, wrk -c{c} (p50 / p99 ms)"

        def loaded(t: Target, c: int = c) -> str:
            return (
                f"{t.median(c, 'rps'):,.0f} (p50 {t.median(c, 'p50_ms'):.2f} / "
                f"p99 {t.median(c, 'p99_ms'):.2f})"
            )

        rows.append(Row("reporting: submit, direct", measure, loaded(direct), "-", "-", "-"))
        rows.append(
            Row(
                "reporting: submit, through the gateway",
                measure + " vs direct",
                loaded(through),
                f"{direct.median(c, 'rps'):,.0f} (direct)",
                f"{through.median(c, 'rps') / direct.median(c, 'rps'):.2f}",
                "-",
            )
        )
    p50_direct, p50_gateway = direct.median(1, "p50_ms"), through.median(1, "p50_ms")
    rows.append(
        Row(
            "reporting: submit, through the gateway",
            "latency ms, wrk -c1 (p50 / p99)",
            f"{p50_gateway:.2f} / {through.median(1, 'p99_ms'):.2f}",
            f"{p50_direct:.2f} / {direct.median(1, 'p99_ms'):.2f} (direct)",
            f"{p50_gateway - p50_direct:+.2f} ms",
            "-",
        )
    )

    def of(path: str) -> list[UploadRun]:
        return [u for u in uploads if u.path == path and u.round > 0]

    def speed(path: str) -> float:
        return statistics.median(u.mib_per_s for u in of(path))

    def seconds(path: str) -> float:
        return statistics.median(u.seconds for u in of(path))

    raw = speed("raw")
    rows.append(
        Row(
            f"reporting: {_label()} upload, raw S3 PUT (minio SDK)",
            "MiB/s (s)",
            f"{raw:,.0f} ({seconds('raw'):.1f} s)",
            "-",
            "-",
            "-",
        )
    )
    paths = (("gateway", "through the gateway"), ("direct", "direct to the service"))
    for path, name in paths:
        ratio = speed(path) / raw
        target = path == "gateway"
        rows.append(
            Row(
                f"reporting: {_label()} upload, {name}",
                "MiB/s (s) vs raw S3 PUT",
                f"{speed(path):,.0f} ({seconds(path):.1f} s)",
                f"{raw:,.0f} (raw S3 PUT)",
                f"{ratio:.2f}",
                f">= {MIN_UPLOAD_VS_RAW:.2f}" if target else "-",
                ratio >= MIN_UPLOAD_VS_RAW if target else None,
            )
        )
    sdk_growth = max(u.growth_mib[SDK] for u in of("raw"))
    for path, name in paths:
        worst = max(of(path), key=lambda u: u.growth_mib["reporting"])
        growth = worst.growth_mib["reporting"]
        gateway_growth = max(u.growth_mib["gateway"] for u in of(path))
        rows.append(
            Row(
                f"reporting: {_label()} upload, {name}",
                "peak RSS growth MiB: reporting service (gateway)",
                f"{growth:.1f} (gateway {gateway_growth:.1f})",
                f"{sdk_growth:.1f} (raw PUT: the SDK's process)",
                "-",
                f"<= {MAX_RSS_GROWTH_MIB:g} MiB",
                growth <= MAX_RSS_GROWTH_MIB,
            )
        )
    return rows


def _notes(
    targets: list[Target],
    ladder: list[Target],
    uploads: list[UploadRun],
    load_before: tuple[float, float, float],
    idle: dict[str, float],
    took: float,
) -> str:
    lines = [
        f"Reporting benchmark ({took:.0f} s in all): `POST /reports` by wrk -t1 for {SECONDS} s "
        f"at {', '.join(f'-c{c}' for c in CONNECTIONS)} per target, {ROUNDS} round(s) in "
        f"rotated order after a {WARMUP_SECONDS} s warm-up, with one request at a time "
        f"({LADDER_SECONDS} s each, below), medians; a {_label()} MP4 uploaded {UPLOAD_ROUNDS} "
        f"time(s) each way in rotated order after a {WARMUP_UPLOAD_MIB} MiB warm-up upload "
        f"each way (raw: `fput_object` with {PART_BYTES // MIB} MiB parts, one at a time), "
        "medians of MiB/s, the largest RSS growth. Load average before the run "
        f"{load_before[0]:.2f} / {load_before[1]:.2f} / {load_before[2]:.2f} (1/5/15 min); "
        f"runs waited {PATIENT.waited:.0f} s in all for other processes and the hypervisor "
        f"to take under {MAX_OTHERS:.0%} of a core; runs marked * were disturbed all the same. "
        f"RSS when idle, before any load: reporting {idle['reporting']:.0f} MiB, gateway "
        f"{idle['gateway']:.0f} MiB. CPU: share of one core each process (with its children) "
        "used during the run; 'client+bench': wrk or curl, and this process; 'SDK client': "
        "the raw PUT's process; 'others': every other process on the machine; 'steal': the "
        "hypervisor's other guests.",
        "",
        "| submissions | connections | reports/s per round | p50 / p99 ms per round "
        "| CPU (median round) |",
        "|---|---|---|---|---|",
    ]
    for t in targets:
        for c in [*CONNECTIONS, 1]:
            runs = t.runs[c]
            rps = ", ".join(f"{r.rps:,.0f}{u.mark}" for r, u in runs)
            lat = ", ".join(f"{r.p50_ms:.2f} / {r.p99_ms:.2f}" for r, _ in runs)
            lines.append(f"| {t.name} | {c} | {rps} | {lat} | {_cpu_text(t.median_cpu(c))} |")
    lines += [
        "",
        "| one request at a time (wrk -c1; medians) | req/s | p50 / p99 ms | CPU ms per request |",
        "|---|---|---|---|",
    ]
    names = ["POST /reports, direct", "POST /reports, through the gateway"]
    for name, t in [*zip(names, targets, strict=True), *((t.name, t) for t in ladder)]:
        rps = t.median(1, "rps")
        per_request = ", ".join(
            f"{role} {share * 1000 / rps:.2f}"
            for role, share in t.median_cpu(1).items()
            if role in t.pids
        )
        marks = "".join(u.mark for _, u in t.runs[1])
        lines.append(
            f"| {name}{marks} | {rps:,.0f} | {t.median(1, 'p50_ms'):.2f} / "
            f"{t.median(1, 'p99_ms'):.2f} | {per_request} |"
        )
    lines += [
        "",
        "| upload | round | MiB/s | s | RSS before MiB | peak RSS growth MiB | CPU |",
        "|---|---|---|---|---|---|---|",
    ]
    for u in uploads:
        before = ", ".join(f"{role} {mib:.0f}" for role, mib in u.before_mib.items())
        growth = ", ".join(f"{role} {mib:+.1f}" for role, mib in u.growth_mib.items())
        lines.append(
            f"| {u.path}{u.usage.mark} | {u.round or f'warm-up, {_mib(u.size // MIB)}'} | "
            f"{u.mib_per_s:,.0f} | "
            f"{u.seconds:.1f} | {before} | {growth} | {_cpu_text(u.usage.cpu)} |"
        )
    return "\n".join(lines)


if __name__ == "__main__" and sys.argv[1:2] == [RAW_PUT]:
    _raw_put(sys.argv[2], sys.argv[3])
