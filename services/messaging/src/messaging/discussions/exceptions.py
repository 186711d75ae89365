"""Typed errors of the deliberation domain."""

from __future__ import annotations

from peelian.errors import BadRequest, Conflict, NotFound


class DiscussionNotFound(NotFound):
    """No such discussion."""

    error = "discussion_not_found"

    def __init__(self) -> None:
        super().__init__("no discussion with this id")


class ProposalNotFound(NotFound):
    """No such proposal in this discussion (or it was hidden by a moderator)."""

    error = "proposal_not_found"

    def __init__(self) -> None:
        super().__init__("no proposal with this id in this discussion")


class DiscussionClosed(Conflict):
    """The discussion takes no more proposals or votes: it closed, or the force responded."""

    error = "discussion_closed"


class AlreadyResponded(Conflict):
    """The force has already published its response to this discussion."""

    error = "already_responded"

    def __init__(self) -> None:
        super().__init__("the response to this discussion is already published")


class InvalidDiscussion(BadRequest):
    """The discussion or its response breaks a rule the schema alone cannot check."""

    error = "invalid_discussion"
