"""Typed errors of slots: why a time cannot be booked."""

from __future__ import annotations

from typing import Any

from peelian.errors import BadRequest, Conflict


class InvalidRange(BadRequest):
    """The date range of a search is empty or too long."""

    error = "invalid_range"


class NotASlot(BadRequest):
    """No schedule entry offers a meeting at that time: pick one from GET /slots."""

    error = "not_a_slot"


class SlotInThePast(BadRequest):
    """The slot has already begun."""

    error = "slot_in_the_past"

    def __init__(self, starts_at: Any) -> None:
        super().__init__(
            "this slot has already begun: pick a later one from GET /slots",
            {"starts_at": str(starts_at)},
        )


class SlotUnavailable(Conflict):
    """The officer or team is not available then (leave, a bank holiday, another meeting)."""

    error = "slot_unavailable"


class SlotFull(Conflict):
    """Every place of the slot is booked."""

    error = "slot_full"

    def __init__(self) -> None:
        super().__init__(
            "this slot was booked by someone else just now: pick another from GET /slots"
        )
