"""Events published by the surveys service.

``survey.published`` is defined ahead of the surveys service (issue 7) so that messaging can
tell the survey's audience: the contract comes first.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from peelian.events.envelope import EventPayload, registry

SURVEY_TOPIC = "surveys.survey"


@registry.event("org.peelian.survey.published.v1", topic=SURVEY_TOPIC)
class SurveyPublishedV1(EventPayload):
    """A survey opened (or a new version of it was published: ``version`` > 1).

    ``audience``: ``public`` (anyone with the link; nobody is notified), ``citizens`` (every
    subscriber), ``areas`` (subscribers of ``areas``, narrowed by ``topics`` if given) or
    ``accounts`` (exactly ``account_ids``). ``path`` is where a client answers it, under the
    platform's public address. ``published_by`` is the officer who published it."""

    survey_id: uuid.UUID
    version: int
    published_by: uuid.UUID
    title: str
    description: str
    language: str
    audience: Literal["public", "citizens", "areas", "accounts"]
    areas: list[str]
    topics: list[str]
    account_ids: list[uuid.UUID]
    path: str
    opens_at: datetime
    closes_at: datetime | None
