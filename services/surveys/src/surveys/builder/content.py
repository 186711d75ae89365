"""What a survey version asks: sections of typed questions, each text in one or more languages,
questions shown only when an earlier answer says so.

A question's ``id`` and an option's ``value`` are the author's short slugs. They are what
answers are keyed by and what results are grouped by across versions: a question kept in the
next version keeps its id (and kind), a reworded option keeps its value.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,62}$")]
LanguageTag = Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
# One text in several languages: {"en": "How safe do you feel?", "cy": "Pa mor ddiogel..."}.
Text = Annotated[
    dict[LanguageTag, Annotated[str, Field(min_length=1, max_length=2000)]],
    Field(min_length=1, max_length=20),
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(_Strict):
    value: Slug
    label: Text


class Condition(_Strict):
    """Show the question only if the answer to ``question`` (an earlier choice question) is,
    or for multiple choice includes, any of ``any_of``."""

    question: Slug
    any_of: list[Slug] = Field(min_length=1, max_length=50)


class _Question(_Strict):
    id: Slug
    text: Text
    help: Text | None = None
    required: bool = False
    show_if: Condition | None = None

    def texts(self) -> Iterator[tuple[str, dict[str, str]]]:
        """Every localised text of the question, with where it is (for error messages)."""
        yield f"question {self.id!r} text", self.text
        if self.help is not None:
            yield f"question {self.id!r} help", self.help

    def check(self) -> None:
        """Rules between the question's own fields (raise ValueError)."""


class WithOptions(_Question):
    options: list[Option] = Field(min_length=2, max_length=50)

    def texts(self) -> Iterator[tuple[str, dict[str, str]]]:
        yield from super().texts()
        for option in self.options:
            yield f"question {self.id!r} option {option.value!r}", option.label

    def check(self) -> None:
        values = [o.value for o in self.options]
        if len(set(values)) != len(values):
            raise ValueError(f"question {self.id!r}: option values must differ")

    @property
    def values(self) -> list[str]:
        return [o.value for o in self.options]


class SingleChoice(WithOptions):
    kind: Literal["single_choice"]


class MultipleChoice(WithOptions):
    kind: Literal["multiple_choice"]
    min_choices: int = Field(default=1, ge=1)
    max_choices: int | None = Field(default=None, ge=1)

    def check(self) -> None:
        super().check()
        most = self.max_choices or len(self.options)
        if not self.min_choices <= most <= len(self.options):
            raise ValueError(
                f"question {self.id!r}: need min_choices <= max_choices <= number of options"
            )


class Likert(WithOptions):
    """An agreement (or frequency...) scale: the options from the lowest to the highest."""

    kind: Literal["likert"]
    options: list[Option] = Field(min_length=2, max_length=11)


class Rating(_Question):
    """Whole numbers from ``min`` to ``max`` (stars, 0-10)."""

    kind: Literal["rating"]
    min: int = Field(default=1, ge=0, le=1)
    max: int = Field(default=5, ge=2, le=10)


class Number(_Question):
    kind: Literal["number"]
    min: float | None = None
    max: float | None = None
    integer: bool = False

    def check(self) -> None:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"question {self.id!r}: min must not be above max")


class FreeText(_Question):
    kind: Literal["text"]
    max_length: int = Field(default=2000, ge=1, le=10_000)


class Date(_Question):
    kind: Literal["date"]
    earliest: date | None = None
    latest: date | None = None

    def check(self) -> None:
        if self.earliest and self.latest and self.earliest > self.latest:
            raise ValueError(f"question {self.id!r}: earliest must not be after latest")


class Location(_Question):
    """A pin on the map: latitude and longitude. Results count the named areas it falls in."""

    kind: Literal["location"]


class Ranking(WithOptions):
    """Put the options in order of preference: all of them, or the first ``ranked``."""

    kind: Literal["ranking"]
    options: list[Option] = Field(min_length=2, max_length=20)
    ranked: int | None = Field(default=None, ge=1)

    def check(self) -> None:
        super().check()
        if self.ranked is not None and self.ranked > len(self.options):
            raise ValueError(f"question {self.id!r}: cannot rank more options than it has")


AnyQuestion = (
    SingleChoice | MultipleChoice | Likert | Rating | Number | FreeText | Date | Location | Ranking
)
Question = Annotated[AnyQuestion, Field(discriminator="kind")]


class Section(_Strict):
    title: Text
    description: Text | None = None
    questions: list[Question] = Field(min_length=1, max_length=100)


class SurveyContent(_Strict):
    """A version's title, description and sections. Every text needs a version in
    ``default_language``; other languages may cover some texts (readers fall back)."""

    default_language: LanguageTag = "en"
    title: Text
    description: Text
    sections: list[Section] = Field(min_length=1, max_length=20)

    @model_validator(mode="after")
    def _rules(self) -> Self:
        for where, text in self._texts():
            if self.default_language not in text:
                raise ValueError(f"{where} has no {self.default_language!r} version")
        asked: dict[str, AnyQuestion] = {}
        for question in self.questions():
            if question.id in asked:
                raise ValueError(f"question id {question.id!r} is used twice")
            question.check()
            if question.show_if is not None:
                _check_condition(question.id, question.show_if, asked)
            asked[question.id] = question
        return self

    def questions(self) -> list[AnyQuestion]:
        """Every question, in the order asked."""
        return [q for section in self.sections for q in section.questions]

    def languages(self) -> list[str]:
        """The languages any text is in, the default first."""
        found = {language for _, text in self._texts() for language in text}
        return [self.default_language, *sorted(found - {self.default_language})]

    def _texts(self) -> Iterator[tuple[str, dict[str, str]]]:
        yield "title", self.title
        yield "description", self.description
        for n, section in enumerate(self.sections, 1):
            yield f"section {n} title", section.title
            if section.description is not None:
                yield f"section {n} description", section.description
            for question in section.questions:
                yield from question.texts()


def _check_condition(question: str, condition: Condition, earlier: dict[str, AnyQuestion]) -> None:
    source = earlier.get(condition.question)
    if source is None:
        raise ValueError(
            f"question {question!r}: show_if must refer to an earlier question, "
            f"not {condition.question!r}"
        )
    if not isinstance(source, SingleChoice | MultipleChoice | Likert):
        raise ValueError(
            f"question {question!r}: show_if must refer to a choice or likert question; "
            f"{condition.question!r} is {source.kind}"
        )
    unknown = sorted(set(condition.any_of) - set(source.values))
    if unknown:
        raise ValueError(
            f"question {question!r}: show_if names options {condition.question!r} does not "
            f"have: {', '.join(unknown)}"
        )


def resolve(language: str | None, available: Iterable[str], default: str) -> str:
    """The one of ``available`` a reader asking for ``language`` gets: that language, its
    primary tag ("cy-GB" falls back to "cy"), else the default."""
    if language:
        for candidate in (language, language.split("-", 1)[0]):
            if candidate in available:
                return candidate
    return default


def pick(text: dict[str, str], language: str | None, default: str) -> str:
    """``text`` in ``language`` (see :func:`resolve`), else in the default language."""
    return text[resolve(language, text, default)]
