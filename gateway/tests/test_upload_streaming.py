"""A 1 GiB upload through a real gateway process to a real upstream process, never held whole:
the upstream's hash and size must match what was sent, and the gateway's peak memory must
barely move."""

from __future__ import annotations

import asyncio
import hashlib
import os
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import orjson
import pytest
from routing_support import closed_port

from peelian.testing.infra import Infra
from peelian.testing.tokens import TEST_AUDIENCE, TEST_ISSUER

pytestmark = pytest.mark.integration

HERE = Path(__file__).resolve().parent
MIB = 1024 * 1024
UPLOAD_SIZE = 1024 * MIB
CHUNK = MIB
RSS_BUDGET = 64 * MIB


def _peak_rss(pid: int) -> int:
    """VmHWM: the process's peak resident set size so far, in bytes."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no VmHWM in /proc status")


def _uvicorn(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
            [sys.executable, "-m", "uvicorn", *args, "--host", "127.0.0.1", "--log-level",
             "warning", "--no-access-log", "--loop", "uvloop", "--http", "httptools"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )  # fmt: skip


def _tail(log: Path) -> str:
    return log.read_text(errors="replace")[-3000:]


async def _wait_ready(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    async with httpx.AsyncClient() as client:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"{url} exited early:\n{_tail(log)}")
            try:
                await client.get(url, timeout=1)
                return
            except httpx.TransportError:
                await asyncio.sleep(0.2)
    raise TimeoutError(f"{url} did not answer:\n{_tail(log)}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture
def processes(
    infra: Infra, gateway_database_url: str, tmp_path: Path
) -> Iterator[tuple[str, subprocess.Popen[bytes], list[Path]]]:
    upstream_port, gateway_port = closed_port(), closed_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GATEWAY_", "PEELIAN_"))}
    upstream = _uvicorn(
        ["upload_upstream:app", "--app-dir", str(HERE), "--port", str(upstream_port)],
        env,
        tmp_path / "upstream.log",
    )
    routes = [
        {"prefix": "/healthz", "access": "public", "rate_class": "none"},
        {"prefix": "/evidence", "upstream": "evidence", "access": "public",
         "rate_class": "upload", "body_class": "upload"},
    ]  # fmt: skip
    gateway_env = {
        **env,
        "GATEWAY_ENVIRONMENT": "test",
        "GATEWAY_LOG_LEVEL": "WARNING",
        "GATEWAY_DATABASE_URL": gateway_database_url,
        "GATEWAY_REDIS_URL": infra.redis_url,
        "GATEWAY_REDIS_PREFIX": f"test:{uuid.uuid4().hex[:8]}:",
        "GATEWAY_KAFKA_BOOTSTRAP_SERVERS": infra.kafka_bootstrap,
        "GATEWAY_RUN_WORKERS": "false",
        "GATEWAY_JWT_ISSUER": TEST_ISSUER,
        "GATEWAY_JWT_AUDIENCE": TEST_AUDIENCE,
        "GATEWAY_UPSTREAMS": orjson.dumps({"evidence": f"http://127.0.0.1:{upstream_port}"}).decode(),
        "GATEWAY_ROUTES": orjson.dumps(routes).decode(),
        "GATEWAY_BODY_LIMIT_UPLOAD": str(2 * UPLOAD_SIZE),
    }  # fmt: skip
    gateway = _uvicorn(
        ["--factory", "gateway.main:create_app", "--port", str(gateway_port), "--no-proxy-headers"],
        gateway_env,
        tmp_path / "gateway.log",
    )
    try:
        yield (
            f"http://127.0.0.1:{gateway_port}",
            gateway,
            [tmp_path / "gateway.log", tmp_path / "upstream.log"],
        )
    finally:
        _stop(gateway)
        _stop(upstream)


class _Body:
    """UPLOAD_SIZE bytes made on the fly, hashed as they go out."""

    def __init__(self) -> None:
        self.sha256 = hashlib.sha256()
        self.sent = 0
        self._block = os.urandom(CHUNK)

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for i in range(UPLOAD_SIZE // CHUNK):
            # Each chunk differs, so a lost, doubled or reordered chunk changes the hash.
            chunk = i.to_bytes(8, "big") + self._block[8:]
            self.sha256.update(chunk)
            self.sent += len(chunk)
            yield chunk


async def test_one_gib_upload_streams_through_the_gateway(
    processes: tuple[str, subprocess.Popen[bytes], list[Path]],
) -> None:
    url, gateway, logs = processes
    await _wait_ready(f"{url}/healthz", gateway, logs[0])
    async with httpx.AsyncClient(base_url=url, timeout=120) as client:
        # Warm up: the pooled upstream connection and the proxy's code paths exist before
        # the peak is read.
        for _ in range(3):
            warm = await client.post("/evidence/warm-up", content=b"x" * MIB)
            assert warm.status_code == 200, warm.text
        before = _peak_rss(gateway.pid)

        body = _Body()
        started = time.monotonic()
        response = await client.post(
            "/evidence/upload",
            content=body,
            headers={"Content-Length": str(UPLOAD_SIZE), "Content-Type": "video/mp4"},
        )
        elapsed = time.monotonic() - started
        after = _peak_rss(gateway.pid)

    assert response.status_code == 200, response.text
    received = response.json()
    assert body.sent == UPLOAD_SIZE
    assert received == {"size": UPLOAD_SIZE, "sha256": body.sha256.hexdigest()}
    growth = after - before
    print(  # noqa: T201 (the measurement is the point of this test)
        f"\n1 GiB upload: {elapsed:.1f} s ({UPLOAD_SIZE / MIB / elapsed:.0f} MiB/s), "
        f"gateway peak RSS {before / MIB:.1f} -> {after / MIB:.1f} MiB (+{growth / MIB:.1f} MiB)"
    )
    assert growth < RSS_BUDGET
