"""Domain logic of the partner registry (admins keep it)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from referrals.partners.exceptions import PartnerExists, PartnerNotFound
from referrals.partners.models import Partner
from referrals.partners.repository import PartnerRepository
from referrals.partners.schemas import PartnerCreate, PartnerFilters, PartnerUpdate
from referrals.partners.topics import PartnerTopics

log = structlog.get_logger(__name__)


class PartnerService:
    def __init__(self, session: AsyncSession, topics: PartnerTopics) -> None:
        self.session = session
        self.topics = topics
        self.partners = PartnerRepository(session)

    async def create(self, data: PartnerCreate, *, partner_id: uuid.UUID | None = None) -> Partner:
        if await self.partners.by_slug(data.slug) is not None:
            raise PartnerExists(data.slug)
        partner = Partner(
            id=partner_id or uuid.uuid4(),
            slug=data.slug,
            name=data.name,
            description=data.description,
            categories=data.categories,
            contacts=[c.model_dump() for c in data.contacts],
            active=data.active,
            kafka_feed=data.kafka_feed,
            agreement_reference=data.agreement.reference,
            agreement_fields=[str(f) for f in data.agreement.fields],
            agreement_updated_at=datetime.now(UTC),
        )
        await self._ensure_feed(partner)
        await self.partners.add(partner)
        await self.session.refresh(partner)
        log.info("partner_created", partner_id=str(partner.id), slug=partner.slug)
        return partner

    async def update(self, partner_id: uuid.UUID, data: PartnerUpdate) -> Partner:
        partner = await self.get(partner_id, for_update=True)
        changes = data.model_dump(exclude_unset=True, exclude={"agreement", "contacts"})
        for name, value in changes.items():
            if value is not None:
                setattr(partner, name, value)
        if data.contacts is not None:
            partner.contacts = [c.model_dump() for c in data.contacts]
        if data.agreement is not None:
            partner.agreement_reference = data.agreement.reference
            partner.agreement_fields = [str(f) for f in data.agreement.fields]
            partner.agreement_updated_at = datetime.now(UTC)
        await self._ensure_feed(partner)
        await self.session.flush()
        await self.session.refresh(partner)
        log.info("partner_updated", partner_id=str(partner.id), changed=sorted(changes))
        return partner

    async def get(self, partner_id: uuid.UUID, *, for_update: bool = False) -> Partner:
        partner = await self.partners.get(partner_id, for_update=for_update)
        if partner is None:
            raise PartnerNotFound()
        return partner

    async def search(self, filters: PartnerFilters) -> list[Partner]:
        return await self.partners.search(filters)

    async def _ensure_feed(self, partner: Partner) -> None:
        # Before the change commits: no event may be written for a topic that does not exist.
        if partner.feed_topic is not None:
            await self.topics.ensure(partner.feed_topic)
