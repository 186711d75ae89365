"""The dashboard in a real browser against the whole platform: every Playwright spec in
dashboard/e2e (an officer's day, a supervisor's approvals, a partner's referrals, axe-core on
every screen, screenshots under dashboard/e2e-results/screenshots) runs in Debian's chromium
against the built dashboard served by the gateway. Real parts: the gateway and the five
services on real ports with their relays and consumers, each with a fresh database seeded as
`make up` seeds the reference deployment; PostgreSQL, Kafka, Redis and MinIO (evidence shows
through presigned URLs of the real store)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shlex
import signal
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import pytest
from sqlalchemy import text

from e2e_support import (
    ROOT,
    alembic_ini,
    app_settings,
    behind_gateway,
    eventually,
    gateway_settings,
    reporting_settings,
)
from gateway.main import create_app as create_gateway
from gateway.seed import seed as seed_gateway
from messaging.config import MessagingSettings
from messaging.main import create_app as create_messaging
from messaging.seed import seed as seed_messaging
from peelian.db.engine import Database
from peelian.settings import BaseServiceSettings
from peelian.testing.infra import Infra
from peelian.testing.plugin import CreateDatabase
from peelian.testing.serve import bound_socket, serve
from referrals.config import ReferralsSettings
from referrals.main import create_app as create_referrals
from referrals.seed import seed as seed_referrals
from reporting.main import create_app as create_reporting
from reporting.seed import seed as seed_reporting
from scheduling.config import SchedulingSettings
from scheduling.main import create_app as create_scheduling
from scheduling.seed import seed as seed_scheduling
from surveys.config import SurveysSettings
from surveys.main import create_app as create_surveys
from surveys.seed import seed as seed_surveys

pytestmark = pytest.mark.integration

DASHBOARD = ROOT / "dashboard"
# Every spec, one browser at a time (playwright.config.ts): generous, but a hung browser
# must not hang `make test` for ever.
PLAYWRIGHT_SECONDS = 30 * 60
# How much of Playwright's output a failure shows: its summary and the failed tests' errors.
OUTPUT_TAIL = 12_000


@dataclass(frozen=True)
class Platform:
    dashboard_url: str
    credentials_file: Path


@pytest.fixture
async def platform(
    infra: Infra, create_database: CreateDatabase, service_env: dict[str, Any], tmp_path: Path
) -> AsyncIterator[Platform]:
    if not (DASHBOARD / "dist" / "index.html").is_file():
        pytest.fail("the dashboard is not built (dashboard/dist): run `make dashboard` first")
    gateway_socket = bound_socket()
    gateway_url = f"http://127.0.0.1:{gateway_socket.getsockname()[1]}"
    common = behind_gateway(service_env, gateway_socket)
    suffix = uuid.uuid4().hex[:8]
    # Presigned evidence URLs name the store the seed wrote to, whatever this machine's
    # environment says the public endpoint of `make up`'s store is.
    reporting = await reporting_settings(
        infra, create_database, common, suffix, s3_public_endpoint=None
    )
    messaging = await app_settings(
        MessagingSettings, "messaging", create_database, common, suffix, public_base_url=gateway_url
    )
    surveys = await app_settings(SurveysSettings, "surveys", create_database, common, suffix)
    scheduling = await app_settings(
        SchedulingSettings,
        "scheduling",
        create_database,
        common,
        suffix,
        public_base_url=gateway_url,
    )
    referrals = await app_settings(ReferralsSettings, "referrals", create_database, common, suffix)
    gateway = gateway_settings(
        infra,
        await create_database("e2e_gateway", alembic_ini("gateway")),
        {},  # filled in below, once the services listen
        dashboard_dir=DASHBOARD / "dist",
        evidence_origin=f"{'https' if reporting.s3_secure else 'http'}://{reporting.s3_endpoint}",
        # Every spec signs in, and the browser makes all its calls, from this one address.
        rate_limit_auth="10000/60",
        rate_limit_default="100000/60",
    )

    # The reference deployment, as `make up` seeds it (deploy/native/services.sh seed).
    credentials = await seed_gateway(gateway, {})
    await seed_reporting(reporting, samples=True)
    await seed_messaging(messaging, samples=True)
    await seed_surveys(surveys, samples=True)
    await seed_scheduling(scheduling, samples=True)
    await seed_referrals(referrals)
    credentials_file = tmp_path / "seed-credentials.json"
    credentials_file.write_bytes(orjson.dumps(credentials))

    async with contextlib.AsyncExitStack() as stack:
        upstreams = {
            "reporting": await stack.enter_async_context(serve(create_reporting(reporting))),
            "messaging": await stack.enter_async_context(serve(create_messaging(messaging))),
            "surveys": await stack.enter_async_context(serve(create_surveys(surveys))),
            "scheduling": await stack.enter_async_context(serve(create_scheduling(scheduling))),
            "referrals": await stack.enter_async_context(serve(create_referrals(referrals))),
        }
        routed = gateway.model_copy(update={"upstreams": {**gateway.upstreams, **upstreams}})
        await stack.enter_async_context(serve(create_gateway(routed), sock=gateway_socket))
        await published(reporting, messaging, surveys, scheduling, referrals)
        yield Platform(f"{gateway_url}/dashboard/", credentials_file)


async def published(*apps: BaseServiceSettings) -> None:
    """Wait until every relay has sent what the seeds left in its outbox (and what consuming
    those events added), so the specs start from the settled state `make up` leaves."""
    databases = [Database.from_settings(app) for app in apps]

    async def drained() -> bool:
        for database in databases:
            async with database.sessionmaker() as session:
                if await session.scalar(text("SELECT count(*) FROM outbox WHERE sent_at IS NULL")):
                    return False
        return True

    try:
        await eventually(drained)
        # Twice: an event consumed just now may have written the next one.
        await asyncio.sleep(1)
        await eventually(drained)
    finally:
        for database in databases:
            await database.dispose()


async def run(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[int | None, str]:
    """Run ``command`` without blocking this event loop (it serves the platform the browser
    talks to); its exit code (None when it ran out of time) and its output."""
    # A session of its own, so that on timeout the browser and Playwright's workers go too.
    process = await asyncio.create_subprocess_exec(
        *command,
        cwd=cwd,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
        start_new_session=True,
    )
    assert process.stdout is not None
    output = bytearray()
    try:
        async with asyncio.timeout(PLAYWRIGHT_SECONDS):
            async for line in process.stdout:
                output += line
            return await process.wait(), output.decode(errors="replace")
    except TimeoutError:
        return None, output.decode(errors="replace")
    finally:
        if process.returncode is None:
            os.killpg(process.pid, signal.SIGKILL)
            await process.wait()


# Beyond the suite's 5 minutes: the platform's start and seed, then every spec.
@pytest.mark.timeout(PLAYWRIGHT_SECONDS + 5 * 60)
async def test_the_dashboard_specs_pass_in_chromium_against_the_platform(
    platform: Platform,
) -> None:
    if not (DASHBOARD / "node_modules" / ".bin" / "playwright").exists():
        pytest.fail("the dashboard's npm packages are not installed: run `make deps`")
    env = {
        **os.environ,
        "PEELIAN_DASHBOARD_URL": platform.dashboard_url,
        "PEELIAN_CREDENTIALS_FILE": str(platform.credentials_file),
    }
    # PEELIAN_PLAYWRIGHT_ARGS: one spec, another output folder... (docs/dashboard.md).
    extra = shlex.split(os.environ.get("PEELIAN_PLAYWRIGHT_ARGS", ""))
    # --no: never download a Playwright that the lock file did not install.
    code, output = await run(["npx", "--no", "playwright", "test", *extra], DASHBOARD, env)

    tail = output[-OUTPUT_TAIL:]
    assert code is not None, f"Playwright ran out of time ({PLAYWRIGHT_SECONDS} s):\n{tail}"
    assert code == 0, (
        f"browser tests failed (exit {code}); report: dashboard/e2e-results/report, "
        f"screenshots: dashboard/e2e-results/screenshots\n{tail}"
    )
