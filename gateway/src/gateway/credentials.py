"""Secrets the gateway hands out and checks: passwords, refresh tokens, reporter keys, client
secrets.

Passwords are chosen by people, so they are hashed with argon2id (slow on purpose, in a worker
thread so the event loop keeps serving). Everything else is generated here with 256 bits of
entropy, where a slow hash adds nothing: SHA-256 lets it be looked up by its digest.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

import anyio
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn  # type: ignore[import-untyped]

from gateway.config import GatewaySettings

MAX_PASSWORD_LENGTH = 128
# zxcvbn's score: 0 too guessable ... 4 very unguessable. 3 is "safely unguessable".
_MIN_STRENGTH = 3


def generate(prefix: str) -> str:
    """A new high-entropy secret; the prefix tells a leaked one's kind at a glance."""
    return f"{prefix}_{secrets.token_urlsafe(32)}"


def digest(secret: str) -> bytes:
    return hashlib.sha256(secret.encode()).digest()


def same(a: bytes, b: bytes) -> bool:
    return hmac.compare_digest(a, b)


def password_problem(password: str, *, min_length: int, personal: list[str]) -> str | None:
    """Why ``password`` is not acceptable, or None. ``personal``: the person's email and name,
    which a password must not lean on."""
    if len(password) < min_length:
        return f"the password must have at least {min_length} characters"
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"the password must have at most {MAX_PASSWORD_LENGTH} characters"
    result = zxcvbn(password, user_inputs=personal)
    if result["score"] < _MIN_STRENGTH:
        feedback = result["feedback"]
        hint = feedback["warning"] or "it is too easy to guess"
        advice = " ".join(feedback["suggestions"])
        return f"the password is too weak: {hint.rstrip('.')}. {advice}".strip()
    return None


class Passwords:
    """argon2id hashing with the deployment's cost settings."""

    def __init__(self, settings: GatewaySettings) -> None:
        self._hasher = PasswordHasher(
            time_cost=settings.argon2_time_cost,
            memory_cost=settings.argon2_memory_kib,
            parallelism=settings.argon2_parallelism,
        )
        # Verified against when an email is unknown, so that the answer takes as long as for a
        # known one and timing does not tell which emails have accounts.
        self._decoy = self._hasher.hash(secrets.token_urlsafe(16))

    async def hash(self, password: str) -> str:
        return await anyio.to_thread.run_sync(self._hasher.hash, password)

    async def verify(self, hashed: str | None, password: str) -> bool:
        def check() -> bool:
            try:
                return self._hasher.verify(hashed or self._decoy, password) and hashed is not None
            except (VerificationError, InvalidHashError):
                return False

        return await anyio.to_thread.run_sync(check)

    def needs_rehash(self, hashed: str) -> bool:
        return self._hasher.check_needs_rehash(hashed)
