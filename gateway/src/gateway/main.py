"""The gateway service's application factory: `uvicorn --factory gateway.main:create_app`."""

from fastapi import FastAPI

from gateway.config import GatewaySettings
from peelian.app import ServiceSpec, create_service_app


def create_app(settings: GatewaySettings | None = None) -> FastAPI:
    settings = settings or GatewaySettings()
    return create_service_app(
        ServiceSpec(
            settings=settings,
            title="Peelian gateway",
            description="The API gateway and identity service: the only public entry point.",
        )
    )
