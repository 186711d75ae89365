"""What the end-to-end tests share: the apps' settings over the test infrastructure, and the
client-side steps every journey takes (signing in, making staff, waiting for an event)."""

from __future__ import annotations

import socket
import uuid
from pathlib import Path
from typing import Any, TypeVar

import httpx

import peelian.events.contracts  # noqa: F401 (registers every topic app_settings moves past)
from gateway.config import GatewaySettings
from gateway.routing.table import DEFAULT_UPSTREAMS
from peelian.events.envelope import registry
from peelian.settings import BaseServiceSettings
from peelian.testing.events import eventually
from peelian.testing.infra import Infra
from peelian.testing.kafka import consume_from_now
from peelian.testing.plugin import CreateDatabase
from peelian.testing.tokens import TEST_AUDIENCE, TEST_ISSUER
from reporting.config import ReportingSettings

S = TypeVar("S", bound=BaseServiceSettings)

ROOT = Path(__file__).resolve().parent.parent


def alembic_ini(folder: str) -> Path:
    """The Alembic configuration of the app in ``folder`` (e.g. "services/reporting")."""
    return ROOT / folder / "alembic.ini"


def gateway_settings(
    infra: Infra, database_url: str, upstreams: dict[str, str], **overrides: Any
) -> GatewaySettings:
    """A gateway in front of ``upstreams`` (the rest of the table keeps its defaults), with
    cheap password hashing and a Redis prefix of its own."""
    values: dict[str, Any] = {
        "environment": "test",
        "database_url": database_url,
        "redis_url": infra.redis_url,
        "redis_prefix": f"e2e:{uuid.uuid4().hex[:8]}:",
        "kafka_bootstrap_servers": infra.kafka_bootstrap,
        "jwt_issuer": TEST_ISSUER,
        "jwt_audience": TEST_AUDIENCE,
        "run_workers": False,
        "upstreams": {**DEFAULT_UPSTREAMS, **upstreams},
        "argon2_time_cost": 1,
        "argon2_memory_kib": 1024,
        "argon2_parallelism": 1,
    }
    return GatewaySettings(**{**values, **overrides})


def behind_gateway(service_env: dict[str, Any], gateway_socket: socket.socket) -> dict[str, Any]:
    """Settings of every app behind an end-to-end gateway: tokens checked against the gateway's
    JWKS, workers on (each app then takes ``service_name=<name>-<suffix>``: consumer groups of
    their own, so that a ``make up`` next to the tests keeps its own)."""
    jwks = f"http://127.0.0.1:{gateway_socket.getsockname()[1]}/.well-known/jwks.json"
    return {**service_env, "jwks_json": None, "jwks_url": jwks, "run_workers": True}


async def app_settings(
    kind: type[S],
    name: str,
    create_database: CreateDatabase,
    common: dict[str, Any],
    suffix: str,
    **overrides: Any,
) -> S:
    """The settings of the service ``name`` (services/<name>) behind an end-to-end gateway: a
    fresh migrated database, a service name of its own (its consumer groups), and its
    consumer groups moved to the end of the platform's topics."""
    settings = kind(
        **common,
        **overrides,
        service_name=f"{name}-{suffix}",
        database_url=await create_database(f"e2e_{name}", alembic_ini(f"services/{name}")),
    )
    # A fresh group would otherwise work through every event earlier tests left on the
    # platform's topics before the journey's.
    await consume_from_now(
        settings.kafka_bootstrap_servers, settings.service_name, registry.topics()
    )
    return settings


async def reporting_settings(
    infra: Infra,
    create_database: CreateDatabase,
    common: dict[str, Any],
    suffix: str,
    **overrides: Any,
) -> ReportingSettings:
    """Reporting's, with the test infrastructure's object store and buckets of the tests'."""
    store = {
        "s3_endpoint": infra.s3_endpoint,
        "s3_access_key": infra.s3_access_key,
        "s3_secret_key": infra.s3_secret_key,
        "evidence_bucket": "test-evidence",
        "derivatives_bucket": "test-evidence-derivatives",
        "staging_bucket": "test-evidence-staging",
    }
    return await app_settings(
        ReportingSettings, "reporting", create_database, common, suffix, **store, **overrides
    )


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def sign_in(client: httpx.AsyncClient, **form: str) -> dict[str, str]:
    """``/auth/token`` with ``form`` (any grant); the bearer header of its access token."""
    answer = await client.post("/auth/token", data=form)
    assert answer.status_code == 200, answer.text
    return bearer(answer.json()["access_token"])


async def staff(client: httpx.AsyncClient, admin: dict[str, str], role: str) -> dict[str, str]:
    """A new staff account with ``role``, made by ``admin`` and signed in."""
    email = f"{role}-{uuid.uuid4().hex[:6]}@police.example"
    made = await client.post(
        "/admin/accounts",
        json={"email": email, "display_name": f"E2E {role}", "roles": [role]},
        headers=admin,
    )
    assert made.status_code == 201, made.text
    return await sign_in(
        client, grant_type="password", username=email, password=made.json()["initial_password"]
    )


__all__ = [
    "alembic_ini",
    "app_settings",
    "bearer",
    "behind_gateway",
    "eventually",
    "gateway_settings",
    "reporting_settings",
    "sign_in",
    "staff",
]
