"""A signing key for tests: the gateway issues real tokens; tests sign their own with this."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterable
from typing import Any

import jwt
import orjson
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from peelian.auth.principal import Role

TEST_ISSUER = "https://peelian.test"
TEST_AUDIENCE = "peelian"


class TestKeys:
    __test__ = False  # not a pytest test class

    def __init__(self, kid: str = "test-key-1") -> None:
        self.kid = kid
        self.private_key = Ed25519PrivateKey.generate()
        public_jwk = orjson.loads(jwt.algorithms.OKPAlgorithm.to_jwk(self.private_key.public_key()))
        self.public_jwk = {**public_jwk, "kid": kid, "alg": "EdDSA", "use": "sig"}

    @property
    def jwks_json(self) -> str:
        return orjson.dumps({"keys": [self.public_jwk]}).decode()

    def token(
        self,
        subject: uuid.UUID | None = None,
        roles: Iterable[Role | str] = (Role.CITIZEN,),
        *,
        lifetime: int = 300,
        headers: dict[str, Any] | None = None,
        **claims: Any,
    ) -> str:
        now = int(time.time())
        payload = {
            "iss": TEST_ISSUER,
            "aud": TEST_AUDIENCE,
            "sub": str(subject or uuid.uuid4()),
            "roles": [str(r) for r in roles],
            "iat": now,
            "nbf": now,
            "exp": now + lifetime,
            "jti": str(uuid.uuid4()),
            **claims,
        }
        return jwt.encode(
            payload,
            self.private_key,
            algorithm="EdDSA",
            headers={"kid": self.kid, **(headers or {})},
        )

    def auth(self, *args: Any, **kwargs: Any) -> dict[str, str]:
        """An ``Authorization`` header with a fresh token."""
        return {"Authorization": f"Bearer {self.token(*args, **kwargs)}"}
