"""Pure logic without the database: content rules, tokens, answer checks, cells, and the
aggregation and suppression arithmetic."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from pydantic import ValidationError

from surveys.areas import ELSEWHERE, areas_at
from surveys.builder.content import SurveyContent
from surveys.builder.layout import Form, extend
from surveys.responses.answers import check
from surveys.responses.exceptions import (
    HiddenQuestionAnswered,
    InvalidAnswer,
    MissingAnswer,
    UnknownOption,
)
from surveys.responses.tokens import ResponseTokens
from surveys.results.aggregate import Shown, breakdown, cross_tabulate, hidden, results
from surveys.results.cells import encode
from surveys_helpers import CAMPUS, NOWHERE, answers, content

K = 5


def form(**overrides: Any) -> Form:
    parsed = SurveyContent.model_validate(content(**overrides))
    return Form(1, parsed, extend([], parsed))


def questions(*changes: tuple[int, int, dict[str, Any]]) -> list[dict[str, Any]]:
    """The test survey's sections with question ``q`` of section ``s`` updated."""
    sections = content()["sections"]
    for s, q, change in changes:
        sections[s]["questions"][q] |= change
    return sections


# --- content ---


@pytest.mark.parametrize(
    ("sections", "complaint"),
    [
        (questions((0, 0, {"text": {"cy": "Blwyddyn?"}})), "has no 'en' version"),
        (
            questions((0, 0, {"show_if": {"question": "victim", "any_of": ["yes"]}})),
            "must refer to an earlier question",
        ),
        (
            questions((1, 4, {"show_if": {"question": "confidence", "any_of": ["5"]}})),
            "must refer to a choice or likert question",
        ),
        (
            questions((1, 4, {"show_if": {"question": "victim", "any_of": ["maybe"]}})),
            "names options 'victim' does not have: maybe",
        ),
        (questions((1, 0, {"id": "year"})), "question id 'year' is used twice"),
        (
            questions((0, 0, {"options": [{"value": "a", "label": {"en": "A"}}] * 2})),
            "option values must differ",
        ),
        (questions((1, 0, {"min_choices": 4, "max_choices": 3})), "min_choices <= max_choices"),
        (questions((1, 6, {"min": 8, "max": 7})), "min must not be above max"),
    ],
)
def test_content_rules_refuse_what_could_not_be_answered(
    sections: list[dict[str, Any]], complaint: str
) -> None:
    with pytest.raises(ValidationError, match=complaint):
        SurveyContent.model_validate(content(sections=sections))


def test_content_lists_its_languages_default_first() -> None:
    assert SurveyContent.model_validate(content()).languages() == ["en", "cy"]


# --- tokens ---


