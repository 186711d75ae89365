"""Texts messaging writes for other services' events, where more than one domain says them."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from peelian.events.contracts.surveys import SurveyPublishedV1

_FALLBACK_ZONE = ZoneInfo("Europe/London")


def when(at: datetime, zone: str) -> str:
    """``Tue 24 Nov 2026, 14:00 GMT`` on the clock of ``zone`` (London's if it is unknown)."""
    try:
        tz = ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        tz = _FALLBACK_ZONE
    local = at.astimezone(tz)
    return f"{local:%a} {local.day} {local:%b %Y, %H:%M %Z}"


def survey_invitation(survey: SurveyPublishedV1) -> tuple[str, str]:
    """The title and text that ask people to answer a survey (a notification or a feed item)."""
    title = f"Have your say: {survey.title}"[:200]
    closes = ""
    if survey.closes_at is not None:
        closes = f" It closes on {when(survey.closes_at, 'Europe/London')}."
    return title, f"{survey.description}{closes}".strip()
