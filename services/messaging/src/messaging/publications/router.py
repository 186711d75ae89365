"""Publication routes: officers write and publish (/publications); anyone reads the public
feed (/feeds/publications)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, status

from messaging.dependencies import StaffDep
from messaging.exceptions import (
    InvalidPublicationState,
    PublicationNotFound,
    UnknownArea,
    UnknownTopic,
)
from messaging.inbox.router import LanguageQuery
from messaging.publications.models import Kind
from messaging.publications.schemas import (
    PublicationCreate,
    PublicationRead,
    ReachRead,
    Retraction,
)
from messaging.publications.service import PublicationService
from peelian.db.engine import SessionDep
from peelian.errors import Forbidden, Unauthorized, error_responses
from peelian.pagination import Page, PageParamsDep

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
    publication_id: PublicationId, principal: StaffDep, publications: PublicationServiceDep
) -> PublicationRead:
    """Publish a draft; an officer's warning is sent to a supervisor for approval instead."""
    publication = await publications.get(publication_id, for_update=True)
    return await publications.render(await publications.publish(principal, publication), None)


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
    _: StaffDep,
    publications: PublicationServiceDep,
) -> PublicationRead:
    """Take a publication out of the feeds, saying why."""
    publication = await publications.get(publication_id, for_update=True)
    return await publications.render(await publications.retract(publication, data.reason), None)


@router.get("/{publication_id}/reach", responses=_FOUND)
async def reach(
    publication_id: PublicationId, _: StaffDep, publications: PublicationServiceDep
) -> ReachRead:
    """How far delivery has got, and how many were delivered, read and acknowledged, by area."""
    return await publications.reach(await publications.get(publication_id))


@feeds.get("/publications")
async def public_feed(
    publications: PublicationServiceDep,
    page: PageParamsDep,
    area: Annotated[str | None, Query(max_length=100)] = None,
    topic: Annotated[str | None, Query(max_length=50)] = None,
    kind: Kind | None = None,
    language: LanguageQuery = None,
) -> Page[PublicationRead]:
    """Published, unexpired items, newest first (no sign-in needed)."""
    rows = await publications.feed(page, area=area, topic=topic, kind=kind)
    items = [await publications.render(p, language) for p in rows.items]
    return Page[PublicationRead](items=items, next_cursor=rows.next_cursor)