def test_a_token_is_good_once_for_its_own_survey_in_its_own_spelling() -> None:
    tokens = ResponseTokens("a secret")
    survey = uuid.uuid4()
    token = tokens.issue(survey)
    digest = tokens.verify(survey, token)

    assert digest is not None
    assert len(digest) == 32
    assert tokens.issue(survey) != token
    assert tokens.verify(uuid.uuid4(), token) is None
    assert ResponseTokens("another secret").verify(survey, token) is None
    # The same bytes spelt otherwise (padding, junk the decoder would skip) are refused.
    assert tokens.verify(survey, token + "=") is None
    assert tokens.verify(survey, token[:10] + "!" + token[10:]) is None
    assert tokens.verify(survey, token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    assert tokens.verify(survey, "srt_") is None


def test_a_respondent_key_is_stable_per_person_and_not_their_id() -> None:
    tokens = ResponseTokens("a secret")
    person = uuid.uuid4()
    assert tokens.respondent_key(person) == tokens.respondent_key(person)
    assert tokens.respondent_key(person) != tokens.respondent_key(uuid.uuid4())
    assert person.bytes not in tokens.respondent_key(person)


# --- answers ---


def test_answers_are_normalised() -> None:
    checked = check(
        form(),
        answers(nights=3.0, comments="  Lights.  ", home={"latitude": 51, "longitude": -3}),
        complete=True,
    )
    assert checked["nights"] == 3
    assert isinstance(checked["nights"], int)
    assert checked["comments"] == "Lights."
    assert checked["home"] == {"latitude": 51.0, "longitude": -3.0}


def test_every_problem_is_listed_and_the_first_names_the_error() -> None:
    given = answers(year="fifth", safe=None, victim="no", confidence=True)
    with pytest.raises(UnknownOption) as refused:
        check(form(), given, complete=True)
    context = refused.value.detail
    assert context["question"] == "year"
    assert context["options"] == ["first", "second", "third", "postgraduate"]
    assert [(p["question"], p["error"]) for p in context["problems"]] == [
        ("year", "unknown_option"),
        ("safe", "missing_answer"),
        ("confidence", "invalid_answer"),
        ("reported", "hidden_question_answered"),
        ("when", "hidden_question_answered"),
    ]


def test_a_draft_needs_no_required_answer_and_may_answer_hidden_questions() -> None:
    partial = {"victim": "no", "reported": "yes"}
    assert check(form(), partial, complete=False) == partial
    with pytest.raises(MissingAnswer):
        check(form(), partial, complete=True)


def test_a_question_hidden_by_a_hidden_question_is_hidden() -> None:
    sections = questions(
        (1, 5, {"show_if": {"question": "reported", "any_of": ["no"]}, "required": True})
    )
    given = answers(victim="no", reported=None, when="2026-10-03")
    with pytest.raises(HiddenQuestionAnswered) as refused:
        check(form(sections=sections), given, complete=True)
    assert refused.value.detail["question"] == "when"


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("concerns", "theft"),
        ("concerns", []),
        ("concerns", ["theft", "drugs", "damage", "asb"]),
        ("concerns", ["theft", "theft"]),
        ("confidence", 6),
        ("confidence", 3.5),
        ("nights", 2.5),
        ("nights", 8),
        ("nights", "2"),
        ("when", "03/10/2026"),
        ("when", "2019-12-31"),
        ("home", {"latitude": 51.4}),
        ("home", {"latitude": 91, "longitude": 0}),
        ("channels", ["app", "email"]),
        ("comments", ""),
        ("comments", "x" * 2001),
        ("safe", ["safe"]),
    ],
)
def test_an_answer_of_the_wrong_type_or_range_is_refused(question: str, value: Any) -> None:
    with pytest.raises(InvalidAnswer) as refused:
        check(form(), answers(**{question: value}), complete=True)
    assert refused.value.detail["question"] == question


# --- cells ---


def test_a_response_becomes_cells_numbered_by_the_layout() -> None:
    f = form()
    year, home, concerns, safe, confidence, victim, reported, when, nights, channels, comments = (
        range(1, 12)
    )
    cells = encode(f, check(f, answers(), complete=True))
    # Options are numbered from 1 in the order offered; areas in peelian.reference order.
    assert sorted(cells) == sorted(
        [
            (0, 0, 0.0),
            (year, 1, 0.0),
            (home, 0, 0.0),
            (home, 1, 0.0),  # campus
            (home, 3, 0.0),  # park-place (the areas overlap there)
            (concerns, 0, 0.0),
            (concerns, 1, 0.0),
            (concerns, 2, 0.0),
            (safe, 4, 4.0),
            (confidence, 0, 4.0),
            (victim, 1, 0.0),
            (reported, 1, 0.0),
            (when, 0, 20729.0),  # 2026-10-03, in days since 1970
            (nights, 0, 2.0),
            (channels, 0, 0.0),
            (channels, 1, 1.0),
            (channels, 2, 2.0),
            (channels, 3, 3.0),
            (channels, 4, 4.0),
            (comments, 0, 0.0),
        ]
    )


def test_a_pin_is_counted_in_every_area_holding_it_or_elsewhere() -> None:
    assert areas_at(CAMPUS["latitude"], CAMPUS["longitude"]) == ["campus", "park-place"]
    assert areas_at(NOWHERE["latitude"], NOWHERE["longitude"]) == [ELSEWHERE]


