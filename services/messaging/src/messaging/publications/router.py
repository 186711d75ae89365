"""Publication routes: officers write and publish (/publications); anyone reads the public
feed (/feeds/publications)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response, status
from pydantic import BaseModel, Field

from messaging.config import MessagingSettings
from messaging.dependencies import SettingsDep, StaffDep
from messaging.exceptions import (
    InvalidPublicationState,
    PublicationNotFound,
    UnknownArea,
    UnknownTopic,
)
from messaging.inbox.router import LanguageQuery
from messaging.publications import syndication
from messaging.publications.models import Kind, Status
from messaging.publications.schemas import (
    AudienceQuery,
    AudienceRead,
    CommentRead,
    CommentWrite,
    HistoryEntryRead,
    PublicationCreate,
    PublicationFilters,
    PublicationRead,
    PublicationUpdate,
    PublishRequest,
    RatingsRead,
    RatingWrite,
    ReachRead,
    Retraction,
)
from messaging.publications.service import CommentNotFound, PublicationService
from peelian.auth import PrincipalDep
from peelian.db.engine import SessionDep
from peelian.errors import Forbidden, Unauthorized, error_responses
from peelian.pagination import Page, PageParams, PageParamsDep
from peelian.reference import FORCE_NAME

router = APIRouter(
    prefix="/publications",
    tags=["publications"],
    responses=error_responses(Unauthorized, Forbidden),
)
feeds = APIRouter(prefix="/feeds", tags=["feeds"])


def _service(session: SessionDep) -> PublicationService:
    return PublicationService(session)


PublicationServiceDep = Annotated[PublicationService, Depends(_service)]
PublicationId = uuid.UUID
_FOUND = error_responses(PublicationNotFound)
ATOM = "application/atom+xml"
RSS = "application/rss+xml"
# Items in a syndicated feed: readers poll it, newest first.
SYNDICATED = 50
_STATE = error_responses(PublicationNotFound, InvalidPublicationState)


@router.post(
    "", status_code=status.HTTP_201_CREATED, responses=error_responses(UnknownArea, UnknownTopic)
)
async def create_publication(
    data: PublicationCreate, principal: StaffDep, publications: PublicationServiceDep
) -> PublicationRead:
    """Write a draft news item, appeal, warning or advice article, with its translations."""
    publication = await publications.create(principal, data)
    return await publications.render(publication, None)


@router.get("")
async def list_publications(
    _: StaffDep,
    filters: Annotated[PublicationFilters, Query()],
    page: PageParamsDep,
    publications: PublicationServiceDep,
) -> Page[PublicationRead]:
    """Every publication in any state, newest first, by status and kind (staff)."""
    rows = await publications.search(page, status=filters.status, kind=filters.kind)
    items = await publications.render_many(rows.items, None)
    return Page[PublicationRead](items=items, next_cursor=rows.next_cursor)


@router.get("/audience", responses=error_responses(UnknownArea, UnknownTopic))
async def audience(
    _: StaffDep, query: Annotated[AudienceQuery, Query()], publications: PublicationServiceDep
) -> AudienceRead:
    """How many subscribers a warning or appeal to these areas and topics would reach (staff)."""
    return AudienceRead(subscriptions=await publications.audience(query.areas, query.topics))


@router.get("/{publication_id}", responses=_FOUND)
async def read_publication(
    publication_id: PublicationId,
    _: StaffDep,
    publications: PublicationServiceDep,
    language: LanguageQuery = None,
) -> PublicationRead:
    """A publication in any state (staff)."""
    return await publications.render(await publications.get(publication_id), language)


@router.post("/{publication_id}/publish", responses=_STATE)
async def publish(
    publication_id: PublicationId,
    principal: StaffDep,
    publications: PublicationServiceDep,
    data: PublishRequest | None = None,
) -> PublicationRead:
    """Publish a draft now or at a time; an officer's warning goes to a supervisor first."""
    publication = await publications.get(publication_id, for_update=True)
    at = data.publish_at if data is not None else None
    return await publications.render(await publications.publish(principal, publication, at), None)


@router.post("/{publication_id}/approve", responses=_STATE)
async def approve(
    publication_id: PublicationId, principal: StaffDep, publications: PublicationServiceDep
) -> PublicationRead:
    """Approve and publish a warning awaiting approval (supervisors)."""
    publication = await publications.get(publication_id, for_update=True)
    return await publications.render(await publications.approve(principal, publication), None)


@router.post("/{publication_id}/retract", responses=_STATE)
async def retract(
    publication_id: PublicationId,
    data: Retraction,
    principal: StaffDep,
    publications: PublicationServiceDep,
) -> PublicationRead:
    """Take a publication out of the feeds (or cancel a scheduled one), saying why."""
    publication = await publications.get(publication_id, for_update=True)
    retracted = await publications.retract(principal, publication, data.reason)
    return await publications.render(retracted, None)


@router.patch(
    "/{publication_id}", responses={**_STATE, **error_responses(UnknownArea, UnknownTopic)}
)
async def update_publication(
    publication_id: PublicationId,
    data: PublicationUpdate,
    principal: StaffDep,
    publications: PublicationServiceDep,
) -> PublicationRead:
    """Edit a draft, or publish a new version of a published item (kept in its history)."""
    publication = await publications.get(publication_id, for_update=True)
    return await publications.render(await publications.update(principal, publication, data), None)


@router.get("/{publication_id}/history", responses=_FOUND)
async def publication_history(
    publication_id: PublicationId, _: StaffDep, publications: PublicationServiceDep
) -> list[HistoryEntryRead]:
    """Everything that happened to a publication, oldest first (staff)."""
    entries = await publications.history(await publications.get(publication_id))
    return [HistoryEntryRead.model_validate(e) for e in entries]


