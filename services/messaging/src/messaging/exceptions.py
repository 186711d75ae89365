"""Typed errors shared by the messaging service's domains."""

from __future__ import annotations

from peelian.errors import BadRequest, Conflict, NotFound


class UnknownArea(BadRequest):
    """An area slug that is not one of the named areas (GET /areas)."""

    error = "unknown_area"


class UnknownTopic(BadRequest):
    """A topic slug that is not one of the topics (GET /topics)."""

    error = "unknown_topic"


class PublicationNotFound(NotFound):
    error = "publication_not_found"


class InvalidPublicationState(Conflict):
    """The publication is not in a state that allows this."""

    error = "invalid_publication_state"


class InboxEntryNotFound(NotFound):
    error = "inbox_entry_not_found"


class NotificationNotFound(NotFound):
    error = "notification_not_found"
