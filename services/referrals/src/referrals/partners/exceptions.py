"""Typed errors of the partners domain."""

from __future__ import annotations

from peelian.errors import Conflict, NotFound


class PartnerNotFound(NotFound):
    """No such partner, or not one the caller may see (the two are not told apart)."""

    error = "partner_not_found"

    def __init__(self) -> None:
        super().__init__("no partner agency with this id is visible to you")


class PartnerExists(Conflict):
    """Another partner has this slug."""

    error = "partner_exists"

    def __init__(self, slug: str) -> None:
        super().__init__(f"a partner agency with the slug {slug!r} exists already", {"slug": slug})
