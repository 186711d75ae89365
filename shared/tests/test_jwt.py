"""JWT verification refuses every classic forgery (pure logic: keys are in memory)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
import uuid

import jwt
import orjson
import pytest
from cryptography.hazmat.primitives import serialization

from peelian.auth import JWKSSource, JWTVerifier, Role
from peelian.errors import Unauthorized
from peelian.testing.tokens import TEST_AUDIENCE, TEST_ISSUER, TestKeys

KEYS = TestKeys()
VERIFIER = JWTVerifier(
    JWKSSource.from_json(KEYS.jwks_json), issuer=TEST_ISSUER, audience=TEST_AUDIENCE
)


def b64(data: dict[str, object] | bytes) -> str:
    raw = data if isinstance(data, bytes) else orjson.dumps(data)
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


async def test_valid_token_gives_the_principal() -> None:
    subject, partner = uuid.uuid4(), uuid.uuid4()
    principal = await VERIFIER.verify(KEYS.token(subject, [Role.PARTNER], partner_id=str(partner)))
    assert principal.subject == subject
    assert principal.roles == {Role.PARTNER}
    assert principal.partner_id == partner
    assert not principal.anonymous


async def rejected(token: str, message: str) -> None:
    with pytest.raises(Unauthorized) as caught:
        await VERIFIER.verify(token)
    assert message in caught.value.message


async def test_alg_none_is_rejected() -> None:
    claims = jwt.decode(KEYS.token(), options={"verify_signature": False})
    token = f"{b64({'alg': 'none', 'typ': 'JWT', 'kid': KEYS.kid})}.{b64(claims)}."
    await rejected(token, "'none' is not accepted")


async def test_hs256_signed_with_the_public_key_is_rejected() -> None:
    public_pem = KEYS.private_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    claims = jwt.decode(KEYS.token(), options={"verify_signature": False})
    header = b64({"alg": "HS256", "typ": "JWT", "kid": KEYS.kid})
    signing_input = f"{header}.{b64(claims)}"
    signature = hmac.new(public_pem, signing_input.encode(), hashlib.sha256).digest()
    await rejected(f"{signing_input}.{b64(signature)}", "'HS256' is not accepted")


async def test_expired_token_is_rejected() -> None:
    now = int(time.time())
    await rejected(KEYS.token(iat=now - 600, nbf=now - 600, exp=now - 300), "expired")


async def test_not_yet_valid_token_is_rejected() -> None:
    await rejected(KEYS.token(nbf=int(time.time()) + 300), "not valid yet")


async def test_wrong_audience_is_rejected() -> None:
    await rejected(KEYS.token(aud="another-service"), "audience")


async def test_wrong_issuer_is_rejected() -> None:
    await rejected(KEYS.token(iss="https://evil.example"), "issuer")


async def test_unknown_key_id_is_rejected() -> None:
    stranger = TestKeys(kid="unknown-kid")
    await rejected(stranger.token(), "unknown key")


async def test_signature_by_another_key_with_a_known_kid_is_rejected() -> None:
    impostor = TestKeys(kid=KEYS.kid)
    await rejected(impostor.token(), "invalid")


async def test_tampered_payload_is_rejected() -> None:
    header, _, signature = KEYS.token([Role.CITIZEN]).split(".")
    claims = jwt.decode(KEYS.token(), options={"verify_signature": False})
    forged = b64({**claims, "roles": ["admin"]})
    await rejected(f"{header}.{forged}.{signature}", "invalid")


async def test_missing_expiry_is_rejected() -> None:
    token = jwt.encode(
        {
            "iss": TEST_ISSUER,
            "aud": TEST_AUDIENCE,
            "sub": str(uuid.uuid4()),
            "iat": int(time.time()),
        },
        KEYS.private_key,
        algorithm="EdDSA",
        headers={"kid": KEYS.kid},
    )
    await rejected(token, "invalid")
