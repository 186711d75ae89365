"""Typed errors of the builder."""

from __future__ import annotations

from peelian.errors import BadRequest, Conflict, NotFound


class SurveyNotFound(NotFound):
    """No survey with this id (or, at a link, none that has been published)."""

    error = "survey_not_found"


class VersionNotFound(NotFound):
    error = "version_not_found"


class VersionPublished(Conflict):
    """A published version never changes: make the next version instead."""

    error = "version_published"


class InvalidSurveyState(Conflict):
    """The survey is not in a state that allows this (a draft, published or closed)."""

    error = "invalid_survey_state"


class InvalidDistribution(BadRequest):
    """Who is asked and when do not fit together (areas without the areas audience...)."""

    error = "invalid_distribution"


class UnknownArea(BadRequest):
    """An area slug that is not one of the named areas."""

    error = "unknown_area"


class QuestionKindChanged(BadRequest):
    """A question id an earlier version asked as another kind: results could not add up."""

    error = "question_kind_changed"
