"""Access tokens: short-lived JWTs signed with the key ring's current key."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from gateway.config import GatewaySettings
from gateway.tokens.keys import KeyRing
from peelian.auth.principal import Role


@dataclass(frozen=True)
class AccessToken:
    token: str
    expires_in: int


class TokenIssuer:
    def __init__(self, key_ring: KeyRing, settings: GatewaySettings) -> None:
        self.key_ring = key_ring
        self.settings = settings

    def issue(
        self,
        subject: uuid.UUID,
        roles: Iterable[Role],
        *,
        partner_id: uuid.UUID | None = None,
        anonymous: bool = False,
    ) -> AccessToken:
        now = int(time.time())
        ttl = self.settings.access_token_ttl
        claims: dict[str, object] = {
            "iss": self.settings.jwt_issuer,
            "aud": self.settings.jwt_audience,
            "sub": str(subject),
            "roles": sorted(str(r) for r in roles),
            "iat": now,
            "nbf": now,
            "exp": now + ttl,
            "jti": str(uuid.uuid4()),
        }
        if partner_id is not None:
            claims["partner_id"] = str(partner_id)
        if anonymous:
            claims["anon"] = True
        return AccessToken(self.key_ring.sign(claims), ttl)