@router.post("/{publication_id}/comments", status_code=status.HTTP_201_CREATED, responses=_STATE)
async def add_comment(
    publication_id: PublicationId,
    data: CommentWrite,
    principal: PrincipalDep,
    publications: PublicationServiceDep,
) -> CommentRead:
    """Comment on a published item."""
    publication = await publications.get(publication_id)
    return CommentRead.model_validate(await publications.comment(principal, publication, data.body))


@router.get("/{publication_id}/comments", responses=_FOUND)
async def list_comments(
    publication_id: PublicationId,
    principal: PrincipalDep,
    page: PageParamsDep,
    publications: PublicationServiceDep,
) -> Page[CommentRead]:
    """Readers' comments, newest first (hidden ones only for staff)."""
    publication = await publications.get(publication_id)
    return Page.of(await publications.comments(principal, publication, page), CommentRead)


@router.post(
    "/{publication_id}/comments/{comment_id}/hide",
    responses=error_responses(PublicationNotFound, CommentNotFound),
)
async def hide_comment(
    publication_id: PublicationId,
    comment_id: uuid.UUID,
    _: StaffDep,
    publications: PublicationServiceDep,
) -> CommentRead:
    """Hide an abusive or off-topic comment (staff)."""
    publication = await publications.get(publication_id)
    return CommentRead.model_validate(await publications.hide_comment(publication, comment_id))


@router.put("/{publication_id}/rating", responses=_STATE)
async def rate(
    publication_id: PublicationId,
    data: RatingWrite,
    principal: PrincipalDep,
    publications: PublicationServiceDep,
) -> RatingsRead:
    """Rate a published item, 1 to 5 stars (again to change your rating)."""
    return await publications.rate(principal, await publications.get(publication_id), data.stars)


@router.get("/{publication_id}/rating", responses=_FOUND)
async def ratings(
    publication_id: PublicationId, principal: PrincipalDep, publications: PublicationServiceDep
) -> RatingsRead:
    """How readers rated an item, and your own rating."""
    return await publications.ratings(principal, await publications.get(publication_id))


@router.get("/{publication_id}/reach", responses=_FOUND)
async def reach(
    publication_id: PublicationId, _: StaffDep, publications: PublicationServiceDep
) -> ReachRead:
    """How far delivery has got, and how many were delivered, read and acknowledged, by area."""
    return await publications.reach(await publications.get(publication_id))


class FeedFilters(BaseModel):
    area: str | None = Field(default=None, max_length=100)
    topic: str | None = Field(default=None, max_length=50)
    kind: Kind | None = None
    lang: str | None = Field(default=None, max_length=35, description="Your language, e.g. cy")


FeedFiltersDep = Annotated[FeedFilters, Query()]


async def _feed_page(
    publications: PublicationService, page: PageParams, filters: FeedFilters
) -> Page[PublicationRead]:
    rows = await publications.feed(page, area=filters.area, topic=filters.topic, kind=filters.kind)
    items = await publications.render_many(rows.items, filters.lang)
    return Page[PublicationRead](items=items, next_cursor=rows.next_cursor)


@feeds.get("/publications")
async def public_feed(
    publications: PublicationServiceDep, page: PageParamsDep, filters: FeedFiltersDep
) -> Page[PublicationRead]:
    """Published, unexpired items, newest first, by area, topic and kind (no sign-in needed)."""
    return await _feed_page(publications, page, filters)


@feeds.get(
    "/publications.atom",
    response_class=Response,
    responses={200: {"content": {ATOM: {}}, "description": "An Atom 1.0 feed"}},
)
async def atom_feed(
    request: Request,
    publications: PublicationServiceDep,
    settings: SettingsDep,
    filters: FeedFiltersDep,
) -> Response:
    """The public feed as Atom, for websites and social media tools (no sign-in needed)."""
    return await _syndicated(request, publications, settings, filters, atom=True)


@feeds.get(
    "/publications.rss",
    response_class=Response,
    responses={200: {"content": {RSS: {}}, "description": "An RSS 2.0 feed"}},
)
async def rss_feed(
    request: Request,
    publications: PublicationServiceDep,
    settings: SettingsDep,
    filters: FeedFiltersDep,
) -> Response:
    """The public feed as RSS 2.0 (no sign-in needed)."""
    return await _syndicated(request, publications, settings, filters, atom=False)


async def _syndicated(
    request: Request,
    publications: PublicationService,
    settings: MessagingSettings,
    filters: FeedFilters,
    *,
    atom: bool,
) -> Response:
    page = await _feed_page(publications, PageParams(limit=SYNDICATED, cursor=None), filters)
    base = settings.public_base_url.rstrip("/")
    query = f"?{request.url.query}" if request.url.query else ""
    title = " - ".join(
        part
        for part in (FORCE_NAME, filters.area, filters.topic, filters.kind and filters.kind.value)
        if part
    )
    document = syndication.render(
        page.items,
        base_url=base,
        self_url=f"{base}{request.url.path}{query}",
        title=title,
        atom=atom,
    )
    return Response(document, media_type=ATOM if atom else RSS)


@feeds.get("/publications/{publication_id}", responses=_FOUND)
async def public_publication(
    publication_id: PublicationId,
    publications: PublicationServiceDep,
    language: LanguageQuery = None,
) -> PublicationRead:
    """One published item (no sign-in needed); drafts and retracted ones are not found."""
    publication = await publications.get(publication_id)
    if publication.status != Status.PUBLISHED:
        raise PublicationNotFound("no published publication with this id")
    return await publications.render(publication, language)
