"""The token endpoint: refresh rotation and reuse detection, logout, client credentials,
throttled sign-in, on the real database and Redis."""

from __future__ import annotations

import asyncio
import base64
import uuid
from typing import Any

import httpx
import jwt
import pytest

from gateway.main import create_app
from gateway_helpers import STRONG_PASSWORD, bearer
from peelian.auth.principal import Role
from peelian.testing.plugin import app_client

pytestmark = pytest.mark.integration


def refresh(client: httpx.AsyncClient, token: str) -> Any:
    return client.post("/auth/token", data={"grant_type": "refresh_token", "refresh_token": token})


def login(client: httpx.AsyncClient, email: str, password: str) -> Any:
    return client.post(
        "/auth/token", data={"grant_type": "password", "username": email, "password": password}
    )


async def test_access_token_claims(running_gateway: Any, sign_up: Any) -> None:
    account, tokens = await sign_up(running_gateway.client)
    header = jwt.get_unverified_header(tokens["access_token"])
    claims = jwt.decode(tokens["access_token"], options={"verify_signature": False})
    assert header["alg"] == "EdDSA"
    jwks = (await running_gateway.client.get("/.well-known/jwks.json")).json()
    assert header["kid"] in {k["kid"] for k in jwks["keys"]}
    assert claims["sub"] == account["id"]
    assert claims["roles"] == ["citizen"]
    assert claims["exp"] - claims["iat"] == 900
    assert {"iss", "aud", "jti", "nbf"} <= claims.keys()
    assert "partner_id" not in claims


async def test_refresh_rotates_and_reuse_revokes_the_family(
    gateway: httpx.AsyncClient, sign_up: Any
) -> None:
    _, first = await sign_up(gateway)
    second = (await refresh(gateway, first["refresh_token"])).json()
    assert second["refresh_token"] != first["refresh_token"]
    assert second["access_token"] != first["access_token"]
    third = (await refresh(gateway, second["refresh_token"])).json()

    # An attacker replays the spent second token: the whole family dies, the live third too.
    replay = await refresh(gateway, first["refresh_token"])
    assert replay.status_code == 400
    assert replay.json()["error"] == "invalid_grant"
    assert "already used" in replay.json()["detail"]["message"]
    assert (await refresh(gateway, third["refresh_token"])).status_code == 400


async def test_reuse_in_one_family_leaves_other_sign_ins_alone(
    gateway: httpx.AsyncClient, sign_up: Any
) -> None:
    account, phone = await sign_up(gateway)
    laptop = (await login(gateway, account["email"], STRONG_PASSWORD)).json()
    await refresh(gateway, phone["refresh_token"])
    await refresh(gateway, phone["refresh_token"])  # reuse: the phone's family is revoked
    assert (await refresh(gateway, laptop["refresh_token"])).status_code == 200


async def test_logout_revokes_the_sign_in(gateway: httpx.AsyncClient, sign_up: Any) -> None:
    _, tokens = await sign_up(gateway)
    out = await gateway.post("/auth/logout", data={"refresh_token": tokens["refresh_token"]})
    assert out.status_code == 204
    assert (await refresh(gateway, tokens["refresh_token"])).status_code == 400
    # Unknown tokens get the same answer: logout says nothing about which tokens exist.
    unknown = await gateway.post("/auth/logout", data={"refresh_token": "prt_unknown"})
    assert unknown.status_code == 204


async def test_token_endpoint_errors(gateway: httpx.AsyncClient) -> None:
    unsupported = await gateway.post("/auth/token", data={"grant_type": "implicit"})
    assert unsupported.status_code == 400
    assert unsupported.json()["error"] == "unsupported_grant_type"
    missing = await gateway.post("/auth/token", data={"grant_type": "password", "username": "a"})
    assert missing.json()["error"] == "invalid_request"
    assert "'password'" in missing.json()["detail"]["message"]
    garbage = await refresh(gateway, "prt_not-a-real-token")
    assert garbage.json()["error"] == "invalid_grant"


