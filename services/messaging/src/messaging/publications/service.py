"""Domain logic of publications: drafts, approval (warnings need a supervisor), publishing,
retraction, reading in the reader's language, and reach."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

import orjson
import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from messaging.events import emit
from messaging.exceptions import InvalidPublicationState, PublicationNotFound
from messaging.publications.models import (
    Comment,
    HistoryEntry,
    Kind,
    Publication,
    Status,
    Translation,
)
from messaging.publications.repository import FanOutRepository, PublicationRepository
from messaging.publications.schemas import (
    SURVEY_ANNOUNCEMENT,
    AreaReach,
    FanOutRead,
    PublicationCreate,
    PublicationRead,
    PublicationUpdate,
    RatingsRead,
    ReachRead,
)
from messaging.targets import check_targets
from messaging.topics.repository import TopicRepository
from messaging.wording import survey_invitation
from peelian.areas import AreaRepository
from peelian.auth.principal import Principal, Role
from peelian.errors import Forbidden, NotFound
from peelian.events.contracts.messaging import PublicationPublishedV1, PublicationRetractedV1
from peelian.events.contracts.surveys import SurveyPublishedV1
from peelian.pagination import PageParams, Slice

log = structlog.get_logger(__name__)


class CommentNotFound(NotFound):
    error = "comment_not_found"


# Kinds delivered to subscribers' inboxes; news and advice are read in the feeds.
FANNED_OUT = frozenset({Kind.WARNING, Kind.APPEAL, Kind.SURVEY})


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
        await self._history(publication, "created", principal)
        return publication

    async def get(self, publication_id: uuid.UUID, *, for_update: bool = False) -> Publication:
        publication = await self.publications.get(publication_id, for_update=for_update)
        if publication is None:
            raise PublicationNotFound("no publication with this id")
        return publication

    async def publish(
        self, principal: Principal, publication: Publication, publish_at: datetime | None = None
    ) -> Publication:
        """Publish now or at ``publish_at``; an officer's warning goes to a supervisor for
        approval first (who then publishes it, at its time if one was asked for)."""
        if publication.status not in (Status.DRAFT, Status.PENDING_APPROVAL):
            raise InvalidPublicationState(f"a {publication.status} publication cannot be published")
        publication.publish_at = publish_at
        if publication.kind == Kind.WARNING and not principal.has_any(Role.SUPERVISOR, Role.ADMIN):
            publication.status = Status.PENDING_APPROVAL
            await self._history(publication, "submitted", principal)
            return publication
        return await self._release(principal, publication)

    async def announce_survey(self, survey: SurveyPublishedV1, link: str) -> Publication | None:
        """Publish a "have your say" item for a survey's areas (every area for one sent to all
        citizens), fanned out like an appeal, by the officer who published the survey. Areas
        or topics messaging does not know are left out rather than refused: the survey is
        open whatever this service knows."""
        areas = await AreaRepository(self.session).slugs()
        if survey.audience == "areas":
            areas &= set(survey.areas)
        topics = set(survey.topics) & await TopicRepository(self.session).slugs()
        if not areas:
            log.warning("survey_not_announced", survey_id=str(survey.survey_id), areas=survey.areas)
            return None
        title, body = survey_invitation(survey)
        open_until = survey.closes_at
        data = PublicationCreate.model_validate(
            {
                "kind": Kind.SURVEY,
                "areas": sorted(areas),
                "topics": sorted(topics),
                "default_language": survey.language,
                "translations": [
                    {"language": survey.language, "title": title, "body": f"{body}\n\n{link}"}
                ],
                "expires_at": open_until if open_until and open_until > datetime.now(UTC) else None,
            },
            context={SURVEY_ANNOUNCEMENT: True},
        )
        officer = Principal(survey.published_by, frozenset({Role.OFFICER}))
        return await self._release(officer, await self.create(officer, data))

    async def approve(self, principal: Principal, publication: Publication) -> Publication:
        if not principal.has_any(Role.SUPERVISOR, Role.ADMIN):
            raise Forbidden("warnings are approved by a supervisor")
        if publication.status != Status.PENDING_APPROVAL:
            raise InvalidPublicationState("only a publication awaiting approval can be approved")
        await self._history(publication, "approved", principal)
        return await self._release(principal, publication)

    async def _release(self, principal: Principal, publication: Publication) -> Publication:
        publication.approved_by = principal.subject
        if publication.publish_at is not None and publication.publish_at > datetime.now(UTC):
            publication.status = Status.SCHEDULED
            await self._history(
                publication,
                "scheduled",
                principal,
                {"publish_at": publication.publish_at.isoformat()},
            )
            return publication
        return await self._go_live(principal, publication)

    async def publish_due(self) -> int:
        """Publish the scheduled publications whose time has come; returns how many."""
        due = await self.publications.due()
        for publication in due:
            await self._go_live(None, publication)
        return len(due)

    async def update(
        self, principal: Principal, publication: Publication, data: PublicationUpdate
    ) -> Publication:
        if publication.status == Status.RETRACTED:
            raise InvalidPublicationState("a retracted publication cannot be changed")
        if publication.expires_at is not None and publication.expires_at <= datetime.now(UTC):
            raise InvalidPublicationState(
                "this publication has expired and cannot be edited: publish a new one"
            )
        changes = data.model_dump(exclude_unset=True)
        await check_targets(self.session, changes.get("areas") or [], changes.get("topics") or [])
        live = publication.status == Status.PUBLISHED
        if "translations" in changes:
            assert data.translations is not None
            languages = {t.language for t in data.translations}
            if publication.default_language not in languages:
                raise InvalidPublicationState(
                    f"keep a translation in the default language {publication.default_language}"
                )
            replaced = await self.publications.translations(publication.id)
            await self.publications.replace_translations(
                publication.id,
                [
                    Translation(publication_id=publication.id, **t.model_dump())
                    for t in data.translations
                ],
            )
            changes["previous_translations"] = [
                {"language": t.language, "title": t.title, "body": t.body} for t in replaced
            ]
        for field in ("areas", "topics", "expires_at"):
            if field in changes:
                setattr(publication, field, changes[field])
        if live:
            publication.version += 1
        await self._history(
            publication,
            "updated",
            principal,
            {k: v for k, v in changes.items() if k != "translations"}
            | {"fields": sorted(k for k in changes if k != "previous_translations")},
        )
        if live:
            await self._announce(publication)
        await self.session.flush()
        return publication

    async def history(self, publication: Publication) -> list[HistoryEntry]:
        return await self.publications.history(publication.id)

    # --- readers' comments and ratings ---

    async def comment(self, principal: Principal, publication: Publication, body: str) -> Comment:
        self._require_live(publication)
        return await self.publications.add_comment(
            Comment(
                publication_id=publication.id,
                author_id=principal.subject,
                author_role="officer" if principal.is_staff else "citizen",
                body=body,
                hidden=False,
            )
        )

    async def comments(
        self, principal: Principal, publication: Publication, params: PageParams
    ) -> Slice[Comment]:
        return await self.publications.comments(
            publication.id, params, include_hidden=principal.is_staff
        )

    async def hide_comment(self, publication: Publication, comment_id: uuid.UUID) -> Comment:
        comment = await self.publications.comment(publication.id, comment_id)
        if comment is None:
            raise CommentNotFound("no such comment on this publication")
        comment.hidden = True
        await self.session.flush()
        return comment

    async def rate(self, principal: Principal, publication: Publication, stars: int) -> RatingsRead:
        self._require_live(publication)
        await self.publications.rate(publication.id, principal.subject, stars)
        return await self.ratings(principal, publication)

    async def ratings(self, principal: Principal, publication: Publication) -> RatingsRead:
        count, average, yours = await self.publications.ratings(publication.id, principal.subject)
        return RatingsRead(
            count=count, average=round(average, 2) if average is not None else None, yours=yours
        )

    async def erase_reader(self, account_id: uuid.UUID) -> None:
        """An erased account's comments stay, unnamed; their ratings go."""
        await self.publications.forget_reader(account_id)

    @staticmethod
    def _require_live(publication: Publication) -> None:
        if publication.status != Status.PUBLISHED:
            raise InvalidPublicationState("only published items take comments and ratings")

    async def _history(
        self,
        publication: Publication,
        action: str,
        actor: Principal | None,
        data: dict[str, object] | None = None,
    ) -> None:
        await self.publications.add_history(
            HistoryEntry(
                publication_id=publication.id,
                action=action,
                actor_id=actor.subject if actor is not None else None,
                version=publication.version,
                data=orjson.loads(orjson.dumps(data or {}, default=str)),
            )
        )

    async def _go_live(self, principal: Principal | None, publication: Publication) -> Publication:
        publication.status = Status.PUBLISHED
        publication.published_at = datetime.now(UTC)
        if publication.kind in FANNED_OUT and publication.areas:
            await self.fan_outs.start(publication.id)
        await self._history(publication, "published", principal)
        await self._announce(publication)
        await self.session.flush()
        return publication

    async def _announce(self, publication: Publication) -> None:
        translations = await self.publications.translations(publication.id)
        assert publication.published_at is not None
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
                published_at=publication.published_at,
            ),
            publication.id,
        )

    async def retract(
        self, principal: Principal, publication: Publication, reason: str
    ) -> Publication:
        if publication.status not in (Status.PUBLISHED, Status.SCHEDULED):
            raise InvalidPublicationState("only a published or scheduled item can be retracted")
        publication.status = Status.RETRACTED
        await self._history(publication, "retracted", principal, {"reason": reason})
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
        return (await self.render_many([publication], language))[0]

    async def render_many(
        self, publications: Sequence[Publication], language: str | None
    ) -> list[PublicationRead]:
        """``render`` for a page of publications, their translations read in one query."""
        translations = await self.publications.translations_of([p.id for p in publications])
        return [_read(p, translations.get(p.id, []), language) for p in publications]

    async def many(self, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Publication]:
        return await self.publications.many(ids)

    async def feed(
        self,
        params: PageParams,
        *,
        area: str | None,
        topic: str | None,
        kind: str | None,
    ) -> Slice[Publication]:
        return await self.publications.published(params, area=area, topic=topic, kind=kind)

    async def search(
        self, params: PageParams, *, status: str | None, kind: str | None
    ) -> Slice[Publication]:
        return await self.publications.search(params, status=status, kind=kind)

    async def audience(self, areas: Sequence[str], topics: Sequence[str]) -> int:
        """How many subscribers a warning or appeal to ``areas`` and ``topics`` would reach."""
        await check_targets(self.session, areas, topics)
        return await self.publications.audience(areas, topics)

    async def reach(self, publication: Publication) -> ReachRead:
        # The fan-out first: read after it, the counts include at least what it says is done.
        progress = await self.fan_outs.progress(publication.id)
        rows = [AreaReach(**row) for row in await self.publications.reach(publication.id)]
        return ReachRead(
            fan_out=FanOutRead(**progress) if progress is not None else None,
            total=AreaReach(
                area=None,
                delivered=sum(r.delivered for r in rows),
                read=sum(r.read for r in rows),
                acknowledged=sum(r.acknowledged for r in rows),
            ),
            by_area=rows,
        )


def _read(
    publication: Publication, translations: list[Translation], language: str | None
) -> PublicationRead:
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
        publish_at=publication.publish_at,
    )


def _pick(translations: list[Translation], default: str, wanted: str | None) -> Translation:
    by_language = {t.language: t for t in translations}
    if wanted is not None:
        # "cy-GB" is served by "cy" when there is no exact match.
        for candidate in (wanted, wanted.split("-")[0]):
            if candidate in by_language:
                return by_language[candidate]
    return by_language[default]
