"""The webhook worker: sends queued deliveries to partners' endpoints, signed.

It keeps up to ``webhook_concurrency`` deliveries in flight and claims more as each one ends
(no batch waits for its slowest member). Claims are fair: a partner never has more than
``webhook_concurrency_per_partner`` in flight across every replica, so a slow or failing
partner ties up its own share and nothing else. Each attempt is bounded by
``webhook_timeout_seconds``; a failure (a timeout, a refused connection, any answer but 2xx)
is retried after an exponential back-off with jitter, and after ``webhook_max_attempts`` the
delivery is dead-lettered until replayed. New deliveries wake the worker (NOTIFY from their
table's trigger); it also looks every ``webhook_poll_seconds``.

At least once: a claim is a lease. A worker that stops hands its unfinished deliveries back;
one that dies leaves them due again when the lease ends. Either way a partner may receive an
event twice, always with the same ``webhook-id``, on which it dedupes.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import asyncpg
import httpx
import orjson
import structlog
from cryptography.exceptions import InvalidTag
from fastapi import FastAPI
from prometheus_client import Counter, Histogram

from peelian.app import asyncpg_dsn
from peelian.asyncutils import wait_or_timeout
from peelian.db.engine import Database
from peelian.events.envelope import CONTENT_TYPE
from referrals.config import ReferralsSettings
from referrals.feed.service import render
from referrals.webhooks.models import DeliveryStatus
from referrals.webhooks.repository import Claimed, DeliveryRepository, Result
from referrals.webhooks.signing import SecretBox, signature_header

log = structlog.get_logger(__name__)

# The NOTIFY channel of the webhook_deliveries trigger (migration r001).
CHANNEL = "referrals_webhooks"
# Read at most this much of a partner's answer: only its status matters.
_MAX_ANSWER_BYTES = 64 * 1024
# A lease outlives the attempt's timeout by this much, for recording its outcome.
_LEASE_MARGIN_SECONDS = 30.0
USER_AGENT = "Peelian-Webhooks/1"

ATTEMPTS = Counter("peelian_webhook_attempts_total", "Webhook delivery attempts", ["outcome"])
DURATION = Histogram("peelian_webhook_attempt_seconds", "Duration of webhook delivery attempts")


def retry_delay(attempts: int, base: float, cap: float) -> float:
    """Exponential back-off with "equal jitter": between half and all of base * 2^(n-1),
    capped, so retries spread out yet always wait longer as failures go on."""
    ceiling = min(cap, base * 2.0 ** (attempts - 1))
    return ceiling / 2 + random.uniform(0, ceiling / 2)  # noqa: S311 (jitter, not security)


class WebhookWorker:
    def __init__(
        self,
        database: Database,
        http: httpx.AsyncClient,
        box: SecretBox,
        settings: ReferralsSettings,
    ) -> None:
        self.database = database
        self.http = http
        self.box = box
        self.settings = settings
        self._wake = asyncio.Event()
        self._stopping = asyncio.Event()
        self._in_flight: dict[asyncio.Task[None], Claimed] = {}
        # Attempts done, waiting to be recorded (None: the worker is stopping).
        self._results: asyncio.Queue[tuple[Result, asyncio.Future[None]] | None] = asyncio.Queue()

    def stop(self) -> None:
        self._stopping.set()
        self._wake.set()

    async def run(self) -> None:
        """Until :meth:`stop`: claim and send; then let the attempts in flight finish (for up
        to ``webhook_shutdown_grace_seconds``) and hand back those that did not."""
        listener = asyncio.create_task(self._listen(), name="referrals-webhooks-listen")
        recorder = asyncio.create_task(self._record(), name="referrals-webhooks-record")
        try:
            while not self._stopping.is_set():
                free = self.settings.webhook_concurrency - len(self._in_flight)
                self._wake.clear()
                claimed = await self._claim(free) if free > 0 else []
                for delivery in claimed:
                    task = asyncio.create_task(self._deliver(delivery))
                    self._in_flight[task] = delivery
                    task.add_done_callback(self._finished)
                if len(claimed) < free or free == 0:
                    await wait_or_timeout(self._wake, self.settings.webhook_poll_seconds)
        finally:
            listener.cancel()
            await self._wind_down()
            self._results.put_nowait(None)
            await recorder

    async def _claim(self, size: int) -> list[Claimed]:
        try:
            async with self.database.sessionmaker.begin() as session:
                return await DeliveryRepository(session).claim(
                    size,
                    self.settings.webhook_concurrency_per_partner,
                    self.settings.webhook_timeout_seconds + _LEASE_MARGIN_SECONDS,
                )
        except Exception as exc:  # the database is away: look again on the next round
            log.warning("webhook_claim_failed", error=repr(exc))
            return []

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._in_flight.pop(task, None)
        if not task.cancelled() and task.exception() is not None:
            log.error("webhook_delivery_crashed", error=repr(task.exception()))
        self._wake.set()

    async def _deliver(self, claimed: Claimed) -> None:
        """Attempt the delivery; its slot is free once the outcome is recorded (until then
        the database counts it in flight)."""
        result = await self.attempt(claimed)
        recorded = asyncio.get_running_loop().create_future()
        self._results.put_nowait((result, recorded))
        await recorded

    async def _record(self) -> None:
        """Record outcomes as they come, together what came meanwhile: one statement and one
        commit per batch, not per delivery."""
        stopping = False
        while not stopping:
            batch = [await self._results.get()]
            while not self._results.empty():
                batch.append(self._results.get_nowait())
            stopping = None in batch
            done = [item for item in batch if item is not None]
            if not done:
                continue
            try:
                async with self.database.sessionmaker.begin() as session:
                    recorded = await DeliveryRepository(session).record([r for r, _ in done])
                lost = [r.claimed.id for r, _ in done if r.claimed.id not in recorded]
                if lost:
                    log.warning("webhook_leases_lost", deliveries=[str(i) for i in lost])
            # The database is away: the leases run out and the deliveries go again.
            except Exception as exc:
                log.warning("webhook_record_failed", error=repr(exc), deliveries=len(done))
            for _, future in done:
                if not future.done():
                    future.set_result(None)

    async def attempt(self, claimed: Claimed) -> Result:
        """Send one delivery; what happened, and so what becomes of it."""
        body = orjson.dumps(render(claimed.envelope, claimed.agreement_fields))
        message_id = claimed.envelope["id"]
        timestamp = int(time.time())
        attempted_at = datetime.now(UTC)
        started = time.perf_counter()
        status_code: int | None = None
        error: str | None = None
        try:
            signature = signature_header(self._secrets(claimed), message_id, timestamp, body)
        except InvalidTag:
            # Sealed under another REFERRALS_SECRETS_KEY: retried, then dead-lettered, until
            # the partner rotates the endpoint's secret.
            error = "the endpoint's secret cannot be read: rotate it"
            return self._result(claimed, attempted_at, 0, status_code, error)
        headers = {
            "content-type": CONTENT_TYPE,
            "user-agent": USER_AGENT,
            "webhook-id": message_id,
            "webhook-timestamp": str(timestamp),
            "webhook-signature": signature,
        }
        try:
            async with asyncio.timeout(self.settings.webhook_timeout_seconds):
                status_code = await self._post(claimed.url, body, headers)
            if not 200 <= status_code < 300:
                error = f"the endpoint answered {status_code}"
        except TimeoutError:
            error = f"no answer within {self.settings.webhook_timeout_seconds:g} s"
        # Refused, reset, bad TLS...: the error's text may hold the URL (and a token in it).
        except httpx.HTTPError as exc:
            error = type(exc).__name__
        duration = time.perf_counter() - started
        DURATION.observe(duration)
        return self._result(claimed, attempted_at, duration, status_code, error)

    async def _post(self, url: str, body: bytes, headers: dict[str, str]) -> int:
        async with self.http.stream("POST", url, content=body, headers=headers) as response:
            read = 0
            async for chunk in response.aiter_raw():
                read += len(chunk)
                if read > _MAX_ANSWER_BYTES:
                    break
            return response.status_code

    def _secrets(self, claimed: Claimed) -> list[str]:
        valid = [self.box.open(claimed.secret)]
        expires = claimed.previous_secret_expires_at
        if claimed.previous_secret is not None and expires and expires > datetime.now(UTC):
            valid.append(self.box.open(claimed.previous_secret))
        return valid

    def _result(
        self,
        claimed: Claimed,
        attempted_at: datetime,
        duration: float,
        status_code: int | None,
        error: str | None,
    ) -> Result:
        next_attempt_at = None
        if error is None:
            status = DeliveryStatus.DELIVERED
        elif claimed.attempts >= self.settings.webhook_max_attempts:
            status = DeliveryStatus.DEAD
            log.warning(
                "webhook_dead_lettered",
                delivery_id=str(claimed.id),
                partner_id=str(claimed.partner_id),
                attempts=claimed.attempts,
            )
        else:
            status = DeliveryStatus.PENDING
            delay = retry_delay(
                claimed.attempts,
                self.settings.webhook_retry_base_seconds,
                self.settings.webhook_retry_cap_seconds,
            )
            next_attempt_at = attempted_at + timedelta(seconds=delay)
        ATTEMPTS.labels("delivered" if error is None else "failed").inc()
        return Result(
            claimed=claimed,
            attempted_at=attempted_at,
            duration_ms=round(duration * 1000),
            status_code=status_code,
            error=error,
            status=status,
            next_attempt_at=next_attempt_at,
        )

    async def _listen(self) -> None:
        """Wake on NOTIFY; reconnect after a lost connection (polling covers the gap)."""
        dsn = asyncpg_dsn(str(self.settings.database_url))
        while not self._stopping.is_set():
            try:
                conn = await asyncpg.connect(dsn, timeout=5)
                try:
                    await conn.add_listener(CHANNEL, lambda *_: self._wake.set())
                    while not conn.is_closed():
                        if await wait_or_timeout(self._stopping, 1):
                            return
                finally:
                    await conn.close(timeout=2)
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
                log.warning("webhook_listen_retry", error=repr(exc))
                await wait_or_timeout(self._stopping, 2)

    async def _wind_down(self) -> None:
        if not self._in_flight:
            return
        _, unfinished = await asyncio.wait(
            list(self._in_flight), timeout=self.settings.webhook_shutdown_grace_seconds
        )
        cut_short = [self._in_flight[task] for task in unfinished]
        for task in unfinished:
            task.cancel()
        await asyncio.gather(*unfinished, return_exceptions=True)
        if cut_short:
            async with self.database.sessionmaker.begin() as session:
                await DeliveryRepository(session).release(cut_short)
            log.info("webhook_deliveries_handed_back", count=len(cut_short))


@contextlib.asynccontextmanager
async def webhook_worker(app: FastAPI) -> AsyncIterator[None]:
    """Send webhook deliveries in the background (unless workers are off)."""
    settings: ReferralsSettings = app.state.settings
    if not settings.run_workers:
        yield
        return
    worker = WebhookWorker(
        app.state.database, app.state.webhook_http, app.state.secret_box, settings
    )
    task = asyncio.create_task(worker.run(), name="referrals-webhooks")
    try:
        yield
    finally:
        worker.stop()
        await task
