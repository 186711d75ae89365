"""The benchmark harness: each benchmark returns rows, printed as a table and appended to
bench/RESULTS.md with the command, machine and commit that produced them.

Every figure is compared with a baseline measured in the same run on the same machine, so the
ratio means something even on a noisy shared machine where absolute numbers do not.
"""

from __future__ import annotations

import asyncio
import os
import platform
import socket
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import anyio
import asyncpg
from aiokafka.admin import AIOKafkaAdminClient

from peelian.db import migrations
from peelian.db.engine import Database

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"
ADMIN_URL = os.environ.get(
    "PEELIAN_ADMIN_POSTGRES_URL",
    f"postgresql://postgres@127.0.0.1:{os.environ.get('PEELIAN_PG_PORT', '5432')}/postgres",
)
KAFKA = os.environ.get("PEELIAN_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")


@dataclass(frozen=True)
class Row:
    benchmark: str
    measure: str
    ours: str
    baseline: str
    ratio: str
    target: str
    met: bool | None = None


Benchmark = Callable[[], Awaitable[list[Row]]]

# Free-text notes a benchmark adds for RESULTS.md (method, raw figures), written below the table.
NOTES: list[str] = []


@asynccontextmanager
async def scratch_database(alembic_ini: Path) -> AsyncIterator[Database]:
    """A migrated database that exists only for one benchmark."""
    name = f"bench_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(ADMIN_URL)
    await admin.execute(f'CREATE DATABASE "{name}"')
    url = ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://") + f"/{name}"
    await anyio.to_thread.run_sync(migrations.upgrade, alembic_ini, url)
    database = Database.from_url(url, pool_size=10)
    try:
        yield database
    finally:
        await database.dispose()
        await admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        await admin.close()


async def fresh_topics(prefix: str) -> None:
    """Delete the benchmarks' topics left by earlier runs, so no backlog skews a measurement."""
    admin = AIOKafkaAdminClient(bootstrap_servers=KAFKA)
    await admin.start()
    try:
        old = [t for t in await admin.list_topics() if t.startswith(prefix)]
        if old:
            await admin.delete_topics(old)
        while any(t.startswith(prefix) for t in await admin.list_topics()):
            await asyncio.sleep(0.2)
    finally:
        await admin.close()


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def render(rows: list[Row]) -> str:
    header = "| benchmark | measure | ours | baseline | ratio | target | met |"
    lines = [header, "|---|---|---|---|---|---|---|"]
    for r in rows:
        met = "-" if r.met is None else ("yes" if r.met else "**no**")
        cells = [r.benchmark, r.measure, r.ours, r.baseline, r.ratio, r.target, met]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def record(rows: list[Row]) -> None:
    table = render(rows)
    notes = "".join(f"\n{note}\n" for note in NOTES)
    print(table + "\n" + notes)
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    ).stdout.strip()
    command = "make bench" + (f" BENCH_ARGS='{' '.join(sys.argv[1:])}'" if sys.argv[1:] else "")
    mem_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    with RESULTS.open("a") as out:
        out.write(
            f"\n## {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, commit {commit or 'uncommitted'}\n\n"
            f"`{command}` on {os.cpu_count()} cores, {mem_gib:.0f} GiB, "
            f"Python {platform.python_version()}\n\n{table}\n{notes}"
        )


# --- processes: what every benchmark runs the apps (and tools) as ---


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def uvicorn_argv(app: str, port: int) -> list[str]:
    """An app as deploy/native/services.sh runs it: one uvicorn worker, uvloop, httptools."""
    return [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        app,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        "1",
        "--loop",
        "uvloop",
        "--http",
        "httptools",
        "--no-access-log",
        "--no-proxy-headers",
    ]


@asynccontextmanager
async def child_process(
    log_path: Path, argv: Sequence[str], env: dict[str, str] | None = None, stop_seconds: float = 20
) -> AsyncIterator[asyncio.subprocess.Process]:
    """A child process logging to ``log_path`` (this run only), stopped (TERM, then KILL after
    ``stop_seconds``) on exit."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as log_file:
        process = await asyncio.create_subprocess_exec(
            *argv,
            cwd=ROOT,
            env={**os.environ, **(env or {})},
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        yield process
    finally:
        if process.returncode is None:
            process.terminate()
            try:
                await asyncio.wait_for(process.wait(), stop_seconds)
            except TimeoutError:
                process.kill()
                await process.wait()
