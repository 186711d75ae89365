"""The surveys service's application factory: `uvicorn --factory surveys.main:create_app`."""

from fastapi import FastAPI

from peelian.app import ServiceSpec, create_service_app
from surveys.config import SurveysSettings


def create_app(settings: SurveysSettings | None = None) -> FastAPI:
    settings = settings or SurveysSettings()
    return create_service_app(
        ServiceSpec(
            settings=settings,
            title="Peelian surveys",
            description="Surveys of citizens' concerns, their responses and results.",
        )
    )
