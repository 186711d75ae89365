"""Events published by the surveys service.

``survey.published`` is defined ahead of the surveys service (issue 7) so that messaging can
tell the survey's audience: the contract comes first. ``survey.response_submitted`` never
identifies an anonymous respondent: it says which survey and version was answered, and by whom
only when the survey records who answers.
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


@registry.event("org.peelian.survey.closed.v1", topic=SURVEY_TOPIC)
class SurveyClosedV1(EventPayload):
    """A survey stopped taking responses: closed by an officer (``closed_by``) or at its
    ``closes_at`` (``closed_by`` null). ``responses`` is how many it received in all."""

    survey_id: uuid.UUID
    version: int
    closed_at: datetime
    closed_by: uuid.UUID | None
    responses: int


@registry.event("org.peelian.survey.response_submitted.v1", topic=SURVEY_TOPIC)
class SurveyResponseSubmittedV1(EventPayload):
    """Someone answered a survey (``version`` is the version they answered). For an anonymous
    survey ``respondent_id`` is null and nothing else about the respondent or the response is
    said (no response id: the event would point at the one row its time belongs to)."""

    survey_id: uuid.UUID
    version: int
    anonymous: bool
    respondent_id: uuid.UUID | None
