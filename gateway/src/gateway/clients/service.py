"""Partner clients: OAuth2 client credentials for partner agencies' systems."""

from __future__ import annotations

import secrets
import uuid
from datetime import UTC, datetime

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from gateway import credentials
from gateway.clients.exceptions import PartnerClientNotFound, PartnerClientRevoked
from gateway.clients.models import PartnerClient
from gateway.clients.repository import PartnerClientRepository
from gateway.clients.schemas import PartnerClientCreate, PartnerClientRead, PartnerClientSecret
from peelian.pagination import PageParams, Slice

log = structlog.get_logger(__name__)

CLIENT_SECRET_PREFIX = "pcs"  # noqa: S105 (a prefix, not a secret)


class PartnerClientService:
    def __init__(self, session: AsyncSession) -> None:
        self.clients = PartnerClientRepository(session)
        self.session = session

    async def create(self, data: PartnerClientCreate) -> PartnerClientSecret:
        secret = credentials.generate(CLIENT_SECRET_PREFIX)
        client = await self.clients.add(
            PartnerClient(
                client_id=f"pc_{secrets.token_hex(12)}",
                partner_id=data.partner_id,
                name=data.name,
                secret_hash=credentials.digest(secret),
            )
        )
        await self.session.refresh(client)
        log.info("partner_client_created", client_id=client.client_id)
        return self._with_secret(client, secret)

    async def list(self, params: PageParams) -> Slice[PartnerClient]:
        return await self.clients.list(params)

    async def get(self, id_: uuid.UUID) -> PartnerClient:
        client = await self.clients.get(id_)
        if client is None:
            raise PartnerClientNotFound(f"no partner client with id {id_}")
        return client

    async def rotate_secret(self, id_: uuid.UUID) -> PartnerClientSecret:
        """A new secret; the old one stops working at once."""
        client = await self.get(id_)
        if client.revoked_at is not None:
            raise PartnerClientRevoked("this client has been revoked; create a new one")
        secret = credentials.generate(CLIENT_SECRET_PREFIX)
        client.secret_hash = credentials.digest(secret)
        client.secret_rotated_at = datetime.now(UTC)
        await self.session.flush()
        log.info("partner_client_secret_rotated", client_id=client.client_id)
        return self._with_secret(client, secret)

    async def revoke(self, id_: uuid.UUID) -> PartnerClient:
        client = await self.get(id_)
        if client.revoked_at is None:
            client.revoked_at = datetime.now(UTC)
            await self.session.flush()
            log.info("partner_client_revoked", client_id=client.client_id)
        return client

    @staticmethod
    def _with_secret(client: PartnerClient, secret: str) -> PartnerClientSecret:
        read = PartnerClientRead.model_validate(client)
        return PartnerClientSecret(**read.model_dump(), client_secret=secret)
