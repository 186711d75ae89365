"""Domain logic of conversations: opening, messages, read markers, the inbox, moderation."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from messaging.conversations.access import side_of
from messaging.conversations.exceptions import (
    CitizenBlocked,
    ConversationEnded,
    InvalidAttachment,
    MessageNotFound,
    StaffOnlyFilter,
)
from messaging.conversations.models import (
    AuthorRole,
    Block,
    Conversation,
    ConversationKind,
    ConversationStatus,
    Message,
    Side,
)
from messaging.conversations.repository import (
    BlockRepository,
    ConversationRepository,
    MessageRepository,
    ReportContactRepository,
)
from messaging.conversations.schemas import (
    Attachment,
    ConversationFilters,
    ConversationUpdate,
    GeneralContact,
)
from messaging.events import emit
from messaging.exceptions import InvalidPublicationState
from messaging.publications.models import Kind, Status
from messaging.publications.service import PublicationService
from peelian.auth.principal import Principal
from peelian.events.contracts.messaging import MessagePostedV1
from peelian.pagination import PageParams, Slice
from peelian.reference import NEIGHBOURHOOD_TEAM

log = structlog.get_logger(__name__)


def _report_welcome(reference: str) -> str:
    return (
        f"Thanks, your report {reference} was received. An officer may reply here, and you "
        "can write to us here too."
    )


class ConversationService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.conversations = ConversationRepository(session)
        self.messages = MessageRepository(session)
        self.blocks = BlockRepository(session)
        self.reports = ReportContactRepository(session)

    # --- opening ---

    async def open_general(self, principal: Principal, data: GeneralContact) -> Conversation:
        return await self._open(principal, ConversationKind.GENERAL, data.subject, data.text)

    async def open_for_appeal(
        self,
        principal: Principal,
        publication_id: uuid.UUID,
        text: str,
        subject: str = "Information about an appeal",
    ) -> Conversation:
        """A citizen answers an appeal ("I have information"): it must be a published one."""
        publication = await PublicationService(self.session).get(publication_id)
        if publication.kind != Kind.APPEAL or publication.status != Status.PUBLISHED:
            raise InvalidPublicationState(
                "only a published appeal can be answered: send other information as a "
                "general conversation"
            )
        return await self._open(
            principal, ConversationKind.APPEAL_RESPONSE, subject, text, publication_id
        )

    async def _open(
        self,
        principal: Principal,
        kind: ConversationKind,
        subject: str,
        text: str,
        publication_id: uuid.UUID | None = None,
    ) -> Conversation:
        await self.require_not_blocked(principal)
        conversation = await self.conversations.add(
            Conversation(
                citizen_id=principal.subject,
                citizen_anonymous=principal.anonymous,
                kind=kind,
                subject=subject,
                publication_id=publication_id,
                team=NEIGHBOURHOOD_TEAM,
                status=ConversationStatus.OPEN,
            )
        )
        await self._post(conversation, AuthorRole.CITIZEN, None, text, [])
        return await self.reloaded(conversation, Side.CITIZEN)

    async def report_submitted(
        self,
        *,
        report_id: uuid.UUID,
        reference: str,
        reporter_id: uuid.UUID,
        reporter_anonymous: bool,
        contact_consent: bool,
    ) -> bool:
        """Open the conversation of a report whose reporter agreed to be contacted, with any
        message about the report that arrived first; False if nothing was opened (no consent,
        or the event was delivered again)."""
        await self.reports.lock(report_id)
        await self.reports.record(report_id, contact_consent)
        waiting = await self.reports.take(report_id)
        if not contact_consent:  # nobody writes to the reporter
            return False
        opened = await self.conversations.open_for_report(
            {
                "citizen_id": reporter_id,
                "citizen_anonymous": reporter_anonymous,
                "kind": ConversationKind.REPORT,
                "subject": f"Report {reference}",
                "report_id": report_id,
                "team": NEIGHBOURHOOD_TEAM,
                "status": ConversationStatus.OPEN,
            }
        )
        if opened is None:
            return False
        conversation = await self.conversations.get(opened)
        assert conversation is not None  # inserted by this transaction
        await self._post(conversation, AuthorRole.SYSTEM, None, _report_welcome(reference), [])
        for text in waiting:
            await self._post(conversation, AuthorRole.SYSTEM, None, text, [])
        log.info("report_conversation_opened", report_id=str(report_id), waiting=len(waiting))
        return True

    # --- reading ---

    async def list_for(
        self, principal: Principal, filters: ConversationFilters, params: PageParams
    ) -> Slice[Conversation]:
        """The team inbox for staff; the citizen's own conversations otherwise."""
        if principal.is_staff:
            return await self.conversations.search(Side.TEAM, filters, params)
        if (
            filters.team is not None
            or filters.assigned_officer_id is not None
            or filters.unassigned is not None
        ):
            raise StaffOnlyFilter(
                "team, assigned_officer_id and unassigned filter the force's inbox; citizens "
                "filter their conversations by status and unread"
            )
        return await self.conversations.search(
            Side.CITIZEN, filters, params, citizen_id=principal.subject
        )

    async def messages_of(self, conversation: Conversation) -> list[Message]:
        return await self.messages.of(conversation.id)

    async def is_blocked(self, subject: uuid.UUID | None) -> bool:
        return subject is not None and await self.blocks.is_blocked(subject)

    async def reloaded(self, conversation: Conversation, side: Side) -> Conversation:
        """The conversation again, with ``side``'s unread count as it is now."""
        current = await self.conversations.get_for(conversation.id, side)
        assert current is not None  # the caller holds it
        return current

    # --- messages ---

    async def post(
        self,
        principal: Principal,
        conversation: Conversation,
        text: str,
        attachments: list[Attachment],
    ) -> Message:
        if principal.is_staff:
            role, author_id = AuthorRole.OFFICER, principal.subject
        else:
            await self.require_not_blocked(principal)
            role, author_id = AuthorRole.CITIZEN, None
        return await self._post(conversation, role, author_id, text, attachments)

    async def _post(
        self,
        conversation: Conversation,
        role: AuthorRole,
        author_id: uuid.UUID | None,
        text: str,
        attachments: list[Attachment],
    ) -> Message:
        if conversation.citizen_id is None:
            raise ConversationEnded()
        self._check_attachments(conversation, attachments)
        message = await self.messages.add(
            Message(
                conversation_id=conversation.id,
                author_role=role,
                author_id=author_id,
                body=text,
                attachments=[a.model_dump(mode="json") for a in dict.fromkeys(attachments)],
            )
        )
        conversation.last_message_at = message.at
        # Whose turn it is: the force answers an open conversation, the citizen a waiting one;
        # a citizen writing again reopens a closed one. The author has read up to their own
        # message.
        if role is AuthorRole.CITIZEN:
            conversation.status = ConversationStatus.OPEN
            conversation.citizen_read_at = message.at
        elif role is AuthorRole.OFFICER:
            conversation.status = ConversationStatus.WAITING
            conversation.team_read_at = message.at
        await self.session.flush()
        await emit(
            self.session,
            MessagePostedV1(
                conversation_id=conversation.id,
                message_id=message.id,
                author_role=role.value,
                report_id=conversation.report_id,
            ),
            conversation.id,
        )
        return message

    @staticmethod
    def _check_attachments(conversation: Conversation, attachments: list[Attachment]) -> None:
        if not attachments:
            return
        if conversation.report_id is None:
            raise InvalidAttachment(
                "this conversation is not about a report: attachments refer to a report's "
                "evidence, so send them in that report's conversation"
            )
        foreign = sorted({str(a.report_id) for a in attachments} - {str(conversation.report_id)})
        if foreign:
            raise InvalidAttachment(
                "attachments must be evidence of this conversation's report",
                detail={"report_id": str(conversation.report_id), "other_reports": foreign},
            )

    async def mark_read(self, principal: Principal, conversation: Conversation) -> Conversation:
        """The caller's side has read every message so far."""
        side = side_of(principal)
        if side is Side.TEAM:
            conversation.team_read_at = conversation.last_message_at
        else:
            conversation.citizen_read_at = conversation.last_message_at
        await self.session.flush()
        return await self.reloaded(conversation, side)

    # --- the force's inbox and moderation ---

    async def update(self, conversation: Conversation, data: ConversationUpdate) -> Conversation:
        for field, value in data.model_dump(exclude_unset=True).items():
            setattr(conversation, field, value)
        await self.session.flush()
        return await self.reloaded(conversation, Side.TEAM)

    async def hide(
        self, principal: Principal, conversation: Conversation, message_id: uuid.UUID, reason: str
    ) -> Message:
        """Hide a message from the citizen; hiding it again keeps the first decision."""
        message = await self.messages.get(conversation.id, message_id)
        if message is None:
            raise MessageNotFound()
        if message.hidden_at is None:
            message.hidden_at = datetime.now(UTC)
            message.hidden_by = principal.subject
            message.hidden_reason = reason
            await self.session.flush()
        return message

    async def block(self, principal: Principal, conversation: Conversation, reason: str) -> Block:
        """Block the conversation's citizen from posting anywhere in conversations and
        discussions (a second block replaces the reason)."""
        if conversation.citizen_id is None:
            raise ConversationEnded()
        return await self.blocks.put(
            {
                "subject": conversation.citizen_id,
                "subject_anonymous": conversation.citizen_anonymous,
                "conversation_id": conversation.id,
                "reason": reason,
                "blocked_by": principal.subject,
            }
        )

    async def unblock(self, conversation: Conversation) -> None:
        if conversation.citizen_id is None:
            raise ConversationEnded()
        await self.blocks.remove(conversation.citizen_id)

    async def list_blocks(self, params: PageParams) -> Slice[Block]:
        return await self.blocks.all(params)

    async def require_not_blocked(self, principal: Principal) -> None:
        if await self.blocks.is_blocked(principal.subject):
            raise CitizenBlocked()

    # --- reactions to other services' events ---

    async def tell_reporter(self, report_id: uuid.UUID, text: str) -> None:
        """Post what the reporter was told publicly (an officer's update on their report, what a
        partner agency did) in the report's conversation, if it has one and still its citizen.
        If the report's report.submitted has not arrived yet (another topic), the text waits
        for the conversation to open."""
        await self.reports.lock(report_id)
        conversation = await self.conversations.by_report(report_id)
        if conversation is not None:
            if conversation.citizen_id is not None:
                await self._post(conversation, AuthorRole.SYSTEM, None, text, [])
        elif not await self.reports.known(report_id):
            await self.reports.keep(report_id, text)

    async def erase_citizen(self, account_id: uuid.UUID) -> int:
        """The account was erased: its conversations lose the link to the person and close,
        the person's own words are replaced by "[erased]" (they may identify them), and any
        block on them goes. The force's messages stay: its record of what it told the public."""
        conversation_ids = await self.conversations.erase_citizen(account_id)
        if conversation_ids:
            await self.messages.erase_citizens_words(conversation_ids)
        await self.blocks.remove(account_id)
        return len(conversation_ids)
