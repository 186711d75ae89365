"""Inbox routes: what was delivered to you (/inbox)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from messaging.exceptions import InboxEntryNotFound, InvalidPublicationState
from messaging.inbox.schemas import AcknowledgementWrite, InboxEntryRead
from messaging.inbox.service import InboxService
from peelian.auth import PrincipalDep
from peelian.db.engine import SessionDep
from peelian.errors import Unauthorized, error_responses

router = APIRouter(prefix="/inbox", tags=["inbox"], responses=error_responses(Unauthorized))

LanguageQuery = Annotated[
    str | None, Query(alias="lang", max_length=35, description="Your language, e.g. cy")
]


def _service(session: SessionDep) -> InboxService:
    return InboxService(session)


InboxServiceDep = Annotated[InboxService, Depends(_service)]


@router.get("")
async def list_inbox(
    principal: PrincipalDep,
    inbox: InboxServiceDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    before: Annotated[int | None, Query(description="The last id of the previous page")] = None,
    language: LanguageQuery = None,
) -> list[InboxEntryRead]:
    """Your messages, newest first, in your language where there is a translation."""
    return await inbox.page(principal, limit, before, language)


@router.post("/{entry_id}/read", responses=error_responses(InboxEntryNotFound))
async def mark_read(
    entry_id: int, principal: PrincipalDep, inbox: InboxServiceDep, language: LanguageQuery = None
) -> InboxEntryRead:
    """Mark a message read."""
    return await inbox.read(principal, entry_id, language)


@router.post(
    "/{entry_id}/acknowledge",
    responses=error_responses(InboxEntryNotFound, InvalidPublicationState),
)
async def acknowledge(
    entry_id: int,
    data: AcknowledgementWrite,
    principal: PrincipalDep,
    inbox: InboxServiceDep,
    language: LanguageQuery = None,
) -> InboxEntryRead:
    """Answer a warning that asks for it: "safe" (I am safe) or "seen"."""
    return await inbox.acknowledge(principal, entry_id, data.response, language)
