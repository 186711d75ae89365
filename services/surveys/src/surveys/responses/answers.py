"""Checking answers against a version's form: types, options, ranges, required questions and
conditions. Every problem is found; the error is the first one's, naming its question."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from surveys.builder.content import (
    AnyQuestion,
    Date,
    FreeText,
    Likert,
    Location,
    MultipleChoice,
    Number,
    Ranking,
    Rating,
    SingleChoice,
)
from surveys.builder.layout import Form
from surveys.responses.exceptions import (
    AnswerError,
    HiddenQuestionAnswered,
    InvalidAnswer,
    MissingAnswer,
    UnknownOption,
    UnknownQuestion,
)


@dataclass(frozen=True)
class Problem:
    kind: type[AnswerError]
    question: str
    message: str
    context: dict[str, Any] = field(default_factory=dict)

    def describe(self) -> dict[str, Any]:
        return {"question": self.question, "error": self.kind.error, "message": self.message}


class _Refused(Exception):
    def __init__(self, problem: type[AnswerError], message: str, **context: Any) -> None:
        super().__init__(message)
        self.problem = problem
        self.message = message
        self.context = context


def check(form: Form, answers: Mapping[str, Any], *, complete: bool) -> dict[str, Any]:
    """The answers, checked and normalised. ``complete`` (a submission rather than a saved
    draft) also requires every shown required question and refuses answers to hidden ones."""
    problems = [
        Problem(UnknownQuestion, key, f"version {form.version} asks no question {key!r}")
        for key in answers
        if key not in form.by_id
    ]
    checked: dict[str, Any] = {}
    shown: dict[str, bool] = {}
    for question in form.questions:
        spec = question.spec
        shown[spec.id] = _shown(spec, checked, shown)
        value = answers.get(spec.id)
        if value is None:
            if complete and shown[spec.id] and spec.required:
                problems.append(Problem(MissingAnswer, spec.id, f"{_name(spec)} needs an answer"))
            continue
        if complete and not shown[spec.id]:
            assert spec.show_if is not None
            problems.append(
                Problem(
                    HiddenQuestionAnswered,
                    spec.id,
                    f"{_name(spec)} is only asked when {spec.show_if.question!r} is answered "
                    f"{' or '.join(spec.show_if.any_of)}: leave it out",
                    {"show_if": spec.show_if.model_dump()},
                )
            )
            continue
        try:
            checked[spec.id] = _value(spec, value)
        except _Refused as refused:
            message = f"{_name(spec)}: {refused.message}"
            problems.append(Problem(refused.problem, spec.id, message, refused.context))
    if problems:
        first = problems[0]
        raise first.kind(
            first.message,
            detail={
                "question": first.question,
                **first.context,
                "problems": [p.describe() for p in problems],
            },
        )
    return checked


def _name(spec: AnyQuestion) -> str:
    return f"question {spec.id!r}"


def _shown(spec: AnyQuestion, answers: Mapping[str, Any], shown: Mapping[str, bool]) -> bool:
    """Shown unless its condition's question is hidden, unanswered, or answered otherwise."""
    condition = spec.show_if
    if condition is None:
        return True
    if not shown.get(condition.question, False):
        return False
    answer = answers.get(condition.question)
    chosen = set(answer) if isinstance(answer, list) else {answer}
    return not chosen.isdisjoint(condition.any_of)


def _value(spec: AnyQuestion, value: Any) -> Any:
    match spec:
        case SingleChoice() | Likert():
            return _option(spec.values, _string(value, "one option value"))
        case MultipleChoice():
            chosen = _options(spec.values, value)
            most = spec.max_choices or len(spec.values)
            if not spec.min_choices <= len(chosen) <= most:
                raise _Refused(
                    InvalidAnswer, f"choose from {spec.min_choices} to {most} of the options"
                )
            return chosen
        case Ranking():
            ranked = _options(spec.values, value)
            wanted = spec.ranked or len(spec.values)
            if len(ranked) != wanted:
                raise _Refused(InvalidAnswer, f"rank {wanted} of the options, best first")
            return ranked
        case Rating():
            if not _is_number(value) or value != int(value) or not spec.min <= value <= spec.max:
                raise _Refused(
                    InvalidAnswer, f"expected a whole number from {spec.min} to {spec.max}"
                )
            return int(value)
        case Number():
            return _number(spec, value)
        case FreeText():
            text = _string(value, "text").strip()
            if not text or len(text) > spec.max_length:
                raise _Refused(InvalidAnswer, f"expected 1 to {spec.max_length} characters")
            return text
        case Date():
            return _date(spec, value)
        case Location():
            return _location(value)
    raise AssertionError(f"no check for {spec.kind}")


def _string(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise _Refused(InvalidAnswer, f"expected {what}, not {_type(value)}")
    return value


def _option(values: list[str], value: str) -> str:
    if value not in values:
        raise _Refused(
            UnknownOption,
            f"{value!r} is not one of its options ({', '.join(values)})",
            option=value,
            options=values,
        )
    return value


def _options(values: list[str], value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _Refused(InvalidAnswer, f"expected a list of option values, not {_type(value)}")
    if len(set(value)) != len(value):
        raise _Refused(InvalidAnswer, "an option is given twice")
    return [_option(values, v) for v in value]


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _number(spec: Number, value: Any) -> float | int:
    if not _is_number(value):
        raise _Refused(InvalidAnswer, f"expected a number, not {_type(value)}")
    if spec.integer and value != int(value):
        raise _Refused(InvalidAnswer, "expected a whole number")
    if (spec.min is not None and value < spec.min) or (spec.max is not None and value > spec.max):
        raise _Refused(InvalidAnswer, f"expected a number {_bounds(spec.min, spec.max)}")
    return int(value) if spec.integer else value


def _date(spec: Date, value: Any) -> str:
    text = _string(value, "a date (YYYY-MM-DD)")
    try:
        day = date.fromisoformat(text)
    except ValueError:
        day = None
    if day is None or len(text) != len("2026-11-24"):
        raise _Refused(InvalidAnswer, "expected a date as YYYY-MM-DD")
    if (spec.earliest and day < spec.earliest) or (spec.latest and day > spec.latest):
        raise _Refused(InvalidAnswer, f"expected a date {_bounds(spec.earliest, spec.latest)}")
    return day.isoformat()


def _location(value: Any) -> dict[str, float]:
    if not isinstance(value, dict) or set(value) != {"latitude", "longitude"}:
        raise _Refused(InvalidAnswer, "expected {latitude, longitude}")
    latitude, longitude = value["latitude"], value["longitude"]
    if not (_is_number(latitude) and _is_number(longitude)):
        raise _Refused(InvalidAnswer, "latitude and longitude must be numbers")
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise _Refused(InvalidAnswer, "latitude must be within ±90 and longitude within ±180")
    return {"latitude": float(latitude), "longitude": float(longitude)}


def _bounds(low: Any, high: Any) -> str:
    if low is not None and high is not None:
        return f"from {low} to {high}"
    return f"of at least {low}" if low is not None else f"of at most {high}"


def _type(value: Any) -> str:
    return {
        bool: "true or false",
        int: "a number",
        float: "a number",
        str: "text",
        list: "a list",
        dict: "an object",
    }.get(type(value), type(value).__name__)
