"""Helpers of the tests of conversations, discussions and complaints: applying other services'
events through the service's handler registry, and the events themselves."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

from messaging.config import MessagingSettings
from messaging.handlers import handlers
from peelian.events.contracts.reporting import ReportSubmittedV1
from peelian.testing.events import Apply, eventually, send_as
from peelian.testing.events import applying as shared_applying


@contextlib.asynccontextmanager
async def applying(settings: MessagingSettings) -> AsyncIterator[Apply]:
    """The messaging handlers, applied as the consumer would (``peelian.testing.events``)."""
    async with shared_applying(settings, handlers(settings)) as apply:
        yield apply


def report_submitted(
    reporter_id: uuid.UUID,
    *,
    contact_consent: bool = True,
    anonymous: bool = False,
    report_id: uuid.UUID | None = None,
) -> ReportSubmittedV1:
    now = datetime.now(UTC)
    return ReportSubmittedV1(
        report_id=report_id or uuid.uuid4(),
        reference=f"PRE-2026-{uuid.uuid4().int % 1_000_000:06d}",
        kind="incident",
        category="theft",
        urgent=False,
        description="My bike was taken from the rack outside the library.",
        occurred_from=now,
        occurred_to=now,
        latitude=51.4885,
        longitude=-3.1790,
        location_text="Library bike racks",
        areas=["campus"],
        language="en",
        anonymity="anonymous" if anonymous else "confidential",
        reporter_id=reporter_id,
        reporter_anonymous=anonymous,
        contact_consent=contact_consent,
        share_consent=False,
        submitted_at=now,
    )


__all__ = ["Apply", "applying", "eventually", "report_submitted", "send_as"]
