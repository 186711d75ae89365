"""Admin routes for partner systems' client credentials (/admin/partner-clients)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, status

from gateway.clients.exceptions import PartnerClientNotFound, PartnerClientRevoked
from gateway.clients.schemas import PartnerClientCreate, PartnerClientRead, PartnerClientSecret
from gateway.dependencies import PartnerClientServiceDep
from peelian.auth import require_role
from peelian.auth.principal import Role
from peelian.errors import Forbidden, Unauthorized, error_responses
from peelian.pagination import Page, PageParamsDep

router = APIRouter(
    prefix="/admin/partner-clients",
    tags=["admin"],
    dependencies=[require_role(Role.ADMIN)],
    responses=error_responses(Unauthorized, Forbidden),
)


@router.post("", status_code=status.HTTP_201_CREATED)
async def create_partner_client(
    data: PartnerClientCreate, clients: PartnerClientServiceDep
) -> PartnerClientSecret:
    """Create client credentials for a partner's system; the secret is shown only now."""
    return await clients.create(data)


@router.get("")
async def list_partner_clients(
    page: PageParamsDep, clients: PartnerClientServiceDep
) -> Page[PartnerClientRead]:
    """List partner clients, newest first."""
    return Page.of(await clients.list(page), PartnerClientRead)


@router.post(
    "/{client_id}/rotate-secret",
    responses=error_responses(PartnerClientNotFound, PartnerClientRevoked),
)
async def rotate_partner_client_secret(
    client_id: uuid.UUID, clients: PartnerClientServiceDep
) -> PartnerClientSecret:
    """Issue a new secret (shown only now); the old one stops working at once."""
    return await clients.rotate_secret(client_id)


@router.post("/{client_id}/revoke", responses=error_responses(PartnerClientNotFound))
async def revoke_partner_client(
    client_id: uuid.UUID, clients: PartnerClientServiceDep
) -> PartnerClientRead:
    """Revoke a client: it can no longer get tokens."""
    return PartnerClientRead.model_validate(await clients.revoke(client_id))
