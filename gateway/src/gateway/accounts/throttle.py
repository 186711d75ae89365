"""Login throttling: progressive delay, then a temporary lockout, per email address.

Counts are kept in Redis (shared by every gateway replica) under a keyed hash of the email,
and they are kept for unknown emails exactly as for known ones, so the answers never tell
whether an account exists. If Redis is unreachable, logins go on unthrottled (argon2's cost
still slows guessing) rather than nobody being able to sign in.
"""

from __future__ import annotations

import hashlib
import hmac
import time

import redis.asyncio as redis
import structlog

from gateway.config import GatewaySettings
from peelian.errors import TooManyRequests

log = structlog.get_logger(__name__)

# Atomically: count one more failure, remember when, keep the record for the lockout period.
_RECORD_FAILURE = """
local n = redis.call('HINCRBY', KEYS[1], 'failures', 1)
redis.call('HSET', KEYS[1], 'last', ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[2])
return n
"""


class LoginThrottle:
    def __init__(self, client: redis.Redis, settings: GatewaySettings) -> None:
        self.client = client
        self.settings = settings
        self._secret = settings.rate_limit_key_secret.get_secret_value().encode()
        self._record = client.register_script(_RECORD_FAILURE)

    def _key(self, email: str) -> str:
        mac = hmac.new(self._secret, email.encode(), hashlib.sha256).hexdigest()[:32]
        return f"{self.settings.redis_prefix}login:{mac}"

    def wait_after(self, failures: int) -> float:
        """Seconds an attempt must wait after the last of ``failures`` failed attempts."""
        s = self.settings
        if failures >= s.login_lockout_after:
            return float(s.login_lockout_seconds)
        if failures >= s.login_delay_after:
            return float(s.login_delay_base * 2 ** (failures - s.login_delay_after))
        return 0.0

    async def check(self, email: str) -> None:
        """Refuse the attempt (429 with Retry-After) while the email must wait."""
        try:
            state = await self.client.hgetall(self._key(email))
        except redis.RedisError as exc:
            log.warning("login_throttle_unavailable", error=type(exc).__name__)
            return
        if not state:
            return
        failures = int(state[b"failures"])
        remaining = float(state[b"last"]) + self.wait_after(failures) - time.time()
        if remaining <= 0:
            return
        if failures >= self.settings.login_lockout_after:
            message = "too many failed sign-in attempts: sign-in is locked for a while"
        else:
            message = "too many failed sign-in attempts: wait before trying again"
        raise TooManyRequests(message, retry_after=int(remaining) + 1)

    async def failed(self, email: str) -> None:
        try:
            await self._record(
                keys=[self._key(email)],
                args=[time.time(), self.settings.login_lockout_seconds],
            )
        except redis.RedisError as exc:
            log.warning("login_throttle_unavailable", error=type(exc).__name__)

    async def succeeded(self, email: str) -> None:
        try:
            await self.client.delete(self._key(email))
        except redis.RedisError as exc:
            log.warning("login_throttle_unavailable", error=type(exc).__name__)
