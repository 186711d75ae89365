"""Domain logic of the inbox: reading and acknowledging what one received."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from messaging.events import emit
from messaging.exceptions import InboxEntryNotFound, InvalidPublicationState
from messaging.inbox.models import EntryState, InboxEntry
from messaging.inbox.repository import InboxRepository
from messaging.inbox.schemas import Acknowledgement, InboxEntryRead
from messaging.publications.schemas import PublicationRead
from messaging.publications.service import PublicationService
from peelian.auth.principal import Principal
from peelian.events.contracts.messaging import NotificationAcknowledgedV1
from peelian.pagination import Page, PageParams


class InboxService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.inbox = InboxRepository(session)
        self.publications = PublicationService(session)

    async def page(
        self, principal: Principal, params: PageParams, language: str | None
    ) -> Page[InboxEntryRead]:
        entries = await self.inbox.page(principal.subject, params)
        publications = await self.publications.many([e.publication_id for e in entries.items])
        rendered = await self.publications.render_many(list(publications.values()), language)
        by_id = {r.id: r for r in rendered}
        return Page[InboxEntryRead](
            items=[_read(e, by_id[e.publication_id]) for e in entries.items],
            next_cursor=entries.next_cursor,
        )

    async def read(
        self, principal: Principal, publication_id: uuid.UUID, language: str | None
    ) -> InboxEntryRead:
        entry = await self._own(principal, publication_id)
        if entry.state == EntryState.DELIVERED:
            entry.state = EntryState.READ
            entry.read_at = datetime.now(UTC)
            await self.session.flush()
        return await self._render(entry, language)

    async def acknowledge(
        self,
        principal: Principal,
        publication_id: uuid.UUID,
        response: Acknowledgement,
        language: str | None,
    ) -> InboxEntryRead:
        entry = await self._own(principal, publication_id)
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

    async def _own(self, principal: Principal, publication_id: uuid.UUID) -> InboxEntry:
        entry = await self.inbox.of(principal.subject, publication_id)
        if entry is None:
            raise InboxEntryNotFound("no such message in your inbox")
        return entry

    async def _render(self, entry: InboxEntry, language: str | None) -> InboxEntryRead:
        publication = await self.publications.get(entry.publication_id)
        return _read(entry, await self.publications.render(publication, language))


def _read(entry: InboxEntry, publication: PublicationRead) -> InboxEntryRead:
    return InboxEntryRead(
        state=entry.state,
        acknowledgement=entry.acknowledgement,
        delivered_at=entry.delivered_at,
        read_at=entry.read_at,
        publication=publication,
    )
