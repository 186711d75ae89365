"""The gateway benchmark's upstream: the cheapest endpoint a real Peelian service can have.

`uvicorn --factory bench.upstream:create_app` serves one authenticated JSON route built the
way every service builds its routes: ``create_service_app`` (error handlers, correlation ids,
Prometheus metrics) and ``PrincipalDep`` (the service verifies the gateway's token itself,
against the JWKS given in ``BENCH_UPSTREAM_JWKS_JSON``). No database query, so the gateway's
cost is compared with the smallest upstream cost a real request can have: a plain FastAPI
app would make the gateway look worse than it is for any real route, a route with queries
would hide the gateway's cost behind the database's.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI
from pydantic import PostgresDsn
from pydantic_settings import SettingsConfigDict

from peelian.app import ServiceSpec, create_service_app
from peelian.auth import PrincipalDep
from peelian.settings import BaseServiceSettings

PATH = "/bench/ping"

router = APIRouter()


class UpstreamSettings(BaseServiceSettings):
    model_config = SettingsConfigDict(env_prefix="BENCH_UPSTREAM_")

    service_name: str = "bench-upstream"
    # The engine is built by the lifespan but never connects: the route reads nothing.
    database_url: PostgresDsn = PostgresDsn("postgresql+asyncpg://postgres@127.0.0.1:5432/postgres")
    run_workers: bool = False


@router.get(PATH)
async def ping(principal: PrincipalDep) -> dict[str, object]:
    return {"status": "ok", "subject": str(principal.subject), "roles": sorted(principal.roles)}


def create_app() -> FastAPI:
    return create_service_app(
        ServiceSpec(
            settings=UpstreamSettings(),
            title="bench upstream",
            description="One authenticated JSON route for the gateway benchmark.",
            routers=[router],
        )
    )
