"""Events published by the messaging service: publications, warnings, conversations,
acknowledgements and discussions."""

from __future__ import annotations

import uuid
from datetime import datetime

from peelian.events.envelope import EventPayload, registry

PUBLICATION_TOPIC = "messaging.publication"
CONVERSATION_TOPIC = "messaging.conversation"
NOTIFICATION_TOPIC = "messaging.notification"
DISCUSSION_TOPIC = "messaging.discussion"


@registry.event("org.peelian.publication.published.v1", topic=PUBLICATION_TOPIC)
class PublicationPublishedV1(EventPayload):
    """A news item, appeal, warning or advice article was published (or a new version of it)."""

    publication_id: uuid.UUID
    kind: str
    version: int
    title: str
    areas: list[str]
    topics: list[str]
    languages: list[str]
    published_at: datetime


@registry.event("org.peelian.publication.retracted.v1", topic=PUBLICATION_TOPIC)
class PublicationRetractedV1(EventPayload):
    """A publication was withdrawn from the feeds; ``reason`` says why, publicly."""

    publication_id: uuid.UUID
    reason: str


@registry.event("org.peelian.warning.issued.v1", topic=PUBLICATION_TOPIC)
class WarningIssuedV1(EventPayload):
    """A warning went out to the subscribers of its areas and topics."""

    publication_id: uuid.UUID
    severity: str
    areas: list[str]
    topics: list[str]
    expires_at: datetime | None
    requires_acknowledgement: bool
    recipients: int


@registry.event("org.peelian.message.posted.v1", topic=CONVERSATION_TOPIC)
class MessagePostedV1(EventPayload):
    """A message was posted in a conversation (by its citizen, an officer or the system)."""

    conversation_id: uuid.UUID
    message_id: uuid.UUID
    author_role: str
    report_id: uuid.UUID | None


@registry.event("org.peelian.notification.acknowledged.v1", topic=NOTIFICATION_TOPIC)
class NotificationAcknowledgedV1(EventPayload):
    """A recipient acknowledged a warning ("I am safe", "seen")."""

    publication_id: uuid.UUID
    response: str
    areas: list[str]


@registry.event("org.peelian.discussion.response_published.v1", topic=DISCUSSION_TOPIC)
class DiscussionResponsePublishedV1(EventPayload):
    """The force published its summary and response ("you said, we did") to a discussion."""

    discussion_id: uuid.UUID
    title: str
    response_url: str | None
