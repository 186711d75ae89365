"""Domain logic of deliberation: discussions, proposals, votes and the force's response."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from messaging.conversations.exceptions import CitizenBlocked
from messaging.conversations.repository import BlockRepository
from messaging.discussions.exceptions import (
    AlreadyResponded,
    DiscussionClosed,
    DiscussionNotFound,
    InvalidDiscussion,
    ProposalNotFound,
)
from messaging.discussions.models import Discussion, DiscussionStatus, Proposal, Stance
from messaging.discussions.repository import DiscussionRepository, ProposalRepository
from messaging.discussions.schemas import (
    DiscussionCreate,
    DiscussionFilters,
    ResponseCreate,
    VoteStance,
)
from messaging.events import emit
from peelian.auth.principal import Principal
from peelian.events.contracts.messaging import DiscussionResponsePublishedV1
from peelian.pagination import PageParams, Slice


def discussion_path(discussion_id: uuid.UUID) -> str:
    """Where the public reads a discussion and its response (through the gateway)."""
    return f"/discussions/{discussion_id}"


class DiscussionService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.discussions = DiscussionRepository(session)
        self.proposals = ProposalRepository(session)
        self.blocks = BlockRepository(session)

    async def open(self, principal: Principal, data: DiscussionCreate) -> Discussion:
        discussion = await self.discussions.add(
            Discussion(
                title=data.title,
                question=data.question,
                body=data.body,
                areas=list(dict.fromkeys(data.areas)),
                closes_at=data.closes_at,
                stored_status=DiscussionStatus.OPEN,
                created_by=principal.subject,
                answered_proposal_ids=[],
            )
        )
        return discussion

    async def search(self, filters: DiscussionFilters, params: PageParams) -> Slice[Discussion]:
        return await self.discussions.search(filters, params)

    async def get(self, discussion_id: uuid.UUID) -> Discussion:
        discussion = await self.discussions.get(discussion_id)
        if discussion is None:
            raise DiscussionNotFound()
        return discussion

    async def proposals_of(
        self, discussion: Discussion, viewer: Principal | None
    ) -> list[Proposal]:
        """Visible proposals; moderators also get the hidden ones."""
        staff = viewer is not None and viewer.is_staff
        return await self.proposals.of(
            discussion.id, viewer.subject if viewer else None, include_hidden=staff
        )

    async def propose(self, principal: Principal, discussion_id: uuid.UUID, text: str) -> Proposal:
        await self._accepting(discussion_id)
        if await self.blocks.is_blocked(principal.subject):
            raise CitizenBlocked()
        proposal = await self.proposals.add(
            Proposal(discussion_id=discussion_id, author_id=principal.subject, text=text)
        )
        return await self._counted(discussion_id, proposal.id, principal)

    async def vote(
        self,
        principal: Principal,
        discussion_id: uuid.UUID,
        proposal_id: uuid.UUID,
        stance: VoteStance,
    ) -> Proposal:
        await self._accepting(discussion_id)
        proposal = await self.proposals.get(discussion_id, proposal_id, principal.subject)
        if proposal is None or proposal.hidden:
            raise ProposalNotFound()
        if stance is VoteStance.NONE:
            await self.proposals.unvote(proposal.id, principal.subject)
        else:
            await self.proposals.vote(proposal.id, principal.subject, Stance(stance.value))
        return await self._counted(discussion_id, proposal.id, principal)

    async def hide(
        self, principal: Principal, discussion_id: uuid.UUID, proposal_id: uuid.UUID, reason: str
    ) -> Proposal:
        """Hide a proposal from the public; hiding it again keeps the first decision."""
        proposal = await self.proposals.get(discussion_id, proposal_id, principal.subject)
        if proposal is None:
            raise ProposalNotFound()
        if proposal.hidden_at is None:
            proposal.hidden_at = datetime.now(UTC)
            proposal.hidden_by = principal.subject
            proposal.hidden_reason = reason
            await self.session.flush()
        return await self._counted(discussion_id, proposal.id, principal)

    async def respond(
        self, principal: Principal, discussion_id: uuid.UUID, data: ResponseCreate
    ) -> Discussion:
        """Publish the summary and response; the discussion takes nothing more after it."""
        discussion = await self.discussions.get_locked(discussion_id, exclusive=True)
        if discussion is None:
            raise DiscussionNotFound()
        if discussion.status is DiscussionStatus.RESPONDED:
            raise AlreadyResponded()
        answered = list(dict.fromkeys(data.proposal_ids))
        unknown = set(answered) - await self.proposals.visible_ids(discussion.id)
        if unknown:
            raise InvalidDiscussion(
                "the response answers proposals that are not in this discussion (or are hidden)",
                detail={"proposal_ids": sorted(str(u) for u in unknown)},
            )
        discussion.summary = data.summary
        discussion.response = data.response
        discussion.answered_proposal_ids = answered
        discussion.stored_status = DiscussionStatus.RESPONDED
        discussion.responded_by = principal.subject
        discussion.responded_at = datetime.now(UTC)
        await self.session.flush()
        await emit(
            self.session,
            DiscussionResponsePublishedV1(
                discussion_id=discussion.id,
                title=discussion.title,
                response_url=discussion_path(discussion.id),
            ),
            discussion.id,
        )
        return discussion

    async def erase_participant(self, account_id: uuid.UUID) -> None:
        """The account was erased: its proposals stay (they were public, and never named
        anyone) without their author, and its votes keep counting without pointing at it."""
        await self.proposals.forget(account_id)

    async def _accepting(self, discussion_id: uuid.UUID) -> Discussion:
        discussion = await self.discussions.get_locked(discussion_id, exclusive=False)
        if discussion is None:
            raise DiscussionNotFound()
        if discussion.status is not DiscussionStatus.OPEN:
            raise DiscussionClosed(
                f"this discussion is {discussion.status.value}: it takes no more proposals or "
                "votes",
                detail={"status": discussion.status.value, "closes_at": discussion.closes_at},
            )
        return discussion

    async def _counted(
        self, discussion_id: uuid.UUID, proposal_id: uuid.UUID, viewer: Principal
    ) -> Proposal:
        proposal = await self.proposals.get(discussion_id, proposal_id, viewer.subject)
        assert proposal is not None  # the caller holds it
        return proposal
