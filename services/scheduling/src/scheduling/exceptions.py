"""Typed errors shared by the scheduling service's domains."""

from __future__ import annotations

from peelian.errors import BadRequest


class InvalidTimezone(BadRequest):
    """A time zone that is not an IANA name (Europe/London, America/New_York...)."""

    error = "invalid_timezone"

    def __init__(self, name: str) -> None:
        super().__init__(
            f"{name!r} is not an IANA time zone name: use one such as 'Europe/London' or "
            "'Asia/Shanghai' (the tz database's names, as ZoneInfo and browsers' "
            "Intl.DateTimeFormat().resolvedOptions().timeZone give them)",
            {"timezone": name},
        )
