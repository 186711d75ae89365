"""Domain logic of the inbox: reading and acknowledging what one received."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from messaging.events import emit
from messaging.exceptions import InboxEntryNotFound, InvalidPublicationState
from messaging.inbox.models import EntryState, InboxEntry
from messaging.inbox.repository import InboxRepository
from messaging.inbox.schemas import Acknowledgement, InboxEntryRead
from messaging.publications.service import PublicationService
from peelian.auth.principal import Principal
from peelian.events.contracts.messaging import NotificationAcknowledgedV1


class InboxService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.inbox = InboxRepository(session)
        self.publications = PublicationService(session)

    async def page(
        self, principal: Principal, limit: int, before_id: int | None, language: str | None
    ) -> list[InboxEntryRead]:
        entries = await self.inbox.page(principal.subject, limit, before_id)
        return [await self._render(entry, language) for entry in entries]

    async def read(
        self, principal: Principal, entry_id: int, language: str | None
    ) -> InboxEntryRead:
        entry = await self._own(principal, entry_id)
        if entry.state == EntryState.DELIVERED:
            entry.state = EntryState.READ
            entry.read_at = datetime.now(UTC)
            await self.session.flush()
        return await self._render(entry, language)

    async def acknowledge(
        self, principal: Principal, entry_id: int, response: Acknowledgement, language: str | None
    ) -> InboxEntryRead:
        entry = await self._own(principal, entry_id)
        publication = await self.publications.get(entry.publication_id)
        if not publication.requires_acknowledgement:
            raise InvalidPublicationState("this message does not ask for an acknowledgement")
        now = datetime.now(UTC)
        first = entry.state != EntryState.ACKNOWLEDGED
        entry.state = EntryState.ACKNOWLEDGED
        entry.acknowledgement = response
        entry.read_at = entry.read_at or now
        entry.acknowledged_at = now
        await self.session.flush()
        if first:
            await emit(
                self.session,
                NotificationAcknowledgedV1(
                    publication_id=publication.id,
                    response=response,
                    areas=[entry.area] if entry.area else [],
                ),
                publication.id,
            )
        return await self._render(entry, language)

    async def _own(self, principal: Principal, entry_id: int) -> InboxEntry:
        entry = await self.inbox.of(principal.subject, entry_id)
        if entry is None:
            raise InboxEntryNotFound("no such message in your inbox")
        return entry

    async def _render(self, entry: InboxEntry, language: str | None) -> InboxEntryRead:
        publication = await self.publications.get(entry.publication_id)
        return InboxEntryRead(
            id=entry.id,
            state=entry.state,
            acknowledgement=entry.acknowledgement,
            delivered_at=entry.delivered_at,
            publication=await self.publications.render(publication, language),
        )
