"""Typed errors of the suggestions domain."""

from __future__ import annotations

from peelian.errors import Conflict, NotFound


class SuggestionNotFound(NotFound):
    error = "suggestion_not_found"

    def __init__(self) -> None:
        super().__init__("no referral suggestion with this id")


class SuggestionDecided(Conflict):
    """An officer already confirmed or dismissed the suggestion."""

    error = "suggestion_decided"

    def __init__(self, status: str) -> None:
        super().__init__(f"this suggestion was already {status}", {"status": status})
