"""Domain logic of complaints: citizens lodge them, supervisors answer them."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from messaging.complaints.exceptions import AlreadyAnswered, ComplaintNotFound, InvalidComplaint
from messaging.complaints.models import Complaint, ComplaintStatus
from messaging.complaints.repository import ComplaintRepository
from messaging.complaints.schemas import ComplaintCreate, ComplaintFilters
from messaging.conversations.access import is_citizen_of
from messaging.conversations.repository import ConversationRepository
from peelian.auth.principal import Principal, Role
from peelian.pagination import PageParams, Slice

log = structlog.get_logger(__name__)

SUPERVISING = (Role.SUPERVISOR, Role.ADMIN)


class ComplaintService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.complaints = ComplaintRepository(session)

    async def lodge(self, principal: Principal, data: ComplaintCreate) -> Complaint:
        """Record a complaint. Blocked citizens may complain too: a complaint may be about
        the block."""
        if data.conversation_id is not None:
            conversation = await ConversationRepository(self.session).get(data.conversation_id)
            if conversation is None or not is_citizen_of(principal, conversation):
                raise InvalidComplaint("you have no conversation with this id")
        complaint = await self.complaints.add(
            Complaint(
                complainant_id=principal.subject,
                complainant_anonymous=principal.anonymous,
                about=data.about,
                report_id=data.report_id,
                conversation_id=data.conversation_id,
                status=ComplaintStatus.RECEIVED,
            )
        )
        log.info("complaint_lodged", complaint_id=str(complaint.id))
        return complaint

    async def mine(self, principal: Principal, params: PageParams) -> Slice[Complaint]:
        return await self.complaints.of(principal.subject, params)

    async def search(self, filters: ComplaintFilters, params: PageParams) -> Slice[Complaint]:
        return await self.complaints.search(filters, params)

    async def visible(self, principal: Principal, complaint_id: uuid.UUID) -> Complaint:
        """Supervisors see every complaint; a complainant only their own (anything else is a
        404)."""
        complaint = await self.complaints.get(complaint_id)
        if complaint is None:
            raise ComplaintNotFound()
        supervising = principal.has_any(*SUPERVISING)
        own = complaint.complainant_id is not None and complaint.complainant_id == principal.subject
        if not (supervising or own):
            raise ComplaintNotFound()
        return complaint

    async def respond(self, principal: Principal, complaint_id: uuid.UUID, text: str) -> Complaint:
        complaint = await self.complaints.get_for_update(complaint_id)
        if complaint is None:
            raise ComplaintNotFound()
        if complaint.status == ComplaintStatus.RESPONDED:
            raise AlreadyAnswered()
        complaint.response = text
        complaint.status = ComplaintStatus.RESPONDED
        complaint.responded_by = principal.subject
        complaint.responded_at = datetime.now(UTC)
        await self.session.flush()
        await self.session.refresh(complaint)
        return complaint

    async def erase_complainant(self, account_id: uuid.UUID) -> None:
        """The account was erased: its complaints stay, unlinked from the person. A complaint
        about the police's conduct is a record the force must keep (as it keeps reports)."""
        await self.complaints.forget_complainant(account_id)
