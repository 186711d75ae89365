"""Standard Webhooks signatures (https://www.standardwebhooks.com) and secrets at rest.

A secret is ``whsec_`` and 32 random bytes in base64. A delivery is signed as
``v1,<base64 HMAC-SHA256(secret bytes, "<webhook-id>.<webhook-timestamp>.<body>")>``; while a
rotated-out secret is still valid, ``webhook-signature`` carries one signature per secret,
space-separated, and a receiver accepts the message if any of them verifies.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from pydantic import SecretStr

SECRET_PREFIX = "whsec_"  # noqa: S105 (a prefix, not a secret)
_NONCE_BYTES = 12


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def sign(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(key, signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def signature_header(valid_secrets: list[str], message_id: str, timestamp: int, body: bytes) -> str:
    return " ".join(sign(s, message_id, timestamp, body) for s in valid_secrets)


class SecretBox:
    """Encrypts signing secrets for the database (AES-256-GCM): a copy of the database alone
    does not let anyone forge deliveries to partners."""

    def __init__(self, key: SecretStr) -> None:
        material = b"peelian-referrals-webhook-secrets:" + key.get_secret_value().encode()
        self._aead = AESGCM(hashlib.sha256(material).digest())

    def seal(self, secret: str) -> bytes:
        nonce = os.urandom(_NONCE_BYTES)
        return nonce + self._aead.encrypt(nonce, secret.encode(), None)

    def open(self, sealed: bytes) -> str:
        return self._aead.decrypt(sealed[:_NONCE_BYTES], sealed[_NONCE_BYTES:], None).decode()