# --- aggregation and suppression ---


def test_small_counts_are_hidden_and_a_lone_one_takes_the_next_smallest_with_it() -> None:
    assert hidden([10, 3, 0, 7], K, split=False) == {1}
    assert hidden([10, 3, 0, 7], K, split=True) == {1, 3}
    assert hidden([10, 3, 4, 7], K, split=True) == {1, 2}
    assert hidden([10, 0, 5], K, split=True) == set()
    assert hidden([4], K, split=True) == {0}


YEAR = Shown(1, "year", "single_choice", "Year?", ((1, "first", "First"), (2, "second", "Second")))


def test_single_choice_counts_percentages_and_suppression() -> None:
    shown = Shown(
        1, "year", "single_choice", "Year?", tuple((n, f"y{n}", f"Y{n}") for n in range(1, 5))
    )
    result = breakdown(shown, [(1, 0.0, 12), (2, 0.0, 6), (3, 0.0, 2)], K)
    assert result.answered == 20
    assert [(o.count, o.percent, o.suppressed) for o in result.options] == [
        (12, 60.0, False),
        (None, None, True),  # the next smallest, or 2 = 20 - 12 - 6
        (None, None, True),
        (0, 0.0, False),
    ]
    assert breakdown(shown, [(1, 0.0, 4)], K).model_dump() == {
        "answered": None,
        "suppressed": True,
        "options": [],
        "ranking": [],
        "mean": None,
        "median": None,
    }


def test_means_and_medians_come_exactly_from_the_counts() -> None:
    rating = Shown(
        5, "confidence", "rating", "Confident?", tuple((0, str(v), str(v)) for v in range(1, 6))
    )
    odd = breakdown(rating, [(0, 1.0, 2), (0, 4.0, 5), (0, 5.0, 6)], K)
    assert (odd.mean, odd.median) == (round((2 + 20 + 30) / 13, 2), 4.0)
    assert [o.value for o in odd.options] == ["1", "2", "3", "4", "5"]
    even = breakdown(rating, [(0, 2.0, 5), (0, 3.0, 5)], K)
    assert (even.mean, even.median) == (2.5, 2.5)


def test_rank_scores_give_n_points_for_first_place() -> None:
    channels = Shown(
        9,
        "channels",
        "ranking",
        "Best?",
        ((1, "app", "App"), (2, "email", "Email"), (3, "social", "Social")),
    )
    cells = [
        (0, 0.0, 10),
        (1, 1.0, 6), (1, 2.0, 4),  # app: first 6 times, second 4
        (2, 1.0, 4), (2, 3.0, 6),
        (3, 2.0, 6), (3, 3.0, 4),
    ]  # fmt: skip
    ranking = breakdown(channels, cells, K).ranking
    assert [(r.value, r.score, r.mean_rank, r.first) for r in ranking] == [
        ("app", 6 * 3 + 4 * 2, 1.4, 6),
        ("email", 4 * 3 + 6 * 1, 2.2, None),  # first place 4 times: suppressed
        ("social", 6 * 2 + 4 * 1, 2.4, 0),
    ]


def test_cross_tabulation_suppresses_small_groups() -> None:
    histogram = [(0, 0, 0.0, 14), (1, 1, 0.0, 11), (1, 2, 0.0, 3)]
    cross = [
        (1, 0.0, 0, 0, 0.0, 11), (1, 0.0, 1, 1, 0.0, 11),
        (2, 0.0, 0, 0, 0.0, 3), (2, 0.0, 1, 2, 0.0, 3),
    ]  # fmt: skip
    responses, rows = results([YEAR], histogram, K)
    cross_tabulate(rows, [YEAR], YEAR, cross, K)
    assert responses == 14
    [year] = rows
    assert year.groups is not None
    first, second = year.groups
    assert (first.value, first.responses, first.answered) == ("first", None, None)
    assert first.suppressed
    assert second.suppressed
