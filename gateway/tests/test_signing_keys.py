"""Signing keys: JWKS, rotation without downtime, and the attacks on JWTs the verifier must
refuse, all through the gateway's own routes."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import jwt
import orjson
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import text

from gateway.main import create_app
from gateway.tokens.keys import KeyRing
from gateway_helpers import bearer
from peelian.auth import JWKSSource, JWTVerifier, Role
from peelian.testing.plugin import app_client
from peelian.testing.tokens import TEST_AUDIENCE, TEST_ISSUER

pytestmark = pytest.mark.integration


async def test_rotation_keeps_old_tokens_valid_until_they_expire(
    running_gateway: Any, sign_up: Any
) -> None:
    client: httpx.AsyncClient = running_gateway.client
    admin = running_gateway.auth([Role.ADMIN])
    _, before = await sign_up(client)
    old_kid = jwt.get_unverified_header(before["access_token"])["kid"]

    rotated = await client.post("/admin/signing-keys/rotate", headers=admin)
    assert rotated.status_code == 201
    new_kid = rotated.json()["kid"]
    assert new_kid != old_kid

    _, after = await sign_up(client)
    assert jwt.get_unverified_header(after["access_token"])["kid"] == new_kid
    kids = {k["kid"] for k in (await client.get("/.well-known/jwks.json")).json()["keys"]}
    assert {old_kid, new_kid} <= kids
    # Both tokens still work at the gateway...
    for tokens in (before, after):
        assert (await client.get("/accounts/me", headers=bearer(tokens))).status_code == 200
    # ... and at a service, which knows the keys only from the published JWKS.
    transport = httpx.ASGITransport(app=running_gateway.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://gw") as http:
        verifier = JWTVerifier(
            JWKSSource(url="http://gw/.well-known/jwks.json", http=http),
            issuer=TEST_ISSUER,
            audience=TEST_AUDIENCE,
        )
        for tokens in (before, after):
            assert (await verifier.verify(tokens["access_token"])).roles == {Role.CITIZEN}


async def test_retired_key_leaves_the_jwks_after_one_token_lifetime(
    gateway_settings: Any, create_database: Any
) -> None:
    url = await create_database("gateway_keys", Path(__file__).parent.parent / "alembic.ini")
    settings = gateway_settings(database_url=url, access_token_ttl=60)
    app = create_app(settings)
    async with app_client(app):
        ring: KeyRing = app.state.key_ring
        old = ring.signer.kid
        new = await ring.rotate()
        assert {k["kid"] for k in ring.jwks()["keys"]} == {old, new}
        async with app.state.database.sessionmaker() as session, session.begin():
            await session.execute(
                text("UPDATE signing_keys SET retired_at = now() - interval '3 minutes' "
                     "WHERE kid = :kid"),
                {"kid": old},
            )  # fmt: skip
        await ring.reload()
        assert {k["kid"] for k in ring.jwks()["keys"]} == {new}


async def test_a_second_replica_picks_up_a_rotation(
    running_gateway: Any, gateway_settings: Any
) -> None:
    other = create_app(gateway_settings())
    async with app_client(other) as replica:
        kid = (
            await running_gateway.client.post(
                "/admin/signing-keys/rotate", headers=running_gateway.auth([Role.ADMIN])
            )
        ).json()["kid"]
        token = running_gateway.token([Role.CITIZEN])
        assert jwt.get_unverified_header(token)["kid"] == kid
        # The replica has not reloaded yet; an unknown kid makes it look in the database.
        anonymous = (await replica.post("/auth/anonymous")).json()
        assert (await replica.get("/accounts/me", headers=bearer(anonymous))).status_code == 403
        me = await replica.get(
            "/admin/accounts", headers=bearer(running_gateway.token([Role.ADMIN]))
        )
        assert me.status_code == 200


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _claims(**overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    return {
        "iss": TEST_ISSUER,
        "aud": TEST_AUDIENCE,
        "sub": str(uuid.uuid4()),
        "roles": ["admin"],
        "iat": now,
        "nbf": now,
        "exp": now + 300,
        "jti": str(uuid.uuid4()),
        **overrides,
    }


def _forge(running_gateway: Any, attack: str) -> str:
    ring: KeyRing = running_gateway.app.state.key_ring
    signer = ring.signer
    now = int(time.time())

    def sign(claims: dict[str, Any], **headers: Any) -> str:
        return jwt.encode(
            claims, signer.private_key, algorithm="EdDSA", headers={"kid": signer.kid, **headers}
        )

    match attack:
        case "alg_none":
            header = _b64(orjson.dumps({"alg": "none", "typ": "JWT", "kid": signer.kid}))
            return f"{header}.{_b64(orjson.dumps(_claims()))}."
        case "hs256_with_public_key":
            public_jwk = next(k for k in ring.jwks()["keys"] if k["kid"] == signer.kid)
            header = _b64(orjson.dumps({"alg": "HS256", "typ": "JWT", "kid": signer.kid}))
            payload = _b64(orjson.dumps(_claims()))
            secret = orjson.dumps(public_jwk)
            mac = hmac.new(secret, f"{header}.{payload}".encode(), hashlib.sha256).digest()
            return f"{header}.{payload}.{_b64(mac)}"
        case "expired":
            return sign(_claims(iat=now - 600, nbf=now - 600, exp=now - 300))
        case "not_yet_valid":
            return sign(_claims(nbf=now + 300, exp=now + 600))
        case "wrong_audience":
            return sign(_claims(aud="someone-else"))
        case "wrong_issuer":
            return sign(_claims(iss="https://evil.example"))
        case "unknown_kid":
            return sign(_claims(), kid="made-up-key")
        case "tampered_payload":
            header, _, signature = sign(_claims(roles=["citizen"])).split(".")
            return f"{header}.{_b64(orjson.dumps(_claims(roles=['admin'])))}.{signature}"
        case "other_key":
            return jwt.encode(
                _claims(), Ed25519PrivateKey.generate(), "EdDSA", headers={"kid": signer.kid}
            )
    raise AssertionError(attack)


@pytest.mark.parametrize(
    ("attack", "message"),
    [
        ("alg_none", "algorithm 'none' is not accepted"),
        ("hs256_with_public_key", "algorithm 'HS256' is not accepted"),
        ("expired", "token has expired"),
        ("not_yet_valid", "token is not valid yet"),
        ("wrong_audience", "not meant for this audience"),
        ("wrong_issuer", "unknown issuer"),
        ("unknown_kid", "unknown key"),
        ("tampered_payload", "token is invalid"),
        ("other_key", "token is invalid"),
    ],
)
async def test_forged_tokens_are_refused(running_gateway: Any, attack: str, message: str) -> None:
    token = _forge(running_gateway, attack)
    response = await running_gateway.client.get("/admin/accounts", headers=bearer(token))
    assert response.status_code == 401, response.text
    assert response.json()["error"] == "unauthorized"
    assert message in response.json()["detail"]["message"]
    # The control: the same claims, honestly signed, pass.
    honest = running_gateway.token([Role.ADMIN])
    assert (
        await running_gateway.client.get("/admin/accounts", headers=bearer(honest))
    ).status_code == 200
