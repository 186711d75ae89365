"""Response bodies of results."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel


class OptionCount(BaseModel):
    """How many answered with this option (a rating's value, a location's area, a date's
    month). ``count`` and ``percent`` (of those who answered the question) are null when
    ``suppressed``."""

    value: str
    label: str
    count: int | None
    percent: float | None
    suppressed: bool = False


class RankedOption(BaseModel):
    """An option of a ranking question: ``score`` gives n points for each first place of n
    options, down to 1 for last; ``mean_rank`` (1 = best) is over those who ranked it."""

    value: str
    label: str
    score: int | None
    mean_rank: float | None
    first: int | None
    suppressed: bool = False


class Breakdown(BaseModel):
    """One question's answers. ``answered`` is null and nothing else is given when fewer than
    ``suppress_below`` answered; ``mean`` and ``median`` are for scales, ratings and numbers."""

    answered: int | None
    suppressed: bool = False
    options: list[OptionCount] = []
    ranking: list[RankedOption] = []
    mean: float | None = None
    median: float | None = None


class Group(Breakdown):
    """The question's answers from the respondents who gave the cross-tabulating question
    this answer (``responses`` of them)."""

    value: str
    label: str
    responses: int | None


class QuestionResult(Breakdown):
    question: str
    kind: str
    text: str
    groups: list[Group] | None = None


class ResultsRead(BaseModel):
    """Live results: every question any published version asked. ``by`` names the question
    they are cross-tabulated by, ``version`` the one version they are limited to."""

    survey_id: uuid.UUID
    title: str
    language: str
    version: int | None
    by: str | None
    responses: int | None
    suppress_below: int
    questions: list[QuestionResult]


class TextAnswer(BaseModel):
    """A free-text answer, with the day it came (and who gave it, for identified surveys)."""

    response_id: uuid.UUID
    version: int
    submitted_day: datetime
    respondent_id: uuid.UUID | None
    text: str
