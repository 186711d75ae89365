"""The referrals service's application factory: `uvicorn --factory referrals.main:create_app`."""

from fastapi import FastAPI

from peelian.app import ServiceSpec, create_service_app
from referrals.config import ReferralsSettings


def create_app(settings: ReferralsSettings | None = None) -> FastAPI:
    settings = settings or ReferralsSettings()
    return create_service_app(
        ServiceSpec(
            settings=settings,
            title="Peelian referrals",
            description="Referrals of reports to partner agencies and their outcomes.",
        )
    )
