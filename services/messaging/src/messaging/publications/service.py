"""Domain logic of publications: drafts, approval (warnings need a supervisor), publishing,
retraction, reading in the reader's language, and reach."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from messaging.events import emit
from messaging.exceptions import InvalidPublicationState, PublicationNotFound
from messaging.publications.models import FanOut, Kind, Publication, Status, Translation
from messaging.publications.repository import FanOutRepository, PublicationRepository
from messaging.publications.schemas import (
    AreaReach,
    FanOutRead,
    PublicationCreate,
    PublicationRead,
    ReachRead,
)
from messaging.targets import check_targets
from peelian.auth.principal import Principal, Role
from peelian.errors import Forbidden
from peelian.events.contracts.messaging import PublicationPublishedV1, PublicationRetractedV1
from peelian.pagination import PageParams, Slice

# Kinds delivered to subscribers' inboxes; news and advice are read in the feeds.
FANNED_OUT = frozenset({Kind.WARNING, Kind.APPEAL})


class PublicationService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.publications = PublicationRepository(session)
        self.fan_outs = FanOutRepository(session)

    async def create(
        self,
        principal: Principal,
        data: PublicationCreate,
        *,
        publication_id: uuid.UUID | None = None,
    ) -> Publication:
        await check_targets(self.session, data.areas, data.topics)
        publication = await self.publications.add(
            Publication(
                id=publication_id or uuid.uuid4(),
                kind=data.kind,
                status=Status.DRAFT,
                severity=data.severity,
                areas=data.areas,
                topics=data.topics,
                default_language=data.default_language,
                requires_acknowledgement=data.requires_acknowledgement,
                expires_at=data.expires_at,
                version=1,
                created_by=principal.subject,
            )
        )
        await self.publications.add_translations(
            [
                Translation(publication_id=publication.id, **t.model_dump())
                for t in data.translations
            ]
        )
        return publication

    async def get(self, publication_id: uuid.UUID, *, for_update: bool = False) -> Publication:
        publication = await self.publications.get(publication_id, for_update=for_update)
        if publication is None:
            raise PublicationNotFound("no publication with this id")
        return publication

    async def publish(self, principal: Principal, publication: Publication) -> Publication:
        """Publish now; an officer's warning goes to a supervisor for approval instead."""
        if publication.status not in (Status.DRAFT, Status.PENDING_APPROVAL):
            raise InvalidPublicationState(f"a {publication.status} publication cannot be published")
        if publication.kind == Kind.WARNING and not principal.has_any(Role.SUPERVISOR, Role.ADMIN):
            publication.status = Status.PENDING_APPROVAL
            await self.session.flush()
            return publication
        return await self._go_live(principal, publication)

    async def approve(self, principal: Principal, publication: Publication) -> Publication:
        if not principal.has_any(Role.SUPERVISOR, Role.ADMIN):
            raise Forbidden("warnings are approved by a supervisor")
        if publication.status != Status.PENDING_APPROVAL:
            raise InvalidPublicationState("only a publication awaiting approval can be approved")
        return await self._go_live(principal, publication)

    async def _go_live(self, principal: Principal, publication: Publication) -> Publication:
        now = datetime.now(UTC)
        publication.status = Status.PUBLISHED
        publication.approved_by = principal.subject
        publication.published_at = now
        if publication.kind in FANNED_OUT and publication.areas:
            await self.fan_outs.add(FanOut(publication_id=publication.id))
        translations = await self.publications.translations(publication.id)
        await emit(
            self.session,
            PublicationPublishedV1(
                publication_id=publication.id,
                kind=publication.kind,
                version=publication.version,
                title=_pick(translations, publication.default_language, None).title,
                areas=list(publication.areas),
                topics=list(publication.topics),
                languages=sorted(t.language for t in translations),
                published_at=now,
            ),
            publication.id,
        )
        await self.session.flush()
        return publication

    async def retract(self, publication: Publication, reason: str) -> Publication:
        if publication.status != Status.PUBLISHED:
            raise InvalidPublicationState("only a published publication can be retracted")
        publication.status = Status.RETRACTED
        publication.retracted_at = datetime.now(UTC)
        publication.retraction_reason = reason
        await emit(
            self.session,
            PublicationRetractedV1(publication_id=publication.id, reason=reason),
            publication.id,
        )
        await self.session.flush()
        return publication

    async def render(self, publication: Publication, language: str | None) -> PublicationRead:
        """The publication in ``language`` if it has it, else in its default language."""
        translations = await self.publications.translations(publication.id)
        chosen = _pick(translations, publication.default_language, language)
        return PublicationRead(
            id=publication.id,
            kind=publication.kind,
            status=publication.status,
            severity=publication.severity,
            areas=publication.areas,
            topics=publication.topics,
            language=chosen.language,
            title=chosen.title,
            body=chosen.body,
            languages=sorted(t.language for t in translations),
            requires_acknowledgement=publication.requires_acknowledgement,
            expires_at=publication.expires_at,
            version=publication.version,
            published_at=publication.published_at,
        )

    async def feed(
        self,
        params: PageParams,
        *,
        area: str | None,
        topic: str | None,
        kind: str | None,
    ) -> Slice[Publication]:
        return await self.publications.published(params, area=area, topic=topic, kind=kind)

    async def reach(self, publication: Publication) -> ReachRead:
        rows = [AreaReach(**row) for row in await self.publications.reach(publication.id)]
        fan_out = await self.fan_outs.get(publication.id)
        return ReachRead(
            fan_out=FanOutRead.model_validate(fan_out) if fan_out is not None else None,
            total=AreaReach(
                area=None,
                delivered=sum(r.delivered for r in rows),
                read=sum(r.read for r in rows),
                acknowledged=sum(r.acknowledged for r in rows),
            ),
            by_area=rows,
        )


def _pick(translations: list[Translation], default: str, wanted: str | None) -> Translation:
    by_language = {t.language: t for t in translations}
    if wanted is not None:
        # "cy-GB" is served by "cy" when there is no exact match.
        for candidate in (wanted, wanted.split("-")[0]):
            if candidate in by_language:
                return by_language[candidate]
    return by_language[default]
