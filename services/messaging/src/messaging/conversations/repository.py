"""All SQL of the conversations domain."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ColumnElement, Select, delete, func, or_, select, tuple_, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import with_expression

from messaging.conversations.models import (
    AuthorRole,
    Block,
    Conversation,
    ConversationStatus,
    Message,
    PendingReportMessage,
    ReportContact,
    Side,
)
from messaging.conversations.schemas import ConversationFilters
from peelian.db.repository import BaseRepository
from peelian.pagination import Cursor, PageParams, Slice

ERASED_BODY = "[erased]"


def unread_count(side: Side) -> ColumnElement[int]:
    """Messages of the other side (and, for the citizen, the system's) after ``side``'s
    marker; hidden messages count for nobody."""
    if side is Side.CITIZEN:
        theirs = Message.author_role != AuthorRole.CITIZEN
        read_at = Conversation.citizen_read_at
    else:
        theirs = Message.author_role == AuthorRole.CITIZEN
        read_at = Conversation.team_read_at
    return (
        select(func.count())
        .where(
            Message.conversation_id == Conversation.id,
            theirs,
            Message.hidden_at.is_(None),
            or_(read_at.is_(None), Message.at > read_at),
        )
        .correlate(Conversation)
        .scalar_subquery()
    )


class ConversationRepository(BaseRepository[Conversation]):
    model = Conversation

    def _viewed(self, side: Side) -> Select[Conversation]:
        return select(Conversation).options(
            with_expression(Conversation.unread, unread_count(side))
        )

    async def get_for(
        self, id_: uuid.UUID, side: Side, *, for_update: bool = False
    ) -> Conversation | None:
        """The conversation with ``side``'s unread count (reloaded if already in the session,
        so that the count is current)."""
        stmt = self._viewed(side).where(Conversation.id == id_)
        if for_update:
            stmt = stmt.with_for_update(of=Conversation)
        stmt = stmt.execution_options(populate_existing=True)
        return (await self.session.scalars(stmt)).one_or_none()

    async def open_for_report(self, values: dict[str, Any]) -> uuid.UUID | None:
        """Open the report's conversation; None if it has one already."""
        result = await self.session.execute(
            insert(Conversation)
            .values(id=uuid.uuid4(), **values)
            .on_conflict_do_nothing(index_elements=[Conversation.report_id])
            .returning(Conversation.id)
        )
        return result.scalar_one_or_none()

    async def by_report(self, report_id: uuid.UUID) -> Conversation | None:
        return await self.session.scalar(
            select(Conversation).where(Conversation.report_id == report_id).with_for_update()
        )

    async def search(
        self,
        side: Side,
        filters: ConversationFilters,
        params: PageParams,
        *,
        citizen_id: uuid.UUID | None = None,
    ) -> Slice[Conversation]:
        """Most recent activity first; a citizen's own, or the team inbox."""
        stmt = self._viewed(side)
        if citizen_id is not None:
            stmt = stmt.where(Conversation.citizen_id == citizen_id)
        if filters.status is not None:
            stmt = stmt.where(Conversation.status == filters.status)
        if filters.team is not None:
            stmt = stmt.where(Conversation.team == filters.team)
        if filters.assigned_officer_id is not None:
            stmt = stmt.where(Conversation.assigned_officer_id == filters.assigned_officer_id)
        if filters.report_id is not None:
            stmt = stmt.where(Conversation.report_id == filters.report_id)
        if filters.unassigned is not None:
            nobody = Conversation.assigned_officer_id.is_(None)
            stmt = stmt.where(nobody if filters.unassigned else ~nobody)
        if filters.unread is not None:
            count = unread_count(side)
            stmt = stmt.where(count > 0 if filters.unread else count == 0)
        return await self._by_activity(stmt, params)

    async def _by_activity(
        self, stmt: Select[Conversation], params: PageParams
    ) -> Slice[Conversation]:
        # Keyset over (last_message_at, id): the cursor's time is the last activity here, so a
        # conversation that gets a new message moves to the top, as an inbox should.
        key = tuple_(Conversation.last_message_at, Conversation.id)
        if params.cursor is not None:
            stmt = stmt.where(key < tuple_(params.cursor.created_at, params.cursor.id))
        stmt = stmt.order_by(Conversation.last_message_at.desc(), Conversation.id.desc())
        rows = list((await self.session.scalars(stmt.limit(params.limit + 1))).all())
        items = rows[: params.limit]
        next_cursor = (
            Cursor(created_at=items[-1].last_message_at, id=items[-1].id).encode()
            if len(rows) > params.limit
            else None
        )
        return Slice(items=items, next_cursor=next_cursor)

    async def erase_citizen(self, citizen_id: uuid.UUID) -> list[uuid.UUID]:
        """Cut the person's conversations loose from them and close them; returns their ids."""
        rows = await self.session.scalars(
            update(Conversation)
            .where(Conversation.citizen_id == citizen_id)
            .values(citizen_id=None, status=ConversationStatus.CLOSED, updated_at=func.now())
            .returning(Conversation.id)
        )
        return list(rows)


class MessageRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, message: Message) -> Message:
        self.session.add(message)
        await self.session.flush()
        return message

    async def of(self, conversation_id: uuid.UUID) -> list[Message]:
        stmt = (
            select(Message)
            .where(Message.conversation_id == conversation_id)
            .order_by(Message.at, Message.id)
        )
        return list((await self.session.scalars(stmt)).all())

    async def get(self, conversation_id: uuid.UUID, message_id: uuid.UUID) -> Message | None:
        message: Message | None = await self.session.get(Message, message_id)
        if message is None or message.conversation_id != conversation_id:
            return None
        return message

    async def erase_citizens_words(self, conversation_ids: list[uuid.UUID]) -> None:
        await self.session.execute(
            update(Message)
            .where(
                Message.conversation_id.in_(conversation_ids),
                Message.author_role == AuthorRole.CITIZEN,
            )
            .values(body=ERASED_BODY, attachments=[])
        )


class BlockRepository(BaseRepository[Block]):
    model = Block

    async def is_blocked(self, subject: uuid.UUID) -> bool:
        found = await self.session.scalar(select(Block.id).where(Block.subject == subject))
        return found is not None

    async def put(self, values: dict[str, Any]) -> Block:
        """Block the subject, or replace the reason of their block."""
        table = Block.__table__
        stmt = (
            insert(Block)
            .values(id=uuid.uuid4(), **values)
            .on_conflict_do_update(
                index_elements=[table.c.subject],
                set_={
                    "reason": values["reason"],
                    "blocked_by": values["blocked_by"],
                    "conversation_id": values["conversation_id"],
                },
            )
            .returning(Block)
            .execution_options(populate_existing=True)
        )
        return (await self.session.scalars(stmt)).one()

    async def remove(self, subject: uuid.UUID) -> None:
        await self.session.execute(delete(Block).where(Block.subject == subject))

    async def all(self, params: PageParams) -> Slice[Block]:
        return await self.paginate(self.select(), params)


class ReportContactRepository:
    """Reports messaging has heard of, and messages waiting for their conversations."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def lock(self, report_id: uuid.UUID) -> None:
        """Serialise this transaction with any other about the same report (until commit): a
        message arriving while report.submitted is handled is then either posted by it or sees
        its conversation, never left waiting."""
        await self.session.execute(
            select(func.pg_advisory_xact_lock(func.hashtextextended(str(report_id), 0)))
        )

    async def record(self, report_id: uuid.UUID, contact_consent: bool) -> None:
        await self.session.execute(
            insert(ReportContact)
            .values(report_id=report_id, contact_consent=contact_consent)
            .on_conflict_do_nothing(index_elements=[ReportContact.report_id])
        )

    async def known(self, report_id: uuid.UUID) -> bool:
        return await self.session.get(ReportContact, report_id) is not None

    async def keep(self, report_id: uuid.UUID, body: str) -> None:
        self.session.add(PendingReportMessage(report_id=report_id, body=body))
        await self.session.flush()

    async def take(self, report_id: uuid.UUID) -> list[str]:
        """The messages waiting for the report, oldest first, removed."""
        rows = (
            await self.session.execute(
                select(PendingReportMessage.id, PendingReportMessage.body)
                .where(PendingReportMessage.report_id == report_id)
                .order_by(PendingReportMessage.id)
            )
        ).all()
        if rows:
            await self.session.execute(
                delete(PendingReportMessage).where(
                    PendingReportMessage.id.in_([row.id for row in rows])
                )
            )
        return [row.body for row in rows]
