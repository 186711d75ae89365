"""Typed errors of the reports domain."""

from __future__ import annotations

from peelian.errors import BadRequest, Conflict, Forbidden, NotFound


class ReportNotFound(NotFound):
    """No such report, or not one the caller may see (the two are not told apart)."""

    error = "report_not_found"

    def __init__(self) -> None:
        super().__init__("no report with this id is visible to you")


class PartnersUseReferrals(Forbidden):
    """Partner agencies receive reports only through referrals addressed to them."""

    error = "partner_forbidden"

    def __init__(self) -> None:
        super().__init__(
            "partner agencies see reports only through the referrals addressed to them"
        )


class InvalidReport(BadRequest):
    """The report breaks a rule that the schema alone cannot check."""

    error = "invalid_report"


class UnknownCategory(BadRequest):
    """The category does not exist or is no longer in use."""

    error = "unknown_category"


class InvalidTransition(Conflict):
    """The status change is not allowed from the report's current status."""

    error = "invalid_transition"


class IdempotencyKeyReused(Conflict):
    """The Idempotency-Key was already used for a different request."""

    error = "idempotency_key_reused"


class ReportEnded(Conflict):
    """The report has ended (resolved, closed or withdrawn): nothing more can be added."""

    error = "report_ended"


class SubmissionInProgress(Conflict):
    """A request with the same Idempotency-Key made the report while this one was running."""

    error = "submission_in_progress"
