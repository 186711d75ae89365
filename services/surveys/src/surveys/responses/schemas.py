"""Request and response bodies of answering a survey, and the survey as a respondent reads it."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from surveys.builder.content import AnyQuestion, SurveyContent, WithOptions, pick, resolve
from surveys.builder.models import Audience, Survey

# Answers are keyed by question id; their shape depends on the question (builder.content).
Answers = dict[str, Any]
Token = Field(min_length=10, max_length=100, description="The survey's one-time response token")


class TokenRead(BaseModel):
    """Your one-time response token for this survey: keep it to save, resume and submit your
    response. It is shown once and cannot be issued to you again."""

    survey_id: uuid.UUID
    token: str
    anonymous: bool


class TokenBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    token: str = Token


class DraftWrite(BaseModel):
    """Answers so far (checked, but none required yet), to the live version unless
    ``version`` says another published one."""

    model_config = ConfigDict(extra="forbid")

    token: str = Token
    version: int | None = Field(default=None, ge=1)
    answers: Answers = Field(max_length=500)


class DraftRead(BaseModel):
    version: int
    current_version: int
    answers: Answers


class ResponseSubmit(BaseModel):
    """A complete response to the live version (or to ``version``, if the respondent was
    shown an earlier published one)."""

    model_config = ConfigDict(extra="forbid")

    token: str = Token
    version: int | None = Field(default=None, ge=1)
    answers: Answers = Field(max_length=500)


class Receipt(BaseModel):
    """The response was recorded. Nothing in it identifies the response or the respondent."""

    survey_id: uuid.UUID
    version: int
    anonymous: bool


class OptionRead(BaseModel):
    value: str
    label: str


class ConditionRead(BaseModel):
    question: str
    any_of: list[str]


class QuestionRead(BaseModel):
    """A question in the reader's language. Only the fields of its kind are set."""

    id: str
    kind: str
    text: str
    help: str | None = None
    required: bool
    show_if: ConditionRead | None = None
    options: list[OptionRead] | None = None
    min_choices: int | None = None
    max_choices: int | None = None
    min: float | None = None
    max: float | None = None
    integer: bool | None = None
    max_length: int | None = None
    earliest: date | None = None
    latest: date | None = None
    ranked: int | None = None


class SectionRead(BaseModel):
    title: str
    description: str | None
    questions: list[QuestionRead]


class FormRead(BaseModel):
    """A survey as whoever has its link reads it: the live version, in their language."""

    survey_id: uuid.UUID
    version: int
    status: Literal["published", "closed"]
    open: bool
    opens_at: datetime | None
    closes_at: datetime | None
    audience: Audience
    anonymous: bool
    results_public: bool
    language: str
    languages: list[str]
    title: str
    description: str
    sections: list[SectionRead]

    @classmethod
    def of(
        cls, survey: Survey, content: SurveyContent, language: str | None, *, is_open: bool
    ) -> FormRead:
        default = content.default_language

        def text(value: dict[str, str] | None) -> str | None:
            return None if value is None else pick(value, language, default)

        return cls(
            survey_id=survey.id,
            version=survey.current_version,
            status=survey.status,
            open=is_open,
            opens_at=survey.opens_at,
            closes_at=survey.closes_at,
            audience=survey.audience,
            anonymous=survey.anonymous,
            results_public=survey.results_public,
            language=resolve(language, content.languages(), default),
            languages=content.languages(),
            title=pick(content.title, language, default),
            description=pick(content.description, language, default),
            sections=[
                SectionRead(
                    title=pick(section.title, language, default),
                    description=text(section.description),
                    questions=[_question(q, text) for q in section.questions],
                )
                for section in content.sections
            ],
        )


def _question(question: AnyQuestion, text: Any) -> QuestionRead:
    fields = question.model_dump(exclude={"text", "help", "options", "show_if"})
    options = None
    if isinstance(question, WithOptions):
        options = [OptionRead(value=o.value, label=text(o.label)) for o in question.options]
    show_if = question.show_if
    return QuestionRead(
        **fields,
        text=text(question.text),
        help=text(question.help),
        options=options,
        show_if=ConditionRead(**show_if.model_dump()) if show_if else None,
    )
