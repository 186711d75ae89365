"""The reporting service's application factory: `uvicorn --factory reporting.main:create_app`."""

from fastapi import FastAPI

from peelian.app import ServiceSpec, create_service_app
from peelian.storage import Bucket
from reporting.categories.router import router as categories_router
from reporting.config import ReportingSettings
from reporting.evidence.router import router as evidence_router
from reporting.reports.handlers import handlers
from reporting.reports.router import router as reports_router

# Unconfirmed direct uploads are deleted by the store after a day.
STAGING_EXPIRY_DAYS = 1


def buckets(settings: ReportingSettings) -> list[Bucket]:
    """The service's buckets. Originals are locked; each gets its retention when stored (the
    bucket has no default retention, so that a refused upload can still be removed)."""
    return [
        Bucket(settings.evidence_bucket, object_lock=True),
        Bucket(settings.derivatives_bucket),
        Bucket(settings.staging_bucket, expire_days=STAGING_EXPIRY_DAYS),
    ]


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
            routers=[categories_router, reports_router, evidence_router],
            handlers=handlers(settings),
            buckets=buckets(settings),
        )
    )