async def test_partner_client_credentials(running_gateway: Any) -> None:
    client: httpx.AsyncClient = running_gateway.client
    admin = running_gateway.auth([Role.ADMIN])
    partner_id = uuid.uuid4()
    created = await client.post(
        "/admin/partner-clients",
        headers=admin,
        json={"partner_id": str(partner_id), "name": "Student support case system"},
    )
    assert created.status_code == 201
    creds = created.json()
    assert creds["client_secret"].startswith("pcs_")

    granted = await client.post(
        "/auth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": creds["client_id"],
            "client_secret": creds["client_secret"],
        },
    )
    assert granted.status_code == 200
    assert granted.json()["refresh_token"] is None
    claims = jwt.decode(granted.json()["access_token"], options={"verify_signature": False})
    assert claims["roles"] == ["partner"]
    assert claims["partner_id"] == str(partner_id)

    # HTTP Basic client authentication works too (RFC 6749 2.3.1).
    basic = base64.b64encode(f"{creds['client_id']}:{creds['client_secret']}".encode()).decode()
    by_basic = await client.post(
        "/auth/token",
        data={"grant_type": "client_credentials"},
        headers={"Authorization": f"Basic {basic}"},
    )
    assert by_basic.status_code == 200

    wrong = await client.post(
        "/auth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": creds["client_id"],
            "client_secret": "pcs_wrong",
        },
    )
    assert wrong.status_code == 401
    assert wrong.json()["error"] == "invalid_client"

    rotated = (
        await client.post(f"/admin/partner-clients/{creds['id']}/rotate-secret", headers=admin)
    ).json()
    old = await client.post(
        "/auth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": creds["client_id"],
            "client_secret": creds["client_secret"],
        },
    )
    assert old.status_code == 401
    new = {
        "grant_type": "client_credentials",
        "client_id": creds["client_id"],
        "client_secret": rotated["client_secret"],
    }
    assert (await client.post("/auth/token", data=new)).status_code == 200

    listed = await client.get("/admin/partner-clients", headers=admin)
    assert "client_secret" not in listed.text
    assert "secret_hash" not in listed.text

    await client.post(f"/admin/partner-clients/{creds['id']}/revoke", headers=admin)
    revoked = await client.post("/auth/token", data=new)
    assert revoked.status_code == 401
    assert "revoked" in revoked.json()["detail"]["message"]


async def test_progressive_delay_then_lockout_without_revealing_accounts(
    gateway_settings: Any, sign_up: Any
) -> None:
    settings = gateway_settings(login_delay_after=2, login_delay_base=30.0, login_lockout_after=4)
    async with app_client(create_app(settings)) as client:
        account, _ = await sign_up(client)
        nobody = f"nobody-{uuid.uuid4().hex[:6]}@example.ac.uk"
        for email in (account["email"], nobody):
            answers = [await login(client, email, "wrong-password") for _ in range(3)]
            assert [a.status_code for a in answers] == [400, 400, 429]
            assert answers[0].json() == {
                "error": "invalid_grant",
                "detail": {"message": "the email or password is incorrect"},
            }
            assert 1 <= int(answers[2].headers["Retry-After"]) <= 31
            assert "wait before trying again" in answers[2].json()["detail"]["message"]
        # While waiting, even the right password is refused.
        assert (await login(client, account["email"], STRONG_PASSWORD)).status_code == 429


async def test_lockout_after_repeated_failures_and_recovery(
    gateway_settings: Any, sign_up: Any
) -> None:
    settings = gateway_settings(
        login_delay_after=2, login_delay_base=0.0, login_lockout_after=3, login_lockout_seconds=1
    )
    async with app_client(create_app(settings)) as client:
        account, _ = await sign_up(client)
        for _ in range(3):
            await login(client, account["email"], "wrong-password")
        locked = await login(client, account["email"], STRONG_PASSWORD)
        assert locked.status_code == 429
        assert "locked" in locked.json()["detail"]["message"]

        await asyncio.sleep(1.2)
        recovered = await login(client, account["email"], STRONG_PASSWORD)
        assert recovered.status_code == 200
        # Success clears the count.
        assert (await login(client, account["email"], "wrong-password")).status_code == 400


async def test_deactivated_principal_cannot_refresh(running_gateway: Any, sign_up: Any) -> None:
    account, tokens = await sign_up(running_gateway.client)
    await running_gateway.client.post(
        f"/admin/accounts/{account['id']}/deactivate", headers=running_gateway.auth([Role.ADMIN])
    )
    assert (await refresh(running_gateway.client, tokens["refresh_token"])).status_code == 400
    me = await running_gateway.client.get("/accounts/me", headers=bearer(tokens))
    assert me.status_code == 200  # the access token lives out its 15 minutes
