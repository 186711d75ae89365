"""Rate limits in Redis, shared by every gateway replica.

The algorithm is GCRA (the generic cell rate algorithm, as in ATM networks and
``redis-cell``): each key holds one number, the theoretical arrival time (TAT) of the next
request. It was chosen over a sliding window because it is exact at the window's edges (a
fixed window lets 2N requests through around a boundary), needs one small string per key
instead of a sorted set of timestamps per request (a sliding log grows with the limit:
600/60 would keep 600 entries per client), and yields the exact wait for ``Retry-After``.
"count/seconds" allows a burst of ``count`` and then one request every ``seconds/count``.

One script checks the client address and the principal together and counts the request
against both only when both allow it, so a request costs one Redis round trip, and requests
refused by one key do not use up the other. Time is Redis's own clock, so replicas with
skewed clocks still agree.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import time
from dataclasses import dataclass

import redis.asyncio as redis
import structlog
from redis.exceptions import NoScriptError, RedisError

from gateway.config import GatewaySettings
from gateway.routing.table import RateClass

log = structlog.get_logger(__name__)

# KEYS: the keys to count against. ARGV[1]: emission interval (ms per request),
# ARGV[2]: burst window (ms: count * interval). Returns 0 (allowed) or the wait in ms.
_GCRA = """
local now_parts = redis.call('TIME')
local now = tonumber(now_parts[1]) * 1000 + tonumber(now_parts[2]) / 1000
local interval = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local wait = 0
local tats = {}
for i, key in ipairs(KEYS) do
  local tat = tonumber(redis.call('GET', key)) or now
  if tat < now then tat = now end
  local allow_at = tat + interval - window
  if allow_at > now and allow_at - now > wait then wait = allow_at - now end
  tats[i] = tat + interval
end
if wait > 0 then return math.ceil(wait) end
for i, key in ipairs(KEYS) do
  redis.call('SET', key, tostring(tats[i]), 'PX', math.ceil(tats[i] - now))
end
return 0
"""
_GCRA_SHA = hashlib.sha1(_GCRA.encode(), usedforsecurity=False).hexdigest()

# After a Redis failure, requests skip the limiter for this long instead of each waiting
# for its own timeout (and each logging it).
_FAILURE_BACKOFF = 1.0
_MAX_RATE = 1_000_000


@dataclass(frozen=True, slots=True)
class Limit:
    count: int
    seconds: float

    @classmethod
    def parse(cls, text: str) -> Limit:
        """ "count/seconds", e.g. "10/60"."""
        count, _, seconds = text.partition("/")
        limit = cls(int(count), float(seconds))
        if limit.count < 1 or limit.seconds <= 0:
            raise ValueError(f"a rate limit needs count >= 1 and seconds > 0, not {text!r}")
        # The script keeps times in milliseconds and expiries must be at least 1 ms: beyond a
        # million requests a second per key, keys would expire at once and Redis refuse them.
        if limit.count / limit.seconds > _MAX_RATE:
            raise ValueError(f"a rate limit may allow at most {_MAX_RATE:,} requests/s: {text!r}")
        return limit


class RateLimiter:
    def __init__(self, settings: GatewaySettings) -> None:
        self._prefix = settings.redis_prefix + "rl:"
        self._secret = settings.rate_limit_key_secret.get_secret_value().encode()
        limits = {
            RateClass.AUTH: Limit.parse(settings.rate_limit_auth),
            RateClass.DEFAULT: Limit.parse(settings.rate_limit_default),
            RateClass.UPLOAD: Limit.parse(settings.rate_limit_upload),
        }
        # Per class: (interval ms, window ms) as the script's arguments, precomputed.
        self._args = {
            cls: (limit.seconds * 1000 / limit.count, limit.seconds * 1000)
            for cls, limit in limits.items()
        }
        self.limits = limits
        self._skip_until = 0.0

    def ip_key(self, rate_class: RateClass, client_ip: str) -> str:
        # A keyed hash: the same address always lands on the same key, but nobody reading
        # Redis (or a dump of it) can recover the addresses without the secret.
        digest = hmac.new(self._secret, client_ip.encode(), hashlib.sha256).hexdigest()[:32]
        return f"{self._prefix}{rate_class}:ip:{digest}"

    def principal_key(self, rate_class: RateClass, subject: str) -> str:
        return f"{self._prefix}{rate_class}:sub:{subject}"

    async def check(
        self, client: redis.Redis, rate_class: RateClass, client_ip: str, subject: str | None
    ) -> float:
        """Count one request; 0 if allowed, else the seconds to wait. Class NONE is free."""
        args = self._args.get(rate_class)
        if args is None:
            return 0.0
        if self._skip_until and time.monotonic() < self._skip_until:
            return 0.0
        keys = [self.ip_key(rate_class, client_ip)]
        if subject is not None:
            keys.append(self.principal_key(rate_class, subject))
        try:
            try:
                wait_ms = await client.evalsha(_GCRA_SHA, len(keys), *keys, *args)
            except NoScriptError:
                wait_ms = await client.eval(_GCRA, len(keys), *keys, *args)
        except (RedisError, OSError) as exc:
            # Fail open: the limiter guards capacity and slows guessing, but refusing every
            # request while Redis is down would turn a cache outage into an outage of the
            # whole platform, emergency reports included. Sign-in throttling (also in Redis)
            # fails open too; argon2's cost still slows guessing. The log names the error
            # only (no address).
            self._skip_until = time.monotonic() + _FAILURE_BACKOFF
            log.warning("rate_limiter_unavailable", error=type(exc).__name__, detail=str(exc))
            return 0.0
        self._skip_until = 0.0
        return int(wait_ms) / 1000 if wait_ms else 0.0

    def retry_after(self, wait: float) -> int:
        return max(1, math.ceil(wait))
