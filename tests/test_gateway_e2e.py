"""End to end over real HTTP: a citizen registers, signs in, refreshes and calls a service
through the gateway; an anonymous reporter gets a key and comes back with it. The service is
built with the platform's own factory and verifies the gateway's tokens through its JWKS."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import APIRouter, Request

from e2e_support import alembic_ini, gateway_settings
from gateway.main import create_app as create_gateway
from gateway.tokens.router import REPORTER_KEY_GRANT
from peelian.app import ServiceSpec, create_service_app
from peelian.auth import PrincipalDep
from peelian.settings import BaseServiceSettings
from peelian.testing.infra import Infra
from peelian.testing.plugin import CreateDatabase
from peelian.testing.serve import bound_socket, serve

pytestmark = pytest.mark.integration

PASSWORD = "amber-kettle-violin-42"
probe = APIRouter()


@probe.get("/reports/whoami")
async def whoami(principal: PrincipalDep, request: Request) -> dict[str, Any]:
    """Who the service sees, and which client details reached it."""
    return {
        "subject": str(principal.subject),
        "roles": sorted(principal.roles),
        "anonymous": principal.anonymous,
        "headers": dict(request.headers),
    }


class ProbeSettings(BaseServiceSettings):
    service_name: str = "probe"


@pytest.fixture
async def gateway_url(
    infra: Infra, create_database: CreateDatabase, service_env: dict[str, Any]
) -> AsyncIterator[str]:
    """A gateway and one service, each on its own port, calling each other over HTTP."""
    gateway_database = await create_database("e2e_gateway", alembic_ini("gateway"))
    probe_database = await create_database("e2e_probe")
    gateway_socket = bound_socket()
    gateway_base = f"http://127.0.0.1:{gateway_socket.getsockname()[1]}"
    service = create_service_app(
        ServiceSpec(
            settings=ProbeSettings(
                **{**service_env, "jwks_json": None},
                database_url=probe_database,
                jwks_url=f"{gateway_base}/.well-known/jwks.json",
            ),
            title="probe",
            description="a service behind the gateway",
            routers=[probe],
        )
    )
    async with contextlib.AsyncExitStack() as stack:
        service_url = await stack.enter_async_context(serve(service))
        gateway = create_gateway(
            gateway_settings(infra, gateway_database, {"reporting": service_url})
        )
        yield await stack.enter_async_context(serve(gateway, sock=gateway_socket))


async def test_a_citizen_signs_up_and_calls_a_service(gateway_url: str) -> None:
    agent = {"User-Agent": "PeelianApp/3.1 (e2e)"}
    async with httpx.AsyncClient(base_url=gateway_url, headers=agent) as client:
        email = f"e2e-{uuid.uuid4().hex[:8]}@students.example.ac.uk"
        registered = await client.post(
            "/accounts", json={"email": email, "password": PASSWORD, "display_name": "E2E"}
        )
        assert registered.status_code == 201, registered.text
        account_id = registered.json()["id"]

        signed_in = await client.post(
            "/auth/token", data={"grant_type": "password", "username": email, "password": PASSWORD}
        )
        assert signed_in.status_code == 200
        tokens = signed_in.json()

        assert (await client.get("/reports/whoami")).status_code == 401  # stopped at the door
        seen = await client.get("/reports/whoami", headers=_bearer(tokens))
        assert seen.status_code == 200, seen.text
        assert seen.json()["subject"] == account_id
        assert seen.json()["roles"] == ["citizen"]
        assert seen.json()["anonymous"] is False
        assert "user-agent" not in seen.json()["headers"]  # no client details reach services
        assert seen.json()["headers"]["x-correlation-id"] == seen.headers["x-correlation-id"]

        refreshed = await client.post(
            "/auth/token",
            data={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]},
        )
        assert refreshed.status_code == 200
        again = await client.get("/reports/whoami", headers=_bearer(refreshed.json()))
        assert again.json()["subject"] == account_id


async def test_an_anonymous_reporter_comes_back_with_the_key(gateway_url: str) -> None:
    async with httpx.AsyncClient(base_url=gateway_url) as client:
        created = (await client.post("/auth/anonymous")).json()
        first = await client.get("/reports/whoami", headers=_bearer(created))
        assert first.json()["anonymous"] is True

    # Days later, on a new phone: only the reporter key.
    async with httpx.AsyncClient(base_url=gateway_url) as client:
        tokens = await client.post(
            "/auth/token",
            data={"grant_type": REPORTER_KEY_GRANT, "reporter_key": created["reporter_key"]},
        )
        assert tokens.status_code == 200
        later = await client.get("/reports/whoami", headers=_bearer(tokens.json()))
        assert later.json()["subject"] == first.json()["subject"]
        assert later.json()["anonymous"] is True


def _bearer(tokens: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['access_token']}"}
