"""A survey's layout and a published version's form.

The layout lists every question any published version asked, in the order first asked, each
with its options in the order first offered (a location question's options are the named
areas). Numbers in answer cells and tallies are positions in it, so a question keeps its
number across versions and an export's columns only ever grow at the end. A form is one
version's questions with those numbers: what answers are checked and counted against.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from surveys.areas import AREA_SLUGS, ELSEWHERE
from surveys.builder.content import AnyQuestion, Location, SurveyContent, WithOptions
from surveys.builder.exceptions import QuestionKindChanged


def check_kinds(layout: list[dict[str, Any]], content: SurveyContent) -> None:
    """Refuse a question id that a published version asked as another kind."""
    kinds = {entry["key"]: entry["kind"] for entry in layout}
    for question in content.questions():
        was = kinds.get(question.id, question.kind)
        if was != question.kind:
            raise QuestionKindChanged(
                f"question {question.id!r} was asked as {was} in an earlier version: give the "
                f"{question.kind} question a new id",
                detail={"question": question.id, "was": was, "now": question.kind},
            )


def extend(layout: list[dict[str, Any]], content: SurveyContent) -> list[dict[str, Any]]:
    """The layout with the version's new questions and options appended."""
    check_kinds(layout, content)
    extended = [{**entry, "options": list(entry["options"])} for entry in layout]
    by_key = {entry["key"]: entry for entry in extended}
    for question in content.questions():
        entry = by_key.get(question.id)
        if entry is None:
            entry = {"key": question.id, "kind": question.kind, "options": []}
            extended.append(entry)
            by_key[question.id] = entry
        entry["options"] += [o for o in _options(question) if o not in entry["options"]]
    return extended


def _options(question: AnyQuestion) -> list[str]:
    if isinstance(question, WithOptions):
        return question.values
    if isinstance(question, Location):
        return [*AREA_SLUGS, ELSEWHERE]
    return []


@dataclass(frozen=True)
class FormQuestion:
    spec: AnyQuestion
    # Its position in the layout, and each option's (value, or area slug, -> number).
    number: int
    options: Mapping[str, int]


class Form:
    """A published version's questions, numbered by the survey's layout."""

    def __init__(self, version: int, content: SurveyContent, layout: list[dict[str, Any]]):
        self.version = version
        self.content = content
        numbers = {entry["key"]: (n, entry["options"]) for n, entry in enumerate(layout, 1)}
        self.questions = [
            FormQuestion(
                spec=question,
                number=numbers[question.id][0],
                options={value: n for n, value in enumerate(numbers[question.id][1], 1)},
            )
            for question in content.questions()
        ]
        self.by_id = {q.spec.id: q for q in self.questions}
