"""Unsubscribe tokens: a subscription's id and an HMAC of it, in URL-safe base64.

Signed rather than stored: nothing is added to subscriptions, every message ever sent carries
a working link, and a copy of the database alone cannot forge one. Changing the secret
invalidates the links in messages already sent.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import uuid

from pydantic import SecretStr

# Binds the MAC to this use, so the secret cannot sign anything else by accident.
_CONTEXT = b"peelian.unsubscribe.v1:"
_MAC_BYTES = 16


def make_token(subscription_id: uuid.UUID, secret: SecretStr) -> str:
    raw = subscription_id.bytes + _mac(subscription_id, secret)
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def read_token(token: str, secret: SecretStr) -> uuid.UUID | None:
    """The subscription id a genuine token names; None for anything else."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (binascii.Error, ValueError):
        return None
    if len(raw) != 16 + _MAC_BYTES:
        return None
    subscription_id = uuid.UUID(bytes=raw[:16])
    if not hmac.compare_digest(raw[16:], _mac(subscription_id, secret)):
        return None
    return subscription_id


def _mac(subscription_id: uuid.UUID, secret: SecretStr) -> bytes:
    key = secret.get_secret_value().encode()
    digest = hmac.new(key, _CONTEXT + subscription_id.bytes, hashlib.sha256).digest()
    return digest[:_MAC_BYTES]
