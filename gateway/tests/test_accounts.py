"""Accounts: registration, sign-in, self-service and admin management, on the real database."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest

from gateway.main import create_app
from gateway_helpers import STRONG_PASSWORD, bearer
from peelian.auth.principal import Role
from peelian.testing.plugin import CreateDatabase, app_client

pytestmark = pytest.mark.integration


def login(client: httpx.AsyncClient, email: str, password: str) -> Any:
    return client.post(
        "/auth/token", data={"grant_type": "password", "username": email, "password": password}
    )


async def test_register_sign_in_and_read_me(gateway: httpx.AsyncClient, sign_up: Any) -> None:
    email = f"Ada.{uuid.uuid4().hex[:6]}@Example.ac.uk"
    account, tokens = await sign_up(gateway, email=email)
    assert account["email"] == email.lower()
    assert account["roles"] == ["citizen"]
    assert "password" not in str(account)
    assert tokens["token_type"] == "Bearer"
    assert tokens["expires_in"] == 900
    assert tokens["refresh_token"].startswith("prt_")

    me = await gateway.get("/accounts/me", headers=bearer(tokens))
    assert me.status_code == 200
    assert me.json()["id"] == account["id"]

    # Sign-in is case-insensitive on the email.
    assert (await login(gateway, email.upper(), STRONG_PASSWORD)).status_code == 200


async def test_duplicate_email_is_a_conflict(gateway: httpx.AsyncClient, sign_up: Any) -> None:
    account, _ = await sign_up(gateway)
    again = await gateway.post(
        "/accounts",
        json={"email": account["email"], "password": STRONG_PASSWORD, "display_name": "Twin"},
    )
    assert again.status_code == 409
    assert again.json()["error"] == "email_taken"


@pytest.mark.parametrize(
    ("password", "expected"),
    [
        ("short", "at least 10 characters"),
        ("password123", "very common password"),
        ("qwertyuiopasdf", "commonly used password"),
        ("x" * 200, "at most 128 characters"),
    ],
)
async def test_weak_passwords_are_refused_with_a_reason(
    gateway: httpx.AsyncClient, password: str, expected: str
) -> None:
    response = await gateway.post(
        "/accounts",
        json={
            "email": f"weak-{uuid.uuid4().hex[:6]}@example.ac.uk",
            "password": password,
            "display_name": "Weak",
        },
    )
    assert response.status_code == 400
    assert response.json()["error"] == "weak_password"
    assert expected in response.json()["detail"]["message"]


async def test_password_built_on_the_email_is_refused(gateway: httpx.AsyncClient) -> None:
    local = f"morwenna{uuid.uuid4().hex[:4]}"
    response = await gateway.post(
        "/accounts",
        json={"email": f"{local}@example.ac.uk", "password": f"{local}1", "display_name": "M"},
    )
    assert response.status_code == 400


async def test_invalid_registration_is_a_422_without_echoing_the_password(
    gateway: httpx.AsyncClient,
) -> None:
    response = await gateway.post(
        "/accounts",
        json={"email": "not-an-email", "password": "s3cret-Value-xyz", "display_name": ""},
    )
    assert response.status_code == 422
    fields = {tuple(e["loc"]) for e in response.json()["detail"]["errors"]}
    assert ("body", "email") in fields
    assert ("body", "display_name") in fields
    assert "s3cret-Value-xyz" not in response.text


async def test_update_profile(gateway: httpx.AsyncClient, sign_up: Any) -> None:
    _, tokens = await sign_up(gateway)
    response = await gateway.patch(
        "/accounts/me",
        headers=bearer(tokens),
        json={"preferred_language": "cy", "home_areas": ["cathays", "cathays", "park-place"]},
    )
    assert response.status_code == 200
    assert response.json()["preferred_language"] == "cy"
    assert response.json()["home_areas"] == ["cathays", "park-place"]
    assert response.json()["display_name"] == "Sam Student"


async def test_change_password_signs_out_every_session(
    gateway: httpx.AsyncClient, sign_up: Any
) -> None:
    account, tokens = await sign_up(gateway)
    wrong = await gateway.post(
        "/accounts/me/password",
        headers=bearer(tokens),
        json={"current_password": "not-it", "new_password": "quiet-harbour-lantern-7"},
    )
    assert wrong.status_code == 403
    changed = await gateway.post(
        "/accounts/me/password",
        headers=bearer(tokens),
        json={"current_password": STRONG_PASSWORD, "new_password": "quiet-harbour-lantern-7"},
    )
    assert changed.status_code == 204
    refreshed = await gateway.post(
        "/auth/token",
        data={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]},
    )
    assert refreshed.status_code == 400
    assert (await login(gateway, account["email"], STRONG_PASSWORD)).status_code == 400
    assert (await login(gateway, account["email"], "quiet-harbour-lantern-7")).status_code == 200


async def test_export_my_data(gateway: httpx.AsyncClient, sign_up: Any) -> None:
    account, tokens = await sign_up(gateway)
    await login(gateway, account["email"], STRONG_PASSWORD)
    export = await gateway.get("/accounts/me/export", headers=bearer(tokens))
    assert export.status_code == 200
    body = export.json()
    assert body["account"]["email"] == account["email"]
    assert body["last_login_at"] is not None
    assert len(body["sessions"]) == 2
    assert "password_hash" not in export.text


async def test_anonymous_reporters_have_no_account(gateway: httpx.AsyncClient) -> None:
    anonymous = (await gateway.post("/auth/anonymous")).json()
    response = await gateway.get("/accounts/me", headers=bearer(anonymous))
    assert response.status_code == 403
    assert "anonymous" in response.json()["detail"]["message"]


async def test_admin_creates_staff_and_deactivates(running_gateway: Any) -> None:
    client: httpx.AsyncClient = running_gateway.client
    admin = running_gateway.auth([Role.ADMIN])
    email = f"pc-{uuid.uuid4().hex[:6]}@police.example"
    created = await client.post(
        "/admin/accounts",
        headers=admin,
        json={
            "email": email,
            "display_name": "PC Jones",
            "roles": ["officer"],
            "team": "university-neighbourhood",
        },
    )
    assert created.status_code == 201, created.text
    officer = created.json()
    assert officer["roles"] == ["officer"]
    password = officer["initial_password"]
    assert len(password) >= 20

    tokens = (await login(client, email, password)).json()
    listed = await client.get(
        "/admin/accounts",
        headers=admin,
        params={"role": "officer", "team": "university-neighbourhood", "limit": 100},
    )
    assert officer["id"] in {a["id"] for a in listed.json()["items"]}

    deactivated = await client.post(f"/admin/accounts/{officer['id']}/deactivate", headers=admin)
    assert deactivated.json()["status"] == "deactivated"
    refused = await login(client, email, password)
    assert refused.status_code == 400
    assert "deactivated" in refused.json()["detail"]["message"]
    refreshed = await client.post(
        "/auth/token",
        data={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]},
    )
    assert refreshed.status_code == 400

    await client.post(f"/admin/accounts/{officer['id']}/reactivate", headers=admin)
    assert (await login(client, email, password)).status_code == 200


async def test_staff_see_their_active_colleagues_to_assign_work(running_gateway: Any) -> None:
    client: httpx.AsyncClient = running_gateway.client
    admin = running_gateway.auth([Role.ADMIN])
    team = f"team-{uuid.uuid4().hex[:6]}"
    made = {}
    for name, roles, extra in (
        ("officer", ["officer"], {}),
        ("sergeant", ["supervisor"], {}),
        ("leaver", ["officer"], {}),
        ("admin", ["admin"], {}),
        ("partner", ["partner"], {"partner_id": str(uuid.uuid4())}),
    ):
        response = await client.post(
            "/admin/accounts",
            headers=admin,
            json={
                "email": f"{name}-{uuid.uuid4().hex[:6]}@police.example",
                "display_name": name,
                "roles": roles,
                "team": team,
                **extra,
            },
        )
        assert response.status_code == 201, response.text
        made[name] = response.json()["id"]
    await client.post(f"/admin/accounts/{made['leaver']}/deactivate", headers=admin)

    listed = await client.get(
        "/accounts/staff",
        headers=running_gateway.auth([Role.OFFICER]),
        params={"team": team, "limit": 100},
    )
    assert listed.status_code == 200, listed.text
    staff = {m["display_name"]: m for m in listed.json()["items"]}
    assert set(staff) == {"officer", "sergeant"}, "active officers and supervisors only"
    assert staff["officer"] == {
        "id": made["officer"],
        "display_name": "officer",
        "team": team,
        "roles": ["officer"],
    }, "no email or other personal detail"
    for roles in ([Role.CITIZEN], [Role.PARTNER]):
        refused = await client.get("/accounts/staff", headers=running_gateway.auth(roles))
        assert refused.status_code == 403


async def test_admin_routes_refuse_others(running_gateway: Any) -> None:
    client: httpx.AsyncClient = running_gateway.client
    for roles in ([Role.CITIZEN], [Role.OFFICER], [Role.SUPERVISOR]):
        response = await client.get("/admin/accounts", headers=running_gateway.auth(roles))
        assert response.status_code == 403
    assert (await client.get("/admin/accounts")).status_code == 401


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ({"roles": ["partner"]}, "partner_id is required"),
        ({"roles": ["officer"], "partner_id": str(uuid.uuid4())}, "partner_id is required"),
        ({"roles": ["citizen"]}, "citizens register themselves"),
        (
            {"roles": ["partner", "officer"], "partner_id": str(uuid.uuid4())},
            "cannot hold force roles",
        ),
    ],
)
async def test_staff_roles_must_fit(
    running_gateway: Any, body: dict[str, Any], problem: str
) -> None:
    response = await running_gateway.client.post(
        "/admin/accounts",
        headers=running_gateway.auth([Role.ADMIN]),
        json={"email": f"x-{uuid.uuid4().hex[:6]}@example.org", "display_name": "X", **body},
    )
    assert response.status_code == 400
    assert problem in response.json()["detail"]["message"]


async def test_first_admin_comes_from_configuration(
    gateway_settings: Any, create_database: CreateDatabase
) -> None:
    url = await create_database("gateway_bootstrap", Path(__file__).parent.parent / "alembic.ini")
    settings = gateway_settings(
        database_url=url,
        first_admin_email="Chief@Police.example",
        first_admin_password="first-admin-passphrase-2026",
    )
    for _ in range(2):  # a second start (or replica) must not make a second admin
        async with app_client(create_app(settings)) as client:
            tokens = await login(client, "chief@police.example", "first-admin-passphrase-2026")
            assert tokens.status_code == 200
            admins = await client.get(
                "/admin/accounts", headers=bearer(tokens.json()), params={"role": "admin"}
            )
            assert [a["email"] for a in admins.json()["items"]] == ["chief@police.example"]


async def test_the_gateway_verifies_a_token_once_per_request(
    running_gateway: Any, sign_up: Any
) -> None:
    _, tokens = await sign_up(running_gateway.client)
    verifier = running_gateway.app.state.verifier
    original, calls = verifier.verify, []

    async def counting(token: str) -> Any:
        calls.append(token)
        return await original(token)

    verifier.verify = counting
    me = await running_gateway.client.get("/accounts/me", headers=bearer(tokens))
    assert me.status_code == 200
    assert calls == [tokens["access_token"]]  # by the policy; the route reuses its principal
