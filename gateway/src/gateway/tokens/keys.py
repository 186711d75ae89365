"""The key ring: the gateway's signing keys, the JWKS it publishes, and key rotation.

Every replica keeps the published keys in memory and re-reads them from the database on an
interval (and when a token names a key it has not seen), so a rotation made by one replica
reaches the others without a restart. A retired key stays published for one access-token
lifetime, so tokens it signed keep verifying until they expire: rotation needs no downtime.
"""

from __future__ import annotations

import asyncio
import secrets
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import orjson
import structlog
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from gateway.config import GatewaySettings
from gateway.tokens.models import SigningKey
from gateway.tokens.repository import SigningKeyRepository
from peelian.db.engine import Database
from peelian.errors import DependencyUnavailable

log = structlog.get_logger(__name__)

# Published keys outlive their last token by this much, for clock skew between services.
_SKEW = timedelta(seconds=60)
_UNKNOWN_KID_RELOAD_INTERVAL = 5.0


PrivateKey = Ed25519PrivateKey | ec.EllipticCurvePrivateKey


@dataclass(frozen=True)
class Signer:
    kid: str
    algorithm: str
    private_key: PrivateKey


def _generate(algorithm: str) -> PrivateKey:
    if algorithm == "ES256":
        return ec.generate_private_key(ec.SECP256R1())
    return Ed25519PrivateKey.generate()


def _public_jwk(private_key: PrivateKey, kid: str, algorithm: str) -> dict[str, Any]:
    if isinstance(private_key, ec.EllipticCurvePrivateKey):
        raw = jwt.algorithms.ECAlgorithm.to_jwk(private_key.public_key())
    else:
        raw = jwt.algorithms.OKPAlgorithm.to_jwk(private_key.public_key())
    return {**orjson.loads(raw), "kid": kid, "alg": algorithm, "use": "sig"}


class KeyRing:
    def __init__(self, database: Database, settings: GatewaySettings) -> None:
        self.database = database
        self.settings = settings
        self._passphrase = settings.signing_key_passphrase.get_secret_value().encode()
        self._published: dict[str, jwt.PyJWK] = {}
        self._jwks: dict[str, Any] = {"keys": []}
        self._signer: Signer | None = None
        self._unknown_kid_reload_at = float("-inf")
        self._lock = asyncio.Lock()

    # --- reading ---

    @property
    def signer(self) -> Signer:
        if self._signer is None:
            raise DependencyUnavailable(
                "the gateway has no signing key loaded yet: its database is unreachable"
            )
        return self._signer

    def jwks(self) -> dict[str, Any]:
        return self._jwks

    async def key(self, kid: str) -> jwt.PyJWK | None:
        """The published key ``kid``: what the verifier asks for."""
        if kid not in self._published:
            await self._reload_for_unknown_kid()
        return self._published.get(kid)

    # --- lifecycle ---

    async def start(self) -> None:
        """Make sure a current signing key exists (creating or rotating it), then load."""
        async with self.database.sessionmaker() as session, session.begin():
            repo = SigningKeyRepository(session)
            await repo.lock()
            active = await repo.active()
            max_age = self.settings.signing_key_max_age_days
            too_old = (
                active is not None
                and max_age > 0
                and active.created_at < datetime.now(UTC) - timedelta(days=max_age)
            )
            if active is None or too_old:
                await self._rotate(repo)
        await self.reload()

    async def rotate(self) -> str:
        """Make a new signing key current; the previous one stays published. Returns its kid."""
        async with self.database.sessionmaker() as session, session.begin():
            repo = SigningKeyRepository(session)
            await repo.lock()
            kid = await self._rotate(repo)
        await self.reload()
        return kid

    async def run_refresh(self) -> None:
        """Re-read the keys periodically (a rotation by another replica, expiry of old keys)."""
        while True:
            await asyncio.sleep(self.settings.key_ring_refresh_seconds)
            try:
                await self.reload()
            except Exception:
                log.exception("key_ring_reload_failed")

    async def _reload_for_unknown_kid(self) -> None:
        # A kid we don't know may be a rotation made by another replica: look in the database,
        # but at most once per interval, so made-up kids cannot make every request a query.
        if time.monotonic() - self._unknown_kid_reload_at < _UNKNOWN_KID_RELOAD_INTERVAL:
            return
        self._unknown_kid_reload_at = time.monotonic()
        try:
            await self.reload()
        except Exception as exc:  # the database is down: the kid stays unknown, the token 401s
            log.warning("key_ring_reload_failed", error=type(exc).__name__)

    async def reload(self) -> None:
        async with self._lock:
            keys = await self.published()
            self._published = {k.kid: jwt.PyJWK(k.public_jwk) for k in keys}
            self._jwks = {"keys": [k.public_jwk for k in keys]}
            active = next((k for k in keys if k.retired_at is None), None)
            if active is not None and (self._signer is None or self._signer.kid != active.kid):
                private = serialization.load_pem_private_key(active.private_pem, self._passphrase)
                if not isinstance(private, PrivateKey):
                    raise TypeError(f"signing key {active.kid} is not an Ed25519 or EC key")
                self._signer = Signer(active.kid, active.algorithm, private)

    async def published(self) -> Sequence[SigningKey]:
        """The keys whose tokens may still be live, newest first, from the database."""
        horizon = datetime.now(UTC) - timedelta(seconds=self.settings.access_token_ttl) - _SKEW
        async with self.database.sessionmaker() as session:
            return await SigningKeyRepository(session).published(horizon)

    # --- signing ---

    def sign(self, claims: dict[str, Any]) -> str:
        signer = self.signer
        return jwt.encode(
            claims, signer.private_key, algorithm=signer.algorithm, headers={"kid": signer.kid}
        )

    async def _rotate(self, repo: SigningKeyRepository) -> str:
        algorithm = self.settings.signing_algorithm
        now = datetime.now(UTC)
        kid = f"{now:%Y%m%d}-{secrets.token_hex(4)}"
        private = _generate(algorithm)
        pem = private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(self._passphrase),
        )
        await repo.add(
            SigningKey(
                kid=kid,
                algorithm=algorithm,
                private_pem=pem,
                public_jwk=_public_jwk(private, kid, algorithm),
                created_at=now,
            )
        )
        await repo.retire_all_but(kid, now)
        log.info("signing_key_rotated", kid=kid, algorithm=algorithm)
        return kid
