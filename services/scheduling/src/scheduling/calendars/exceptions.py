"""Typed errors of calendars."""

from __future__ import annotations

from peelian.errors import NotFound


class FeedNotFound(NotFound):
    """No such feed: the link was revoked or replaced, or never existed."""

    error = "feed_not_found"
