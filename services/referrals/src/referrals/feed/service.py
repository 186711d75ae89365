"""Publishing referral events: to the platform, and to the partner the referral is for.

Everything is written in the caller's transaction, so a referral and every copy of its events
commit together or not at all: the platform's event on ``referrals.referral`` (outbox), and
the partner's copy, with an id of its own (CloudEvents ids are unique per source), kept as a
:class:`PartnerEvent`, queued for each of the partner's webhook endpoints that subscribe to
its type, and written to the partner's Kafka topic if it takes a feed (outbox).
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from peelian.events.envelope import EventPayload
from referrals.events import emit, envelope
from referrals.feed.models import PartnerEvent
from referrals.feed.repository import PartnerEventRepository
from referrals.partners.models import Partner
from referrals.reports.minimise import minimise
from referrals.webhooks.repository import DeliveryRepository


def render(event: dict[str, Any], fields: Collection[str]) -> dict[str, Any]:
    """A partner's event as it is sent now: its report minimised again under the agreement in
    force (``fields``), so a narrowed agreement holds for retries and replays too."""
    data = event["data"]
    if "report" not in data:
        return event
    report = minimise(data["report"], shared=data["report_shared"], fields=fields)
    return {**event, "data": {**data, "report": report}}


class PartnerFeed:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.events = PartnerEventRepository(session)

    async def publish(
        self,
        partner: Partner,
        payload: EventPayload,
        *,
        referral_id: uuid.UUID,
        report_id: uuid.UUID,
    ) -> None:
        event = envelope(payload, referral_id)
        await emit(self.session, event)
        copy = event.model_copy(update={"id": str(uuid.uuid4())})
        if partner.feed_topic is not None:
            await emit(self.session, copy, topic=partner.feed_topic)
        kept = await self.events.add(
            PartnerEvent(
                id=uuid.UUID(copy.id),
                partner_id=partner.id,
                referral_id=referral_id,
                report_id=report_id,
                type=copy.type,
                time=copy.time,
                envelope=copy.model_dump(mode="json", exclude_none=True),
            )
        )
        await DeliveryRepository(self.session).queue(kept)

    async def withdraw_consent(self, report_ids: list[uuid.UUID]) -> None:
        """The reporter's consent to sharing is gone: what was kept for partners of these
        reports, and is sent again on a retry or a replay, becomes an anonymised summary."""
        for kept in await self.events.carrying_reports(report_ids):
            data = kept.envelope["data"]
            report = minimise(data["report"], shared=False, fields=data["report"].keys())
            kept.envelope = {
                **kept.envelope,
                "data": {**data, "report_shared": False, "report": report},
            }
        await self.session.flush()
