"""The scheduling service's application factory: `uvicorn --factory scheduling.main:create_app`."""

from fastapi import FastAPI

from peelian.app import ServiceSpec, create_service_app
from scheduling.availability.router import router as availability_router
from scheduling.calendars.router import calendars as calendars_router
from scheduling.calendars.router import feeds as feeds_router
from scheduling.catalogue.router import locations as locations_router
from scheduling.catalogue.router import meeting_types as meeting_types_router
from scheduling.config import SchedulingSettings
from scheduling.handlers import handlers
from scheduling.meetings.router import router as meetings_router
from scheduling.reminders.worker import reminder_worker
from scheduling.slots.router import router as slots_router


def create_app(settings: SchedulingSettings | None = None) -> FastAPI:
    settings = settings or SchedulingSettings()
    return create_service_app(
        ServiceSpec(
            settings=settings,
            title="Peelian scheduling",
            description=(
                "Community officers' availability, meetings with citizens, reminders and "
                "calendar feeds."
            ),
            routers=[
                meeting_types_router,
                locations_router,
                availability_router,
                slots_router,
                meetings_router,
                feeds_router,
                calendars_router,
            ],
            handlers=handlers(settings),
            lifespan=reminder_worker,
        )
    )
