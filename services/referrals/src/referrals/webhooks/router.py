"""Webhook routes under /partners/{partner_id}: a partner agency (or an admin) manages its
endpoints and secrets, reads its delivery log and replays deliveries. Another agency's ids
are 404s."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, status

from peelian.auth import PrincipalDep
from peelian.auth.principal import Role
from peelian.db.engine import SessionDep
from peelian.errors import Unauthorized, error_responses
from peelian.pagination import Page, PageParamsDep
from referrals.dependencies import NotForCitizens, SecretBoxDep, SettingsDep, partner_of
from referrals.partners.exceptions import PartnerNotFound
from referrals.partners.repository import PartnerRepository
from referrals.webhooks.exceptions import (
    DeliveryInProgress,
    DeliveryNotFound,
    EndpointDisabled,
    EndpointNotFound,
    InvalidWebhookUrl,
    PartnerManaged,
)
from referrals.webhooks.schemas import (
    AttemptRead,
    DeliveryDetail,
    DeliveryFilters,
    DeliveryRead,
    EndpointCreate,
    EndpointCreated,
    EndpointRead,
    EndpointUpdate,
    ReplayQueued,
    ReplayRange,
    SecretRotated,
)
from referrals.webhooks.service import WebhookService

router = APIRouter(
    prefix="/partners/{partner_id}",
    tags=["webhooks"],
    responses=error_responses(Unauthorized, PartnerManaged, PartnerNotFound),
)

EndpointId = Annotated[uuid.UUID, Path(description="The webhook endpoint's id")]
DeliveryId = Annotated[uuid.UUID, Path(description="The delivery's id")]


async def _managed_partner(
    partner_id: Annotated[uuid.UUID, Path(description="The partner agency's id")],
    principal: PrincipalDep,
    session: SessionDep,
) -> uuid.UUID:
    own = partner_of(principal)
    if own is None:
        if not principal.has_any(Role.ADMIN):
            raise PartnerManaged()
        if await PartnerRepository(session).get(partner_id) is None:
            raise PartnerNotFound()
    elif own != partner_id:
        raise PartnerNotFound()
    return partner_id


# The partner named by the path: the caller's own agency, or any for an admin.
ManagedPartnerDep = Annotated[uuid.UUID, Depends(_managed_partner)]


def _service(session: SessionDep, settings: SettingsDep, box: SecretBoxDep) -> WebhookService:
    return WebhookService(session, settings, box)


WebhookServiceDep = Annotated[WebhookService, Depends(_service)]


@router.post(
    "/webhooks",
    status_code=status.HTTP_201_CREATED,
    responses=error_responses(InvalidWebhookUrl, NotForCitizens),
)
async def create_endpoint(
    data: EndpointCreate, partner_id: ManagedPartnerDep, webhooks: WebhookServiceDep
) -> EndpointCreated:
    """Add an endpoint subscribing to event types; its signing secret is shown only now."""
    endpoint, secret = await webhooks.create(partner_id, data)
    return EndpointCreated.model_validate(
        {**EndpointRead.model_validate(endpoint).model_dump(), "secret": secret}
    )


@router.get("/webhooks")
async def list_endpoints(
    partner_id: ManagedPartnerDep, webhooks: WebhookServiceDep
) -> list[EndpointRead]:
    """The agency's webhook endpoints, oldest first."""
    return [EndpointRead.model_validate(e) for e in await webhooks.endpoints_of(partner_id)]


@router.get("/webhooks/{endpoint_id}", responses=error_responses(EndpointNotFound))
async def read_endpoint(
    endpoint_id: EndpointId, partner_id: ManagedPartnerDep, webhooks: WebhookServiceDep
) -> EndpointRead:
    """One webhook endpoint (never its secret)."""
    return EndpointRead.model_validate(await webhooks.get(partner_id, endpoint_id))


@router.patch(
    "/webhooks/{endpoint_id}", responses=error_responses(EndpointNotFound, InvalidWebhookUrl)
)
async def update_endpoint(
    endpoint_id: EndpointId,
    data: EndpointUpdate,
    partner_id: ManagedPartnerDep,
    webhooks: WebhookServiceDep,
) -> EndpointRead:
    """Change an endpoint's URL, subscriptions or description, or disable it."""
    return EndpointRead.model_validate(await webhooks.update(partner_id, endpoint_id, data))


@router.post("/webhooks/{endpoint_id}/rotate-secret", responses=error_responses(EndpointNotFound))
async def rotate_secret(
    endpoint_id: EndpointId, partner_id: ManagedPartnerDep, webhooks: WebhookServiceDep
) -> SecretRotated:
    """A new signing secret; deliveries carry the old one's signature too until it expires."""
    secret, expires_at = await webhooks.rotate_secret(partner_id, endpoint_id)
    return SecretRotated(secret=secret, previous_secret_expires_at=expires_at)


@router.post(
    "/webhooks/{endpoint_id}/replay",
    status_code=status.HTTP_202_ACCEPTED,
    responses=error_responses(EndpointNotFound, EndpointDisabled),
)
async def replay_range(
    endpoint_id: EndpointId,
    data: ReplayRange,
    partner_id: ManagedPartnerDep,
    webhooks: WebhookServiceDep,
) -> ReplayQueued:
    """Deliver every event of a time range to this endpoint again (at most 31 days)."""
    return ReplayQueued(queued=await webhooks.replay_range(partner_id, endpoint_id, data))


@router.get("/deliveries")
async def list_deliveries(
    partner_id: ManagedPartnerDep,
    filters: Annotated[DeliveryFilters, Query()],
    page: PageParamsDep,
    webhooks: WebhookServiceDep,
) -> Page[DeliveryRead]:
    """The agency's delivery log, newest first: `status`, `endpoint_id`, `event_type`, time."""
    return Page.of(await webhooks.search(partner_id, filters, page), DeliveryRead)


@router.get("/deliveries/{delivery_id}", responses=error_responses(DeliveryNotFound))
async def read_delivery(
    delivery_id: DeliveryId, partner_id: ManagedPartnerDep, webhooks: WebhookServiceDep
) -> DeliveryDetail:
    """One delivery with every attempt: when, the answer's status code or the error."""
    delivery, attempts = await webhooks.delivery(partner_id, delivery_id)
    return DeliveryDetail.model_validate(
        {
            **DeliveryRead.model_validate(delivery).model_dump(),
            "attempts_log": [AttemptRead.model_validate(a) for a in attempts],
        }
    )


@router.post(
    "/deliveries/{delivery_id}/replay",
    status_code=status.HTTP_202_ACCEPTED,
    responses=error_responses(DeliveryNotFound, DeliveryInProgress, EndpointDisabled),
)
async def replay_delivery(
    delivery_id: DeliveryId, partner_id: ManagedPartnerDep, webhooks: WebhookServiceDep
) -> DeliveryRead:
    """Deliver a delivered or dead-lettered event again (same webhook-id: dedupe or not)."""
    return DeliveryRead.model_validate(await webhooks.replay(partner_id, delivery_id))
