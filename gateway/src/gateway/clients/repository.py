"""All SQL of the partner clients domain."""

from __future__ import annotations

from sqlalchemy import select

from gateway.clients.models import PartnerClient
from peelian.db.repository import BaseRepository
from peelian.pagination import PageParams, Slice


class PartnerClientRepository(BaseRepository[PartnerClient]):
    model = PartnerClient

    async def by_client_id(self, client_id: str) -> PartnerClient | None:
        return await self.session.scalar(
            select(PartnerClient).where(PartnerClient.client_id == client_id)
        )

    async def list(self, params: PageParams) -> Slice[PartnerClient]:
        return await self.paginate(self.select(), params)
