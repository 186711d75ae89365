"""All SQL of the deliberation domain."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ColumnElement, String, delete, func, literal, or_, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import with_expression

from messaging.discussions.models import (
    Discussion,
    DiscussionStatus,
    Proposal,
    Stance,
    Vote,
)
from messaging.discussions.schemas import DiscussionFilters
from peelian.db.repository import BaseRepository
from peelian.pagination import PageParams, Slice


def _votes(stance: Stance) -> ColumnElement[int]:
    return (
        select(func.count())
        .where(Vote.proposal_id == Proposal.id, Vote.stance == stance)
        .correlate(Proposal)
        .scalar_subquery()
    )


def _stance_of(viewer: uuid.UUID | None) -> ColumnElement[str | None]:
    if viewer is None:
        return literal(None, String)
    return (
        select(Vote.stance)
        .where(Vote.proposal_id == Proposal.id, Vote.voter_id == viewer)
        .correlate(Proposal)
        .scalar_subquery()
    )


class DiscussionRepository(BaseRepository[Discussion]):
    model = Discussion

    async def get_locked(self, id_: uuid.UUID, *, exclusive: bool) -> Discussion | None:
        """The discussion, locked: shared by proposals and votes, exclusive by the response,
        so that nothing is added once the response is being published."""
        lock: bool | dict[str, Any] = True if exclusive else {"read": True}
        return await self.session.get(Discussion, id_, with_for_update=lock)

    async def search(self, filters: DiscussionFilters, params: PageParams) -> Slice[Discussion]:
        stmt = self.select()
        if filters.area is not None:
            stmt = stmt.where(Discussion.areas.contains([filters.area]))
        past_close = Discussion.closes_at <= func.now()
        if filters.status is DiscussionStatus.RESPONDED:
            stmt = stmt.where(Discussion.stored_status == DiscussionStatus.RESPONDED)
        elif filters.status is DiscussionStatus.CLOSED:
            stmt = stmt.where(Discussion.stored_status == DiscussionStatus.OPEN, past_close)
        elif filters.status is DiscussionStatus.OPEN:
            stmt = stmt.where(
                Discussion.stored_status == DiscussionStatus.OPEN,
                or_(Discussion.closes_at.is_(None), ~past_close),
            )
        return await self.paginate(stmt, params)


class ProposalRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, proposal: Proposal) -> Proposal:
        self.session.add(proposal)
        await self.session.flush()
        return proposal

    def _counted(self, viewer: uuid.UUID | None) -> Any:
        return select(Proposal).options(
            with_expression(Proposal.support, _votes(Stance.SUPPORT)),
            with_expression(Proposal.oppose, _votes(Stance.OPPOSE)),
            with_expression(Proposal.my_stance, _stance_of(viewer)),
        )

    async def of(
        self, discussion_id: uuid.UUID, viewer: uuid.UUID | None, *, include_hidden: bool
    ) -> list[Proposal]:
        """The discussion's proposals, oldest first, with their votes counted."""
        stmt = self._counted(viewer).where(Proposal.discussion_id == discussion_id)
        if not include_hidden:
            stmt = stmt.where(Proposal.hidden_at.is_(None))
        stmt = stmt.order_by(Proposal.created_at, Proposal.id)
        return list((await self.session.scalars(stmt)).all())

    async def get(
        self, discussion_id: uuid.UUID, proposal_id: uuid.UUID, viewer: uuid.UUID | None
    ) -> Proposal | None:
        """One proposal with its votes counted as they are now."""
        stmt = (
            self._counted(viewer)
            .where(Proposal.id == proposal_id, Proposal.discussion_id == discussion_id)
            .execution_options(populate_existing=True)
        )
        proposal: Proposal | None = (await self.session.scalars(stmt)).one_or_none()
        return proposal

    async def visible_ids(self, discussion_id: uuid.UUID) -> set[uuid.UUID]:
        rows = await self.session.scalars(
            select(Proposal.id).where(
                Proposal.discussion_id == discussion_id, Proposal.hidden_at.is_(None)
            )
        )
        return set(rows)

    async def vote(self, proposal_id: uuid.UUID, voter_id: uuid.UUID, stance: Stance) -> None:
        table = Vote.__table__
        await self.session.execute(
            insert(Vote)
            .values(proposal_id=proposal_id, voter_id=voter_id, stance=stance)
            .on_conflict_do_update(
                index_elements=[table.c.proposal_id, table.c.voter_id],
                set_={"stance": stance, "voted_at": func.now()},
            )
        )

    async def unvote(self, proposal_id: uuid.UUID, voter_id: uuid.UUID) -> None:
        await self.session.execute(
            delete(Vote).where(Vote.proposal_id == proposal_id, Vote.voter_id == voter_id)
        )

    async def forget(self, person: uuid.UUID) -> None:
        """Unlink a person from their proposals and votes; each vote keeps counting under a
        random id of its own."""
        await self.session.execute(
            update(Proposal).where(Proposal.author_id == person).values(author_id=None)
        )
        await self.session.execute(
            update(Vote).where(Vote.voter_id == person).values(voter_id=func.gen_random_uuid())
        )
