"""Typed errors of results."""

from __future__ import annotations

from peelian.errors import BadRequest, Forbidden


class InvalidQuestion(BadRequest):
    """The question named cannot be used so (no such question, or not of a fitting kind)."""

    error = "invalid_question"


class ResultsNotPublic(Forbidden):
    """The force has not published this survey's results."""

    error = "results_not_public"
