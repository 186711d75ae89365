"""Who takes part in which conversation: the object-level rule every route here applies."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends, Path

from messaging.conversations.exceptions import ConversationNotFound, PartnersDoNotConverse
from messaging.conversations.models import Conversation, Side
from messaging.conversations.repository import ConversationRepository
from peelian.auth import PrincipalDep
from peelian.auth.principal import Principal, Role
from peelian.db.engine import SessionDep
from peelian.errors import Forbidden


def side_of(principal: Principal) -> Side:
    return Side.TEAM if principal.is_staff else Side.CITIZEN


def is_citizen_of(principal: Principal, conversation: Conversation) -> bool:
    return conversation.citizen_id is not None and conversation.citizen_id == principal.subject


def _participant(principal: PrincipalDep) -> Principal:
    if not (principal.is_staff or principal.has_any(Role.CITIZEN)):
        raise PartnersDoNotConverse()
    return principal


# A citizen (signed in or with a reporter key) or one of the force's people; never a partner.
ParticipantDep = Annotated[Principal, Depends(_participant)]


def _citizen(principal: ParticipantDep) -> Principal:
    if principal.is_staff:
        raise Forbidden("conversations are opened by citizens; officers answer in them")
    return principal


CitizenDep = Annotated[Principal, Depends(_citizen)]


async def _visible(
    principal: Principal, session: SessionDep, conversation_id: uuid.UUID, *, for_update: bool
) -> Conversation:
    """Staff see every conversation; a citizen only their own (anything else is a 404, so that
    nobody learns which ids exist)."""
    conversation = await ConversationRepository(session).get_for(
        conversation_id, side_of(principal), for_update=for_update
    )
    if conversation is None or not (principal.is_staff or is_citizen_of(principal, conversation)):
        raise ConversationNotFound()
    return conversation


ConversationId = Annotated[uuid.UUID, Path(description="The conversation's id")]


async def _visible_conversation(
    conversation_id: ConversationId, principal: ParticipantDep, session: SessionDep
) -> Conversation:
    return await _visible(principal, session, conversation_id, for_update=False)


async def _visible_conversation_for_update(
    conversation_id: ConversationId, principal: ParticipantDep, session: SessionDep
) -> Conversation:
    # The row lock serialises what changes the conversation: messages, markers, assignment.
    return await _visible(principal, session, conversation_id, for_update=True)


# The conversation named by the path, if the caller takes part in it; 404 otherwise.
ConversationOr404 = Annotated[Conversation, Depends(_visible_conversation)]
# The same, locked for the rest of the request's transaction.
ConversationForUpdateOr404 = Annotated[Conversation, Depends(_visible_conversation_for_update)]
