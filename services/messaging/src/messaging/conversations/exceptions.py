"""Typed errors of the conversations domain."""

from __future__ import annotations

from peelian.errors import BadRequest, Conflict, Forbidden, NotFound


class ConversationNotFound(NotFound):
    """No such conversation, or not one the caller takes part in (the two are not told apart)."""

    error = "conversation_not_found"

    def __init__(self) -> None:
        super().__init__("no conversation with this id is visible to you")


class MessageNotFound(NotFound):
    """No such message in this conversation."""

    error = "message_not_found"

    def __init__(self) -> None:
        super().__init__("no message with this id in this conversation")


class PartnersDoNotConverse(Forbidden):
    """Partner agencies take no part in conversations; they work through referrals."""

    error = "partner_forbidden"

    def __init__(self) -> None:
        super().__init__(
            "partner agencies take no part in conversations: they work through referrals"
        )


class CitizenBlocked(Forbidden):
    """The citizen was blocked by the force and may no longer post (they can still read)."""

    error = "citizen_blocked"

    def __init__(self) -> None:
        super().__init__(
            "you can no longer post messages or proposals: the force blocked your account after "
            "posts that broke its rules. You can still read your conversations and the "
            "discussions, and complain at POST /complaints"
        )


class InvalidAttachment(BadRequest):
    """An attachment does not refer to evidence of the conversation's report."""

    error = "invalid_attachment"


class StaffOnlyFilter(Forbidden):
    """The filter is for the force's inbox, not for citizens."""

    error = "staff_filter"


class ConversationEnded(Conflict):
    """The citizen erased their account: nobody can write to them any more."""

    error = "conversation_ended"

    def __init__(self) -> None:
        super().__init__("the citizen of this conversation erased their account")
