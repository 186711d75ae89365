"""Inbox routes: what was delivered to you (/inbox)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from messaging.exceptions import InboxEntryNotFound, InvalidPublicationState
from messaging.inbox.schemas import AcknowledgementWrite, InboxEntryRead
from messaging.inbox.service import InboxService
from peelian.auth import PrincipalDep
from peelian.db.engine import SessionDep
from peelian.errors import Unauthorized, error_responses
from peelian.pagination import InvalidCursor, Page, PageParamsDep

router = APIRouter(prefix="/inbox", tags=["inbox"], responses=error_responses(Unauthorized))

LanguageQuery = Annotated[
    str | None, Query(alias="lang", max_length=35, description="Your language, e.g. cy")
]


def _service(session: SessionDep) -> InboxService:
    return InboxService(session)


InboxServiceDep = Annotated[InboxService, Depends(_service)]


@router.get("", responses=error_responses(InvalidCursor))
async def list_inbox(
    principal: PrincipalDep,
    inbox: InboxServiceDep,
    page: PageParamsDep,
    language: LanguageQuery = None,
) -> Page[InboxEntryRead]:
    """Your messages, newest first, in your language where there is a translation."""
    return await inbox.page(principal, page, language)


@router.post("/{publication_id}/read", responses=error_responses(InboxEntryNotFound))
async def mark_read(
    publication_id: uuid.UUID,
    principal: PrincipalDep,
    inbox: InboxServiceDep,
    language: LanguageQuery = None,
) -> InboxEntryRead:
    """Mark a message read."""
    return await inbox.read(principal, publication_id, language)


@router.post(
    "/{publication_id}/acknowledge",
    responses=error_responses(InboxEntryNotFound, InvalidPublicationState),
)
async def acknowledge(
    publication_id: uuid.UUID,
    data: AcknowledgementWrite,
    principal: PrincipalDep,
    inbox: InboxServiceDep,
    language: LanguageQuery = None,
) -> InboxEntryRead:
    """Answer a warning that asks for it: "safe" (I am safe) or "seen"."""
    return await inbox.acknowledge(principal, publication_id, data.response, language)
