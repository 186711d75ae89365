"""The report's status workflow: which moves are allowed, and which end a report."""

from __future__ import annotations

from reporting.reports.models import ReportStatus as S

# received → triaged → in progress → referred → resolved or closed. A resolved report can be
# reopened; a closed or withdrawn one cannot. Only the reporter withdraws.
_STAFF_MOVES: dict[S, frozenset[S]] = {
    S.RECEIVED: frozenset({S.TRIAGED, S.IN_PROGRESS, S.CLOSED}),
    S.TRIAGED: frozenset({S.IN_PROGRESS, S.REFERRED, S.RESOLVED, S.CLOSED}),
    S.IN_PROGRESS: frozenset({S.REFERRED, S.RESOLVED, S.CLOSED}),
    S.REFERRED: frozenset({S.IN_PROGRESS, S.RESOLVED, S.CLOSED}),
    S.RESOLVED: frozenset({S.IN_PROGRESS, S.CLOSED}),
    S.CLOSED: frozenset(),
    S.WITHDRAWN: frozenset(),
}
ENDED = frozenset({S.RESOLVED, S.CLOSED, S.WITHDRAWN})
WITHDRAWABLE = frozenset({S.RECEIVED, S.TRIAGED, S.IN_PROGRESS, S.REFERRED})


def staff_moves(current: S) -> frozenset[S]:
    """The statuses an officer may move a report to from ``current``."""
    return _STAFF_MOVES[current]


def can_withdraw(current: S) -> bool:
    return current in WITHDRAWABLE
