"""Deliberation routes under /discussions: anyone reads, citizens propose and vote, officers
open discussions, moderate and publish the response ("you said, we did")."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, status

from messaging.conversations.exceptions import CitizenBlocked
from messaging.dependencies import StaffDep
from messaging.discussions.exceptions import (
    AlreadyResponded,
    DiscussionClosed,
    DiscussionNotFound,
    InvalidDiscussion,
    ProposalNotFound,
)
from messaging.discussions.models import Discussion, Proposal
from messaging.discussions.schemas import (
    DiscussionCreate,
    DiscussionFilters,
    DiscussionRead,
    DiscussionStaffRead,
    DiscussionSummary,
    Hide,
    ProposalCreate,
    ProposalRead,
    ProposalStaffRead,
    ResponseCreate,
    ResponseRead,
    VoteCast,
)
from messaging.discussions.service import DiscussionService
from peelian.auth import OptionalPrincipalDep, PrincipalDep
from peelian.auth.principal import Principal, Role
from peelian.db.engine import SessionDep
from peelian.errors import Forbidden, Unauthorized, error_responses
from peelian.pagination import Page, PageParamsDep

router = APIRouter(prefix="/discussions", tags=["discussions"])

DiscussionId = Annotated[uuid.UUID, Path(description="The discussion's id")]
ProposalId = Annotated[uuid.UUID, Path(description="The proposal's id")]


def _citizen(principal: PrincipalDep) -> Principal:
    if not principal.has_any(Role.CITIZEN) or principal.is_staff:
        raise Forbidden("proposals and votes come from citizens (signed in or with a reporter key)")
    return principal


CitizenDep = Annotated[Principal, Depends(_citizen)]


def _service(session: SessionDep) -> DiscussionService:
    return DiscussionService(session)


DiscussionServiceDep = Annotated[DiscussionService, Depends(_service)]

_SIGNED_IN = error_responses(Unauthorized, Forbidden)
_CONTRIBUTE = error_responses(
    Unauthorized, Forbidden, DiscussionNotFound, ProposalNotFound, DiscussionClosed
)


def _fields(discussion: Discussion) -> dict[str, Any]:
    response = None
    if discussion.responded_at is not None:
        response = ResponseRead(
            summary=discussion.summary or "",
            response=discussion.response or "",
            proposal_ids=discussion.answered_proposal_ids,
            responded_at=discussion.responded_at,
        )
    return {
        **DiscussionSummary.model_validate(discussion).model_dump(),
        "body": discussion.body,
        "response": response,
    }


def _public(discussion: Discussion, proposals: list[Proposal]) -> DiscussionRead:
    return DiscussionRead.model_validate(
        {**_fields(discussion), "proposals": [ProposalRead.model_validate(p) for p in proposals]}
    )


def _staff(discussion: Discussion, proposals: list[Proposal]) -> DiscussionStaffRead:
    return DiscussionStaffRead.model_validate(
        {
            **_fields(discussion),
            "created_by": discussion.created_by,
            "responded_by": discussion.responded_by,
            "proposals": [ProposalStaffRead.model_validate(p) for p in proposals],
        }
    )


@router.post("", status_code=status.HTTP_201_CREATED, responses=_SIGNED_IN)
async def open_discussion(
    data: DiscussionCreate, principal: StaffDep, discussions: DiscussionServiceDep
) -> DiscussionStaffRead:
    """Put a question to the public (officers)."""
    return _staff(await discussions.open(principal, data), [])


@router.get("")
async def list_discussions(
    filters: Annotated[DiscussionFilters, Query()],
    page: PageParamsDep,
    discussions: DiscussionServiceDep,
) -> Page[DiscussionSummary]:
    """Discussions, newest first; public, no sign-in needed."""
    return Page.of(await discussions.search(filters, page), DiscussionSummary)


@router.get("/{discussion_id}", responses=error_responses(DiscussionNotFound))
async def read_discussion(
    discussion_id: DiscussionId, viewer: OptionalPrincipalDep, discussions: DiscussionServiceDep
) -> DiscussionStaffRead | DiscussionRead:
    """A discussion with its proposals, their votes counted, and the response; public."""
    discussion = await discussions.get(discussion_id)
    proposals = await discussions.proposals_of(discussion, viewer)
    if viewer is not None and viewer.is_staff:
        return _staff(discussion, proposals)
    return _public(discussion, proposals)


@router.post(
    "/{discussion_id}/proposals",
    status_code=status.HTTP_201_CREATED,
    responses={**_CONTRIBUTE, **error_responses(CitizenBlocked)},
)
async def propose(
    discussion_id: DiscussionId,
    data: ProposalCreate,
    principal: CitizenDep,
    discussions: DiscussionServiceDep,
) -> ProposalRead:
    """Make a proposal (citizens, signed in or with a reporter key)."""
    return ProposalRead.model_validate(
        await discussions.propose(principal, discussion_id, data.text)
    )


@router.post("/{discussion_id}/proposals/{proposal_id}/vote", responses=_CONTRIBUTE)
async def vote(
    discussion_id: DiscussionId,
    proposal_id: ProposalId,
    data: VoteCast,
    principal: CitizenDep,
    discussions: DiscussionServiceDep,
) -> ProposalRead:
    """Support or oppose a proposal, or take your vote back (one vote per person)."""
    proposal = await discussions.vote(principal, discussion_id, proposal_id, data.stance)
    return ProposalRead.model_validate(proposal)


@router.post(
    "/{discussion_id}/proposals/{proposal_id}/hide",
    responses={**_SIGNED_IN, **error_responses(ProposalNotFound)},
)
async def hide_proposal(
    discussion_id: DiscussionId,
    proposal_id: ProposalId,
    data: Hide,
    principal: StaffDep,
    discussions: DiscussionServiceDep,
) -> ProposalStaffRead:
    """Hide a proposal from the public (moderation); staff still see it."""
    proposal = await discussions.hide(principal, discussion_id, proposal_id, data.reason)
    return ProposalStaffRead.model_validate(proposal)


@router.post(
    "/{discussion_id}/response",
    responses={
        **_SIGNED_IN,
        **error_responses(DiscussionNotFound, AlreadyResponded, InvalidDiscussion),
    },
)
async def publish_response(
    discussion_id: DiscussionId,
    data: ResponseCreate,
    principal: StaffDep,
    discussions: DiscussionServiceDep,
) -> DiscussionStaffRead:
    """Publish the summary and the response, linking the proposals it answers; this closes
    the discussion (officers)."""
    discussion = await discussions.respond(principal, discussion_id, data)
    proposals = await discussions.proposals_of(discussion, principal)
    return _staff(discussion, proposals)
