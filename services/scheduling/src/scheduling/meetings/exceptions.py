"""Typed errors of meetings."""

from __future__ import annotations

from peelian.errors import Conflict, Forbidden, NotFound


class MeetingNotFound(NotFound):
    """No such meeting, or not one of yours (the two are not told apart)."""

    error = "meeting_not_found"

    def __init__(self) -> None:
        super().__init__("no meeting with this id is visible to you")


class ReportNotFound(NotFound):
    """The report is not one of yours, or scheduling has not heard of it yet."""

    error = "report_not_found"

    def __init__(self) -> None:
        super().__init__(
            "no report of yours has this id (a report submitted a moment ago may take a few "
            "seconds to reach scheduling: try again shortly)"
        )


class FollowUpOnly(Forbidden):
    """Anonymous reporters book only follow-ups of their own reports."""

    error = "follow_up_only"

    def __init__(self) -> None:
        super().__init__(
            "with a reporter key you can book a follow-up of your report: give its report_id"
        )


class AlreadyBooked(Conflict):
    """You already have a place in this slot."""

    error = "already_booked"

    def __init__(self) -> None:
        super().__init__("you already have a place in this slot: see GET /meetings")


class MeetingClosed(Conflict):
    """The meeting was cancelled or is over: it cannot change any more."""

    error = "meeting_closed"


class MeetingStarted(Conflict):
    """The meeting has begun: it can no longer be moved or cancelled."""

    error = "meeting_started"


class MeetingNotStarted(Conflict):
    """The meeting has not begun yet: it cannot be marked held or missed."""

    error = "meeting_not_started"


class NotYourBooking(Forbidden):
    """Only the citizen who booked can do this."""

    error = "not_your_booking"
