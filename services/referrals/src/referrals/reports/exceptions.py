"""Typed errors of the reports domain."""

from __future__ import annotations

from peelian.errors import Conflict, NotFound


class ReportNotKnown(NotFound):
    """This service has no such report: it learns reports from report.submitted."""

    error = "report_not_found"

    def __init__(self) -> None:
        super().__init__(
            "the referrals service knows no report with this id: reports reach it through "
            "report.submitted, so check the id, and retry in a moment if the report was only "
            "just submitted; a report submitted before the referrals service was deployed "
            "(beyond the event history it replayed) cannot be referred"
        )


class ReportWithdrawn(Conflict):
    """The reporter withdrew the report: it is not shared with anyone any more."""

    error = "report_withdrawn"

    def __init__(self) -> None:
        super().__init__("the reporter withdrew this report: it cannot be referred")
