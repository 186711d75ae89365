"""Conversation routes: citizens (signed in or with a reporter key) talk to the force under
/conversations; officers work the team inbox, reply, moderate and block."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status

from messaging.conversations.access import (
    CitizenDep,
    ConversationForUpdateOr404,
    ConversationOr404,
    ParticipantDep,
)
from messaging.conversations.dependencies import ConversationServiceDep
from messaging.conversations.exceptions import (
    CitizenBlocked,
    ConversationEnded,
    ConversationNotFound,
    InvalidAttachment,
    MessageNotFound,
    PartnersDoNotConverse,
    StaffOnlyFilter,
)
from messaging.conversations.models import Conversation
from messaging.conversations.schemas import (
    AppealResponseContact,
    BlockCreate,
    BlockRead,
    ConversationCreate,
    ConversationDetail,
    ConversationFilters,
    ConversationRead,
    ConversationStaffDetail,
    ConversationStaffRead,
    ConversationUpdate,
    Hide,
    MessageCreate,
    MessageRead,
    MessageStaffRead,
)
from messaging.conversations.service import ConversationService
from messaging.dependencies import StaffDep
from peelian.auth.principal import Principal
from peelian.errors import Forbidden, Unauthorized, error_responses
from peelian.pagination import Page, PageParamsDep

router = APIRouter(
    prefix="/conversations",
    tags=["conversations"],
    responses=error_responses(Unauthorized, PartnersDoNotConverse),
)

_SEEN = error_responses(ConversationNotFound)
_STAFF = error_responses(ConversationNotFound, Forbidden)


def _read(
    principal: Principal, conversation: Conversation
) -> ConversationStaffRead | ConversationRead:
    if principal.is_staff:
        return ConversationStaffRead.model_validate(conversation)
    return ConversationRead.model_validate(conversation)


async def _citizen_detail(
    conversation: Conversation, conversations: ConversationService
) -> ConversationDetail:
    messages = await conversations.messages_of(conversation)
    return ConversationDetail.model_validate(
        {
            **ConversationRead.model_validate(conversation).model_dump(),
            "messages": [MessageRead.model_validate(m) for m in messages],
        }
    )


async def _staff_detail(
    conversation: Conversation, conversations: ConversationService
) -> ConversationStaffDetail:
    messages = await conversations.messages_of(conversation)
    return ConversationStaffDetail.model_validate(
        {
            **ConversationStaffRead.model_validate(conversation).model_dump(),
            "messages": [MessageStaffRead.model_validate(m) for m in messages],
            "citizen_blocked": await conversations.is_blocked(conversation.citizen_id),
        }
    )


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses=error_responses(Forbidden, CitizenBlocked),
)
async def open_conversation(
    data: ConversationCreate, principal: CitizenDep, conversations: ConversationServiceDep
) -> ConversationDetail:
    """Get in touch with the force, generally or in answer to an appeal (citizens)."""
    if isinstance(data, AppealResponseContact):
        conversation = await conversations.open_for_appeal(
            principal, data.publication_id, data.text, data.subject
        )
    else:
        conversation = await conversations.open_general(principal, data)
    return await _citizen_detail(conversation, conversations)


@router.get("", responses=error_responses(StaffOnlyFilter))
async def list_conversations(
    principal: ParticipantDep,
    filters: Annotated[ConversationFilters, Query()],
    page: PageParamsDep,
    conversations: ConversationServiceDep,
) -> Page[ConversationStaffRead] | Page[ConversationRead]:
    """Your conversations, or the team inbox for staff, most recent activity first."""
    rows = await conversations.list_for(principal, filters, page)
    if principal.is_staff:
        return Page.of(rows, ConversationStaffRead)
    return Page.of(rows, ConversationRead)


@router.get("/blocks", responses=error_responses(Forbidden))
async def list_blocks(
    _: StaffDep, page: PageParamsDep, conversations: ConversationServiceDep
) -> Page[BlockRead]:
    """The citizens blocked from posting, newest first (staff)."""
    return Page.of(await conversations.list_blocks(page), BlockRead)


@router.get("/{conversation_id}", responses=_SEEN)
async def read_conversation(
    conversation: ConversationOr404,
    principal: ParticipantDep,
    conversations: ConversationServiceDep,
) -> ConversationStaffDetail | ConversationDetail:
    """One conversation with its messages; hidden messages keep their place for the citizen."""
    if principal.is_staff:
        return await _staff_detail(conversation, conversations)
    return await _citizen_detail(conversation, conversations)


@router.patch(
    "/{conversation_id}",
    responses=_STAFF,
)
async def update_conversation(
    data: ConversationUpdate,
    conversation: ConversationForUpdateOr404,
    _: StaffDep,
    conversations: ConversationServiceDep,
) -> ConversationStaffRead:
    """Assign the conversation (officer, team) or set its status (staff)."""
    return ConversationStaffRead.model_validate(await conversations.update(conversation, data))


@router.post(
    "/{conversation_id}/messages",
    status_code=status.HTTP_201_CREATED,
    responses=error_responses(
        ConversationNotFound, CitizenBlocked, InvalidAttachment, ConversationEnded
    ),
)
async def post_message(
    data: MessageCreate,
    conversation: ConversationForUpdateOr404,
    principal: ParticipantDep,
    conversations: ConversationServiceDep,
) -> MessageStaffRead | MessageRead:
    """Write in the conversation, with references to the report's evidence if it has one."""
    message = await conversations.post(principal, conversation, data.text, data.attachments)
    if principal.is_staff:
        return MessageStaffRead.model_validate(message)
    return MessageRead.model_validate(message)


@router.post("/{conversation_id}/read", responses=_SEEN)
async def mark_read(
    conversation: ConversationForUpdateOr404,
    principal: ParticipantDep,
    conversations: ConversationServiceDep,
) -> ConversationStaffRead | ConversationRead:
    """Mark every message so far as read, for you (a citizen) or for the team (staff)."""
    return _read(principal, await conversations.mark_read(principal, conversation))


@router.post(
    "/{conversation_id}/messages/{message_id}/hide",
    responses={**_STAFF, **error_responses(MessageNotFound)},
)
async def hide_message(
    data: Hide,
    conversation: ConversationForUpdateOr404,
    message_id: Annotated[uuid.UUID, Path(description="The message's id")],
    principal: StaffDep,
    conversations: ConversationServiceDep,
) -> MessageStaffRead:
    """Hide a message from the citizen (moderation); staff still see it, marked hidden."""
    message = await conversations.hide(principal, conversation, message_id, data.reason)
    return MessageStaffRead.model_validate(message)


@router.post(
    "/{conversation_id}/block",
    responses={**_STAFF, **error_responses(ConversationEnded)},
)
async def block_citizen(
    data: BlockCreate,
    conversation: ConversationForUpdateOr404,
    principal: StaffDep,
    conversations: ConversationServiceDep,
) -> BlockRead:
    """Block the conversation's citizen from posting (they can still read); staff."""
    return BlockRead.model_validate(await conversations.block(principal, conversation, data.reason))


@router.delete(
    "/{conversation_id}/block",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={**_STAFF, **error_responses(ConversationEnded)},
)
async def unblock_citizen(
    conversation: ConversationForUpdateOr404, _: StaffDep, conversations: ConversationServiceDep
) -> Response:
    """Let the conversation's citizen post again (staff)."""
    await conversations.unblock(conversation)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
