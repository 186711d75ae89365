"""Every app's operational endpoints, against the real infrastructure."""

from __future__ import annotations

from typing import Any

import pytest

from catalogue import APPS, App
from peelian.testing.infra import Infra
from peelian.testing.plugin import CreateDatabase, app_client

pytestmark = pytest.mark.integration

# Readiness checks beyond the database and Kafka that every app has.
OWN_CHECKS = {"gateway": {"redis", "signing_keys"}, "reporting": {"object_store"}}

by_name = pytest.mark.parametrize("app", APPS, ids=[a.name for a in APPS])


def settings_for(app: App, service_env: dict[str, Any], infra: Infra, database_url: str) -> Any:
    extra: dict[str, Any] = {}
    if "s3_endpoint" in app.settings.model_fields:
        extra = {
            "s3_endpoint": infra.s3_endpoint,
            "s3_access_key": infra.s3_access_key,
            "s3_secret_key": infra.s3_secret_key,
        }
    if "redis_url" in app.settings.model_fields:
        extra["redis_url"] = infra.redis_url
    return app.settings(**service_env, database_url=database_url, **extra)


@by_name
async def test_ready_with_every_dependency_up(
    app: App, create_database: CreateDatabase, service_env: dict[str, Any], infra: Infra
) -> None:
    url = await create_database(app.name, app.alembic_ini)
    async with app_client(app.create_app(settings_for(app, service_env, infra, url))) as client:
        assert (await client.get("/healthz")).json() == {"status": "ok"}
        ready = await client.get("/readyz")
        assert ready.status_code == 200, ready.text
        expected = {"database", "kafka"} | OWN_CHECKS.get(app.name, set())
        assert set(ready.json()["checks"]) == expected
        assert all(v == "ok" for v in ready.json()["checks"].values())
        metrics = await client.get("/metrics")
        assert (
            f'peelian_http_requests_total{{method="GET",route="/readyz",service="{app.name}",status="200"}}'
            in metrics.text
        )


@by_name
async def test_readyz_names_an_unreachable_database(
    app: App, service_env: dict[str, Any], infra: Infra
) -> None:
    # Port 1 on loopback: nothing listens, the connection is refused at once.
    dead = "postgresql+asyncpg://postgres@127.0.0.1:1/nowhere"
    async with app_client(app.create_app(settings_for(app, service_env, infra, dead))) as client:
        assert (await client.get("/healthz")).status_code == 200, "alive even when not ready"
        ready = await client.get("/readyz")
    assert ready.status_code == 503
    assert ready.headers["retry-after"] == "5"
    body = ready.json()
    assert body["error"] == "not_ready"
    # The gateway's signing keys live in its database: they are missing too.
    failing = ["database", *(["signing_keys"] if app.name == "gateway" else [])]
    assert body["detail"]["message"] == f"unavailable: {', '.join(failing)}"
    assert body["detail"]["checks"]["database"].startswith("unavailable")
    assert body["detail"]["checks"]["kafka"] == "ok"


@by_name
async def test_openapi_documents_every_route(
    app: App, service_env: dict[str, Any], infra: Infra
) -> None:
    application = app.create_app(
        settings_for(app, service_env, infra, "postgresql+asyncpg://x@127.0.0.1:1/x")
    )
    schema = application.openapi()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert operation.get("description"), f"{method} {path} has no docstring"
    assert "503" in schema["paths"]["/readyz"]["get"]["responses"]
