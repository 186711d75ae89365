"""The referrals service's application factory: `uvicorn --factory referrals.main:create_app`."""

import contextlib
from collections.abc import AsyncIterator

import httpx
from fastapi import FastAPI

from peelian.app import ServiceSpec, create_service_app
from referrals.config import ReferralsSettings
from referrals.handlers import handlers
from referrals.partners.router import router as partners_router
from referrals.partners.topics import PartnerTopics
from referrals.referrals.router import router as referrals_router
from referrals.suggestions.router import router as suggestions_router
from referrals.webhooks.router import router as webhooks_router
from referrals.webhooks.signing import SecretBox
from referrals.webhooks.worker import webhook_worker


@contextlib.asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """The clients this service's routes and worker use, then the webhook worker."""
    settings: ReferralsSettings = app.state.settings
    app.state.secret_box = SecretBox(settings.secrets_key)
    app.state.partner_topics = PartnerTopics(
        settings.kafka_bootstrap_servers,
        partitions=settings.partner_topic_partitions,
        replication=settings.partner_topic_replication,
    )
    # Partners' endpoints are strangers: no redirects followed, no cookies kept, and a pool
    # sized to the deliveries in flight.
    async with httpx.AsyncClient(
        follow_redirects=False,
        limits=httpx.Limits(
            max_connections=settings.webhook_concurrency,
            max_keepalive_connections=settings.webhook_concurrency,
        ),
        timeout=settings.webhook_timeout_seconds,
    ) as http:
        app.state.webhook_http = http
        async with webhook_worker(app):
            yield


def create_app(settings: ReferralsSettings | None = None) -> FastAPI:
    settings = settings or ReferralsSettings()
    return create_service_app(
        ServiceSpec(
            settings=settings,
            title="Peelian referrals",
            description=(
                "Partner agencies and their data-sharing agreements, referrals of reports to "
                "them and their outcomes, and partners' event subscriptions (signed webhooks, "
                "Kafka)."
            ),
            # Suggestions before referrals: /referrals/suggestions is not a referral's id.
            routers=[partners_router, webhooks_router, suggestions_router, referrals_router],
            handlers=handlers(),
            lifespan=lifespan,
        )
    )
