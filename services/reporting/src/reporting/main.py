"""The reporting service's application factory: `uvicorn --factory reporting.main:create_app`."""

from fastapi import FastAPI

from peelian.app import ServiceSpec, create_service_app
from reporting.config import ReportingSettings


def create_app(settings: ReportingSettings | None = None) -> FastAPI:
    settings = settings or ReportingSettings()
    return create_service_app(
        ServiceSpec(
            settings=settings,
            title="Peelian reporting",
            description=(
                "Incident and intelligence reports from citizens, evidence media and "
                "officer triage."
            ),
            locked_buckets=[settings.evidence_bucket],
        )
    )
