"""Typed errors of answering a survey."""

from __future__ import annotations

from peelian.errors import BadRequest, Conflict, Forbidden, NotFound


class AnswerError(BadRequest):
    """An answer the survey cannot take. ``detail.context.question`` names the (first)
    offending question; ``detail.context.problems`` lists every problem found."""


class InvalidAnswer(AnswerError):
    """The answer is not of the question's type, or out of its range."""

    error = "invalid_answer"


class UnknownOption(AnswerError):
    """The answer names an option the question does not have."""

    error = "unknown_option"


class MissingAnswer(AnswerError):
    """A required question that is shown was not answered."""

    error = "missing_answer"


class HiddenQuestionAnswered(AnswerError):
    """A question that its condition hides was answered."""

    error = "hidden_question_answered"


class UnknownQuestion(AnswerError):
    """The answers name a question the version does not ask."""

    error = "unknown_question"


class SurveyNotOpen(Conflict):
    """The survey is not published yet, or its opening time has not come."""

    error = "survey_not_open"


class SurveyClosed(Conflict):
    """The survey has closed: it takes no more responses."""

    error = "survey_closed"


class AlreadyResponded(Conflict):
    """This token was used, or this person has answered: one response per respondent."""

    error = "already_responded"


class TokenAlreadyIssued(Conflict):
    """This person already took the survey's one response token."""

    error = "token_already_issued"


class InvalidResponseToken(Forbidden):
    """The response token was not issued for this survey."""

    error = "invalid_response_token"


class NotInAudience(Forbidden):
    """The survey asks a list of people, and the caller is not one of them."""

    error = "not_in_audience"


class RespondentsOnly(Forbidden):
    """Surveys are answered by citizens (signed in, or with an anonymous reporter key)."""

    error = "respondents_only"


class SignInRequired(Forbidden):
    """The survey records who answers: it needs a signed-in account."""

    error = "sign_in_required"


class DraftNotFound(NotFound):
    error = "draft_not_found"
