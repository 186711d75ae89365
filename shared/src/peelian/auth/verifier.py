"""JWT verification against the gateway's JWKS.

Only asymmetric algorithms are accepted and each key verifies only with its own algorithm, so
``alg=none`` and the HS256-with-the-public-key trick fail before any signature check.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any, Protocol

import httpx
import jwt
import orjson
import structlog

from peelian.auth.principal import Principal
from peelian.errors import Unauthorized

log = structlog.get_logger(__name__)

ALLOWED_ALGORITHMS = frozenset({"EdDSA", "ES256"})
_REQUIRED_CLAIMS = ["exp", "iat", "iss", "aud", "sub"]


class KeySource(Protocol):
    """Where a verifier finds the public key a token names."""

    async def key(self, kid: str) -> jwt.PyJWK | None: ...


class JWKSSource:
    """Keys by id, from a fixed JWKS document or fetched (and refreshed) from a URL."""

    def __init__(
        self,
        *,
        url: str | None = None,
        document: dict[str, Any] | None = None,
        http: httpx.AsyncClient | None = None,
        min_refresh_interval: float = 30.0,
    ) -> None:
        if (url is None) == (document is None):
            raise ValueError("give exactly one of url or document")
        self.url = url
        self.http = http
        self.min_refresh_interval = min_refresh_interval
        self._keys: dict[str, jwt.PyJWK] = {}
        self._fetched_at = float("-inf")
        self._lock = asyncio.Lock()
        if document is not None:
            self._keys = _parse(document)

    @classmethod
    def from_json(cls, raw: str) -> JWKSSource:
        return cls(document=orjson.loads(raw))

    async def key(self, kid: str) -> jwt.PyJWK | None:
        if kid not in self._keys and self.url is not None:
            await self._refresh()
        return self._keys.get(kid)

    async def _refresh(self) -> None:
        # An unknown kid may be a rotated key: refetch, but not more often than the interval,
        # so tokens with made-up kids cannot turn the service into a JWKS hammer.
        async with self._lock:
            if time.monotonic() - self._fetched_at < self.min_refresh_interval:
                return
            self._fetched_at = time.monotonic()
            assert self.url is not None
            assert self.http is not None
            try:
                response = await self.http.get(self.url, timeout=3.0)
                response.raise_for_status()
                self._keys = _parse(response.json())
            except (httpx.HTTPError, ValueError) as exc:
                log.warning("jwks_refresh_failed", url=self.url, error=repr(exc))


def _parse(document: dict[str, Any]) -> dict[str, jwt.PyJWK]:
    keys = {}
    for entry in document.get("keys", []):
        key = jwt.PyJWK(entry)
        if entry.get("kid") and key.algorithm_name in ALLOWED_ALGORITHMS:
            keys[entry["kid"]] = key
    return keys


class JWTVerifier:
    def __init__(self, keys: KeySource, *, issuer: str, audience: str, leeway: int = 0) -> None:
        self.keys = keys
        self.issuer = issuer
        self.audience = audience
        self.leeway = leeway

    async def verify(self, token: str) -> Principal:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.InvalidTokenError as exc:
            raise Unauthorized("malformed token") from exc
        alg, kid = header.get("alg"), header.get("kid")
        if alg not in ALLOWED_ALGORITHMS:
            raise Unauthorized(f"token algorithm {alg!r} is not accepted")
        if not isinstance(kid, str):
            raise Unauthorized("token has no key id")
        key = await self.keys.key(kid)
        if key is None:
            raise Unauthorized("token signed with an unknown key")
        if key.algorithm_name != alg:
            raise Unauthorized("token algorithm does not match its key")
        try:
            claims = jwt.decode(
                token,
                key=key,
                algorithms=[alg],
                audience=self.audience,
                issuer=self.issuer,
                leeway=self.leeway,
                options={"require": _REQUIRED_CLAIMS},
            )
            return Principal.from_claims(claims)
        except jwt.ExpiredSignatureError as exc:
            raise Unauthorized("token has expired") from exc
        except jwt.ImmatureSignatureError as exc:
            raise Unauthorized("token is not valid yet") from exc
        except jwt.InvalidAudienceError as exc:
            raise Unauthorized("token is not meant for this audience") from exc
        except jwt.InvalidIssuerError as exc:
            raise Unauthorized("token has an unknown issuer") from exc
        except (jwt.InvalidTokenError, ValueError, KeyError) as exc:
            raise Unauthorized("token is invalid") from exc
