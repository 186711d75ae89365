"""Domain logic of notifications: telling one person what happened to their meeting, or that
a survey asks for their view; reading them."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from messaging.exceptions import NotificationNotFound
from messaging.notifications.models import Notification
from messaging.notifications.repository import NotificationRepository
from messaging.notifications.schemas import NotificationRead
from messaging.wording import survey_invitation, when
from peelian.auth.principal import Principal
from peelian.events.contracts.scheduling import (
    MeetingBookedV1,
    MeetingCancelledV1,
    MeetingCompletedV1,
    MeetingEventV1,
    MeetingReminderDueV1,
    MeetingRescheduledV1,
)
from peelian.events.contracts.surveys import SurveyPublishedV1
from peelian.pagination import Page, PageParams


class NotificationService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.notifications = NotificationRepository(session)

    async def page(self, principal: Principal, params: PageParams) -> Page[NotificationRead]:
        return Page.of(await self.notifications.page(principal.subject, params), NotificationRead)

    async def read(self, principal: Principal, notification_id: uuid.UUID) -> Notification:
        notification = await self.notifications.of(principal.subject, notification_id)
        if notification is None:
            raise NotificationNotFound("no such notification of yours")
        notification.read_at = notification.read_at or datetime.now(UTC)
        await self.session.flush()
        return notification

    async def meeting(self, event: MeetingEventV1) -> Notification:
        """Tell whoever booked: booked, moved, cancelled, held (or missed), or coming up."""
        kind, title, body = _meeting_text(event)
        return await self.notifications.add(
            Notification(
                recipient_id=event.citizen_id,
                kind=kind,
                title=title,
                body=body,
                link=f"/meetings/{event.booking_id}",
                data={
                    "booking_id": str(event.booking_id),
                    "starts_at": event.starts_at.isoformat(),
                    "ends_at": event.ends_at.isoformat(),
                    "report_id": str(event.report_id) if event.report_id else None,
                },
            )
        )

    async def survey(self, survey: SurveyPublishedV1, accounts: Sequence[uuid.UUID]) -> None:
        """Ask each of ``accounts`` (a survey sent to a list of people) for their view."""
        title, body = survey_invitation(survey)
        await self.notifications.add_many(
            [
                {
                    "recipient_id": account,
                    "kind": "survey.published",
                    "title": title,
                    "body": body,
                    "link": survey.path,
                    "data": {"survey_id": str(survey.survey_id), "closes_at": _iso(survey)},
                }
                for account in dict.fromkeys(accounts)
            ]
        )

    async def erase_recipient(self, account_id: uuid.UUID) -> None:
        await self.notifications.forget(account_id)


def _iso(survey: SurveyPublishedV1) -> str | None:
    return survey.closes_at.isoformat() if survey.closes_at else None


def _meeting_text(event: MeetingEventV1) -> tuple[str, str, str]:
    what = f"your {event.meeting_type} meeting"
    where = "online (the link is in your booking)" if event.online else f"at {event.location}"
    at = when(event.starts_at, event.timezone)
    match event:
        case MeetingBookedV1():
            return "meeting.booked", "Meeting booked", f"We have booked {what} for {at} {where}."
        case MeetingRescheduledV1():
            before = when(event.previous_starts_at, event.timezone)
            return (
                "meeting.rescheduled",
                "Meeting moved",
                f"{what.capitalize()} has moved from {before} to {at} {where}.",
            )
        case MeetingCancelledV1():
            by = "at your request" if event.cancelled_by == "citizen" else "by the officer"
            return (
                "meeting.cancelled",
                "Meeting cancelled",
                f"{what.capitalize()} on {at} was cancelled {by}: {event.reason}",
            )
        case MeetingCompletedV1(attended=True):
            return (
                "meeting.completed",
                "Thank you for meeting us",
                f"Thank you for coming to {what} on {at}. You can book another at any time.",
            )
        case MeetingCompletedV1():
            return (
                "meeting.completed",
                "We missed you",
                f"You were booked for {what} on {at}. Book another time if you still want to meet.",
            )
        case MeetingReminderDueV1():
            hours = "1 hour" if event.hours_before == 1 else f"{event.hours_before} hours"
            return (
                "meeting.reminder_due",
                f"Meeting in {hours}",
                f"A reminder: {what} is on {at} {where}.",
            )
    raise ValueError(f"not a meeting event this service knows: {type(event).__name__}")
