"""Typed errors of the complaints domain."""

from __future__ import annotations

from peelian.errors import BadRequest, Conflict, Forbidden, NotFound


class ComplaintNotFound(NotFound):
    """No such complaint, or not one the caller may see (the two are not told apart)."""

    error = "complaint_not_found"

    def __init__(self) -> None:
        super().__init__("no complaint with this id is visible to you")


class SupervisorsOnly(Forbidden):
    """Complaints are read and answered by supervisors: a complaint may be about an officer."""

    error = "supervisors_only"

    def __init__(self) -> None:
        super().__init__(
            "complaints are read and answered by supervisors (and admins): a complaint may be "
            "about an officer"
        )


class CitizensComplain(Forbidden):
    """Complaints come from citizens (signed in or with a reporter key)."""

    error = "citizens_complain"

    def __init__(self) -> None:
        super().__init__("complaints come from citizens, signed in or with a reporter key")


class InvalidComplaint(BadRequest):
    """The complaint refers to something the complainant cannot refer to."""

    error = "invalid_complaint"


class AlreadyAnswered(Conflict):
    """The complaint already has its response."""

    error = "complaint_already_answered"

    def __init__(self) -> None:
        super().__init__("this complaint already has its response")
