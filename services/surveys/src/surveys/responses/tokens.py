"""One-time response tokens, and the keyed hash that records who took one.

A token is ``srt_`` + base64url(nonce || MAC), the MAC an HMAC of the survey id and the nonce:
the service can tell a token it issued for a survey without having stored it. Nothing about
a token is written when it is issued (only that its holder took one, under their keyed hash),
so no row links the holder to the token; when it is used, the SHA-256 of its nonce is recorded
as spent (of the nonce, so that another spelling of the same bytes is the same token).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import uuid

PREFIX = "srt_"
_NONCE = 16
_MAC = 16


class ResponseTokens:
    def __init__(self, secret: str) -> None:
        master = secret.encode()
        # Separate keys for separate purposes, from the one configured secret.
        self._token_key = hmac.digest(master, b"surveys/response-token", "sha256")
        self._respondent_key = hmac.digest(master, b"surveys/respondent", "sha256")

    def issue(self, survey_id: uuid.UUID) -> str:
        nonce = secrets.token_bytes(_NONCE)
        return PREFIX + _b64(nonce + self._mac(survey_id, nonce))

    def verify(self, survey_id: uuid.UUID, token: str) -> bytes | None:
        """The token's hash if this service issued it for this survey, else None."""
        body = token.removeprefix(PREFIX)
        try:
            raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        except (ValueError, binascii.Error):
            return None
        nonce, mac = raw[:_NONCE], raw[_NONCE:]
        if (
            not token.startswith(PREFIX)
            or _b64(raw) != body
            or len(mac) != _MAC
            or not hmac.compare_digest(mac, self._mac(survey_id, nonce))
        ):
            return None
        return hashlib.sha256(nonce).digest()

    def respondent_key(self, subject: uuid.UUID) -> bytes:
        """The keyed hash a person's participation is recorded under (the same in every
        survey, so that erasing them finds every row)."""
        return hmac.digest(self._respondent_key, subject.bytes, "sha256")

    def _mac(self, survey_id: uuid.UUID, nonce: bytes) -> bytes:
        return hmac.digest(self._token_key, survey_id.bytes + nonce, "sha256")[:_MAC]


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")
