"""Reactions of the messaging service to other services' events: the one explicit registry."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from messaging.complaints.service import ComplaintService
from messaging.config import MessagingSettings
from messaging.conversations.service import ConversationService
from messaging.discussions.service import DiscussionService
from messaging.notifications.service import NotificationService
from messaging.publications.service import PublicationService
from messaging.subscriptions.service import SubscriptionService
from peelian.consumer import Handlers
from peelian.events.contracts.identity import AccountErasedV1
from peelian.events.contracts.referrals import ReferralOutcomeRecordedV1
from peelian.events.contracts.reporting import ReportSubmittedV1, ReportUpdatedV1
from peelian.events.contracts.scheduling import (
    MeetingBookedV1,
    MeetingCancelledV1,
    MeetingCompletedV1,
    MeetingEventV1,
    MeetingReminderDueV1,
    MeetingRescheduledV1,
)
from peelian.events.contracts.surveys import SurveyPublishedV1
from peelian.events.envelope import CloudEvent


def handlers(settings: MessagingSettings) -> Handlers:
    """Event type -> handler; the consumer commits each handler's writes with its inbox row."""

    async def report_submitted(session: AsyncSession, event: CloudEvent) -> None:
        report = event.payload()
        assert isinstance(report, ReportSubmittedV1)
        # Without consent nobody writes to the reporter: no conversation.
        await ConversationService(session).report_submitted(
            report_id=report.report_id,
            reference=report.reference,
            reporter_id=report.reporter_id,
            reporter_anonymous=report.reporter_anonymous,
            contact_consent=report.contact_consent,
        )

    async def referral_outcome_recorded(session: AsyncSession, event: CloudEvent) -> None:
        outcome = event.payload()
        assert isinstance(outcome, ReferralOutcomeRecordedV1)
        # Only the public summary: the partner's name and coded outcome stay with the force
        # (the agency itself may be sensitive, e.g. a mental-health team).
        await ConversationService(session).tell_reporter(outcome.report_id, outcome.public_summary)

    async def report_updated(session: AsyncSession, event: CloudEvent) -> None:
        update = event.payload()
        assert isinstance(update, ReportUpdatedV1)
        # An officer's public update; information the reporter added is theirs already.
        if update.public_text and update.contact_consent:
            await ConversationService(session).tell_reporter(
                update.report_id, f"Update on your report: {update.public_text}"
            )

    async def meeting(session: AsyncSession, event: CloudEvent) -> None:
        meeting = event.payload()
        assert isinstance(meeting, MeetingEventV1)
        await NotificationService(session).meeting(meeting)

    async def survey_published(session: AsyncSession, event: CloudEvent) -> None:
        survey = event.payload()
        assert isinstance(survey, SurveyPublishedV1)
        # A new version of an open survey asks nobody again; a public link asks nobody.
        if survey.version != 1 or survey.audience == "public":
            return
        if survey.audience == "accounts":
            await NotificationService(session).survey(survey, survey.account_ids)
        else:
            link = settings.public_base_url.rstrip("/") + survey.path
            await PublicationService(session).announce_survey(survey, link)

    async def account_erased(session: AsyncSession, event: CloudEvent) -> None:
        erased = event.payload()
        assert isinstance(erased, AccountErasedV1)
        await ConversationService(session).erase_citizen(erased.account_id)
        await DiscussionService(session).erase_participant(erased.account_id)
        await ComplaintService(session).erase_complainant(erased.account_id)
        await SubscriptionService(session).erase_subscriber(erased.account_id)
        await PublicationService(session).erase_reader(erased.account_id)
        await NotificationService(session).erase_recipient(erased.account_id)

    return {
        ReportSubmittedV1.event_type: report_submitted,
        ReportUpdatedV1.event_type: report_updated,
        ReferralOutcomeRecordedV1.event_type: referral_outcome_recorded,
        **{
            contract.event_type: meeting
            for contract in (
                MeetingBookedV1,
                MeetingRescheduledV1,
                MeetingCancelledV1,
                MeetingCompletedV1,
                MeetingReminderDueV1,
            )
        },
        SurveyPublishedV1.event_type: survey_published,
        AccountErasedV1.event_type: account_erased,
    }
