"""The messaging service's application factory: `uvicorn --factory messaging.main:create_app`."""

from fastapi import FastAPI

from messaging.config import MessagingSettings
from peelian.app import ServiceSpec, create_service_app


def create_app(settings: MessagingSettings | None = None) -> FastAPI:
    settings = settings or MessagingSettings()
    return create_service_app(
        ServiceSpec(
            settings=settings,
            title="Peelian messaging",
            description=(
                "News, appeals and warnings to the people of an area, conversations and "
                "deliberation."
            ),
        )
    )
