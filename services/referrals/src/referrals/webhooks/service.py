"""Domain logic of partners' webhooks: endpoints and secrets, the delivery log, replays."""

from __future__ import annotations

import ipaddress
import uuid
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from peelian.pagination import PageParams, Slice
from referrals.config import ReferralsSettings
from referrals.webhooks.exceptions import (
    DeliveryInProgress,
    DeliveryNotFound,
    EndpointDisabled,
    EndpointNotFound,
    InvalidWebhookUrl,
)
from referrals.webhooks.models import Attempt, Delivery, DeliveryStatus, Endpoint
from referrals.webhooks.repository import DeliveryRepository, EndpointRepository
from referrals.webhooks.schemas import (
    DeliveryFilters,
    EndpointCreate,
    EndpointUpdate,
    ReplayRange,
)
from referrals.webhooks.signing import SecretBox, new_secret

log = structlog.get_logger(__name__)


def check_url(url: str, *, allow_insecure: bool) -> None:
    """Deliveries go to https on public addresses only, unless insecure URLs are allowed.
    (A host name that resolves to a private address is for the network's egress rules.)"""
    if allow_insecure:
        return
    parts = urlsplit(url)
    if parts.scheme != "https":
        raise InvalidWebhookUrl("a webhook endpoint must use https")
    host = parts.hostname or ""
    if host == "localhost" or host.endswith(".localhost"):
        raise InvalidWebhookUrl("a webhook endpoint must not be on this machine")
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return
    if not address.is_global:
        raise InvalidWebhookUrl(
            "a webhook endpoint must be on a public address, not a private, loopback or "
            "link-local one"
        )


class WebhookService:
    def __init__(self, session: AsyncSession, settings: ReferralsSettings, box: SecretBox) -> None:
        self.session = session
        self.settings = settings
        self.box = box
        self.endpoints = EndpointRepository(session)
        self.deliveries = DeliveryRepository(session)

    async def create(self, partner_id: uuid.UUID, data: EndpointCreate) -> tuple[Endpoint, str]:
        """A new endpoint and its signing secret (the only time the secret is shown)."""
        url = str(data.url)
        check_url(url, allow_insecure=self.settings.webhook_allow_insecure_urls)
        secret = new_secret()
        endpoint = await self.endpoints.add(
            Endpoint(
                partner_id=partner_id,
                url=url,
                description=data.description,
                event_types=[str(t) for t in data.event_types],
                enabled=data.enabled,
                secret=self.box.seal(secret),
            )
        )
        await self.session.refresh(endpoint)
        log.info(
            "webhook_endpoint_created", partner_id=str(partner_id), endpoint_id=str(endpoint.id)
        )
        return endpoint, secret

    async def endpoints_of(self, partner_id: uuid.UUID) -> list[Endpoint]:
        return await self.endpoints.of_partner(partner_id)

    async def get(
        self, partner_id: uuid.UUID, endpoint_id: uuid.UUID, *, lock: bool = False
    ) -> Endpoint:
        endpoint = await (
            self.endpoints.get_for_update(endpoint_id) if lock else self.endpoints.get(endpoint_id)
        )
        if endpoint is None or endpoint.partner_id != partner_id:
            raise EndpointNotFound()
        return endpoint

    async def update(
        self, partner_id: uuid.UUID, endpoint_id: uuid.UUID, data: EndpointUpdate
    ) -> Endpoint:
        endpoint = await self.get(partner_id, endpoint_id, lock=True)
        if data.url is not None:
            check_url(str(data.url), allow_insecure=self.settings.webhook_allow_insecure_urls)
            endpoint.url = str(data.url)
        if data.event_types is not None:
            endpoint.event_types = [str(t) for t in data.event_types]
        if data.description is not None:
            endpoint.description = data.description
        if data.enabled is not None:
            endpoint.enabled = data.enabled
        await self.session.flush()
        await self.session.refresh(endpoint)
        return endpoint

    async def rotate_secret(
        self, partner_id: uuid.UUID, endpoint_id: uuid.UUID
    ) -> tuple[str, datetime]:
        """A new secret; the current one keeps signing too for the grace period."""
        endpoint = await self.get(partner_id, endpoint_id, lock=True)
        secret = new_secret()
        expires_at = datetime.now(UTC) + timedelta(hours=self.settings.webhook_secret_grace_hours)
        endpoint.previous_secret = endpoint.secret
        endpoint.previous_secret_expires_at = expires_at
        endpoint.secret = self.box.seal(secret)
        await self.session.flush()
        log.info("webhook_secret_rotated", partner_id=str(partner_id), endpoint_id=str(endpoint_id))
        return secret, expires_at

    async def search(
        self, partner_id: uuid.UUID, filters: DeliveryFilters, params: PageParams
    ) -> Slice[Delivery]:
        return await self.deliveries.search(partner_id, filters, params)

    async def delivery(
        self, partner_id: uuid.UUID, delivery_id: uuid.UUID
    ) -> tuple[Delivery, list[Attempt]]:
        delivery = await self.deliveries.get(delivery_id)
        if delivery is None or delivery.partner_id != partner_id:
            raise DeliveryNotFound()
        return delivery, await self.deliveries.attempts(delivery_id)

    async def replay(self, partner_id: uuid.UUID, delivery_id: uuid.UUID) -> Delivery:
        """Deliver the same event (same webhook-id) to the same endpoint again."""
        original, _ = await self.delivery(partner_id, delivery_id)
        if original.status == DeliveryStatus.PENDING:
            raise DeliveryInProgress()
        endpoint = await self.get(partner_id, original.endpoint_id)
        if not endpoint.enabled:
            raise EndpointDisabled()
        replay = await self.deliveries.add(
            Delivery(
                partner_id=partner_id,
                endpoint_id=endpoint.id,
                event_id=original.event_id,
                event_type=original.event_type,
                status=DeliveryStatus.PENDING,
                attempts=0,
                replay_of=original.id,
            )
        )
        await self.session.refresh(replay)
        return replay

    async def replay_range(
        self, partner_id: uuid.UUID, endpoint_id: uuid.UUID, data: ReplayRange
    ) -> int:
        """Deliver every event of the range (of the types asked, or subscribed) again."""
        endpoint = await self.get(partner_id, endpoint_id)
        if not endpoint.enabled:
            raise EndpointDisabled()
        types = [str(t) for t in data.event_types] if data.event_types else endpoint.event_types
        queued = await self.deliveries.replay_range(endpoint, data.since, data.until, types)
        log.info("webhook_replay_queued", partner_id=str(partner_id), queued=queued)
        return queued
