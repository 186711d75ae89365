"""The scheduling service's application factory: `uvicorn --factory scheduling.main:create_app`."""

from fastapi import FastAPI

from peelian.app import ServiceSpec, create_service_app
from scheduling.config import SchedulingSettings


def create_app(settings: SchedulingSettings | None = None) -> FastAPI:
    settings = settings or SchedulingSettings()
    return create_service_app(
        ServiceSpec(
            settings=settings,
            title="Peelian scheduling",
            description="Community officers' availability and meetings with citizens.",
        )
    )
