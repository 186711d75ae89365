"""Typed errors of one-click unsubscribe."""

from __future__ import annotations

from peelian.errors import NotFound


class UnsubscribeLinkNotFound(NotFound):
    """The link is not one we sent, or its subscription no longer exists."""

    error = "unsubscribe_link_not_found"
