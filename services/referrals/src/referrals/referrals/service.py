"""Domain logic of referrals: officers refer, partner agencies accept or decline, report
progress and record the outcome; every step is an event to the platform and to the partner."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TypedDict

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from peelian.auth.principal import Principal
from peelian.events.contracts.referrals import (
    ReferralAcceptedV1,
    ReferralCreatedV1,
    ReferralDeclinedV1,
    ReferralOutcomeRecordedV1,
    ReferralUpdatedV1,
)
from peelian.pagination import PageParams, Slice
from referrals.dependencies import partner_of
from referrals.feed.service import PartnerFeed
from referrals.partners.models import Partner
from referrals.partners.repository import PartnerRepository
from referrals.referrals.exceptions import (
    InvalidReferralState,
    PartnerInactive,
    ReferralDeclined,
    ReferralExists,
    ReferralNotFound,
    UnknownPartner,
)
from referrals.referrals.models import (
    OPEN_STATUSES,
    Priority,
    Referral,
    ReferralStatus,
    ReferralUpdate,
    UpdateAuthor,
)
from referrals.referrals.repository import ReferralRepository
from referrals.referrals.schemas import (
    OutcomeRecord,
    ReferralChange,
    ReferralCreate,
    ReferralFilters,
    ReferralTerms,
)
from referrals.reports.service import ReportService, ReportView, partner_view

log = structlog.get_logger(__name__)

# How long a partner has when the officer sets no due date (the service-level agreement).
SLA = {
    Priority.URGENT: timedelta(days=1),
    Priority.HIGH: timedelta(days=3),
    Priority.NORMAL: timedelta(days=7),
    Priority.LOW: timedelta(days=14),
}


class _About(TypedDict):
    referral_id: uuid.UUID
    report_id: uuid.UUID
    partner_id: uuid.UUID


def _about(referral: Referral) -> _About:
    """What every referral event names: the referral, its report and its partner."""
    return _About(
        referral_id=referral.id, report_id=referral.report_id, partner_id=referral.partner_id
    )


@dataclass(frozen=True)
class ReferralDetails:
    referral: Referral
    report: ReportView
    updates: list[ReferralUpdate]


class ReferralService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.referrals = ReferralRepository(session)
        self.partners = PartnerRepository(session)
        self.reports = ReportService(session)
        self.feed = PartnerFeed(session)

    async def refer(self, principal: Principal, data: ReferralCreate) -> list[Referral]:
        """Refer the report to every partner named, or to none (any refusal refuses all)."""
        # The report's row lock serialises referrals of one report: the check for an open
        # referral below cannot race another request.
        report = await self.reports.referable(data.report_id)
        partners = await self.partners.many(data.partner_ids)
        unknown = [p for p in data.partner_ids if p not in partners]
        if unknown:
            raise UnknownPartner(unknown)
        inactive = [p for p in data.partner_ids if not partners[p].active]
        if inactive:
            raise PartnerInactive(inactive)
        existing = await self.referrals.open_to(report.report_id, data.partner_ids)
        if existing:
            raise ReferralExists(existing)
        now = datetime.now(UTC)
        made = []
        for partner_id in data.partner_ids:
            partner = partners[partner_id]
            referral = await self.referrals.add(
                Referral(
                    report_id=report.report_id,
                    partner_id=partner_id,
                    status=ReferralStatus.PENDING,
                    priority=data.priority,
                    reason=data.reason,
                    due_at=data.due_at or now + SLA[data.priority],
                    referred_by=principal.subject,
                )
            )
            await self.session.refresh(referral)
            view = partner_view(report, partner)
            await self._publish(
                partner,
                referral,
                ReferralCreatedV1(
                    **_about(referral),
                    reason=referral.reason,
                    priority=referral.priority,
                    due_at=referral.due_at,
                    report_shared=view.shared,
                    report=view.fields,
                    created_at=referral.created_at,
                ),
            )
            made.append(referral)
        log.info("report_referred", report_id=str(report.report_id), partners=len(made))
        return made

    async def refer_one(
        self,
        principal: Principal,
        report_id: uuid.UUID,
        partner_id: uuid.UUID,
        terms: ReferralTerms,
    ) -> Referral:
        [referral] = await self.refer(
            principal,
            ReferralCreate(report_id=report_id, partner_ids=[partner_id], **terms.model_dump()),
        )
        return referral

    async def search(
        self, principal: Principal, filters: ReferralFilters, params: PageParams
    ) -> Slice[Referral]:
        own = partner_of(principal)
        if own is not None and filters.partner_id not in (None, own):
            return Slice(items=[], next_cursor=None)
        return await self.referrals.search(filters, params, partner_id=own or filters.partner_id)

    async def details(self, principal: Principal, referral_id: uuid.UUID) -> ReferralDetails:
        """The referral with its report as its partner receives it (staff see the same)."""
        referral = await self._visible(principal, referral_id)
        partner = await self._partner(referral)
        report = await self.reports.get(referral.report_id)
        return ReferralDetails(
            referral=referral,
            report=partner_view(report, partner),
            updates=await self.referrals.updates(referral.id),
        )

    async def accept(self, principal: Principal, referral_id: uuid.UUID) -> Referral:
        referral = await self._visible(principal, referral_id, lock=True)
        self._require(referral, ReferralStatus.PENDING, "accepted")
        referral.status = ReferralStatus.ACCEPTED
        referral.accepted_at = datetime.now(UTC)
        await self._publish(
            await self._partner(referral),
            referral,
            ReferralAcceptedV1(
                **_about(referral),
                accepted_at=referral.accepted_at,
            ),
        )
        return await self._saved(referral)

    async def decline(self, principal: Principal, referral_id: uuid.UUID, reason: str) -> Referral:
        referral = await self._visible(principal, referral_id, lock=True)
        self._require(referral, OPEN_STATUSES, "declined")
        referral.status = ReferralStatus.DECLINED
        referral.declined_at = datetime.now(UTC)
        referral.decline_reason = reason
        await self._publish(
            await self._partner(referral),
            referral,
            ReferralDeclinedV1(
                **_about(referral),
                reason=reason,
                declined_at=referral.declined_at,
            ),
        )
        return await self._saved(referral)

    async def post_update(
        self, principal: Principal, referral_id: uuid.UUID, note: str
    ) -> Referral:
        """A partner's note on its progress."""
        referral = await self._visible(principal, referral_id, lock=True)
        self._require(referral, OPEN_STATUSES, "updated")
        await self._note(principal, referral, UpdateAuthor.PARTNER, note)
        return await self._saved(referral)

    async def change(
        self, principal: Principal, referral_id: uuid.UUID, data: ReferralChange
    ) -> Referral:
        """The force changes the priority or the due date, or adds a note."""
        referral = await self._visible(principal, referral_id, lock=True)
        self._require(referral, OPEN_STATUSES, "changed")
        if data.priority is not None:
            referral.priority = data.priority
        if data.due_at is not None:
            referral.due_at = data.due_at
        await self._note(principal, referral, UpdateAuthor.FORCE, data.note)
        return await self._saved(referral)

    async def record_outcome(
        self, principal: Principal, referral_id: uuid.UUID, data: OutcomeRecord
    ) -> Referral:
        referral = await self._visible(principal, referral_id, lock=True)
        self._require(referral, ReferralStatus.ACCEPTED, "given an outcome")
        partner = await self._partner(referral)
        referral.status = ReferralStatus.COMPLETED
        referral.outcome = data.outcome
        referral.outcome_summary = data.public_summary
        referral.outcome_details = data.details
        referral.outcome_recorded_at = datetime.now(UTC)
        await self._publish(
            partner,
            referral,
            ReferralOutcomeRecordedV1(
                **_about(referral),
                partner_name=partner.name,
                outcome=data.outcome,
                public_summary=data.public_summary,
                recorded_at=referral.outcome_recorded_at,
            ),
        )
        return await self._saved(referral)

    # --- helpers ---

    async def _visible(
        self, principal: Principal, referral_id: uuid.UUID, *, lock: bool = False
    ) -> Referral:
        """Staff see every referral; a partner only those addressed to it (else 404)."""
        referral = await (
            self.referrals.get_for_update(referral_id) if lock else self.referrals.get(referral_id)
        )
        own = partner_of(principal)
        if referral is None or (own is not None and referral.partner_id != own):
            raise ReferralNotFound()
        return referral

    async def _partner(self, referral: Referral) -> Partner:
        partner = await self.partners.get(referral.partner_id)
        assert partner is not None, "a referral's partner is never deleted"
        return partner

    @staticmethod
    def _require(
        referral: Referral, allowed: ReferralStatus | tuple[ReferralStatus, ...], action: str
    ) -> None:
        allowed = (allowed,) if isinstance(allowed, ReferralStatus) else allowed
        if referral.status in allowed:
            return
        if referral.status == ReferralStatus.DECLINED:
            raise ReferralDeclined()
        needed = " or ".join(allowed)
        raise InvalidReferralState(
            f"this referral is {referral.status}; it can be {action} only when {needed}",
            {"status": referral.status},
        )

    async def _note(
        self, principal: Principal, referral: Referral, by: UpdateAuthor, note: str | None
    ) -> None:
        if note is not None:
            await self.referrals.add_update(
                ReferralUpdate(
                    referral_id=referral.id, by=by, author_id=principal.subject, note=note
                )
            )
        await self.session.flush()
        await self.session.refresh(referral)
        await self._publish(
            await self._partner(referral),
            referral,
            ReferralUpdatedV1(
                **_about(referral),
                by=by,
                note=note,
                priority=referral.priority,
                due_at=referral.due_at,
                updated_at=referral.updated_at,
            ),
        )

    async def _publish(
        self,
        partner: Partner,
        referral: Referral,
        payload: ReferralCreatedV1
        | ReferralAcceptedV1
        | ReferralDeclinedV1
        | ReferralUpdatedV1
        | ReferralOutcomeRecordedV1,
    ) -> None:
        await self.feed.publish(
            partner, payload, referral_id=referral.id, report_id=referral.report_id
        )

    async def _saved(self, referral: Referral) -> Referral:
        await self.session.flush()
        await self.session.refresh(referral)
        return referral
