"""From counted cells to results: counts, percentages, means and medians, rank scores, and the
suppression of small breakdowns. Pure functions over (option, value, count) rows.

Suppression, with k the threshold (``SURVEYS_SUPPRESS_BELOW``, at least 5):

- a question (or a cross-tabulation's group) answered by 1 to k-1 people shows nothing but
  that it was suppressed;
- an option counted 1 to k-1 times shows no count or percentage (zero is shown);
- where the options split the answers (single choice, likert, rating, a date's months), one
  small option could be worked out from the total and the others, so the next smallest is
  suppressed with it; the same holds for groups split by a single-choice question.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from surveys.results.models import ANSWERED, RESPONSE
from surveys.results.repository import CrossHistogram, Histogram
from surveys.results.schemas import (
    Breakdown,
    Group,
    OptionCount,
    QuestionResult,
    RankedOption,
)

# Kinds with an "answered" cell besides their options (results.cells).
MARKED = frozenset({"multiple_choice", "location", "ranking"})
# Kinds whose options split the people who answered: one each.
SPLIT = frozenset({"single_choice", "likert", "rating", "date"})
EPOCH = date(1970, 1, 1)

# (option, value, count) of one question.
Cells = Sequence[tuple[int, float, int]]


@dataclass(frozen=True)
class Shown:
    """A question as results show it: its number in the layout, its id and kind, its text in
    the reader's language, and its options as (number, value, label) in the order shown. A
    rating's options are its values."""

    number: int
    key: str
    kind: str
    text: str
    options: tuple[tuple[int, str, str], ...] = ()


def hidden(counts: Sequence[int], k: int, *, split: bool) -> set[int]:
    """Indexes of the counts to suppress."""
    small = {i for i, n in enumerate(counts) if 0 < n < k}
    if split and len(small) == 1:
        rest = [(n, i) for i, n in enumerate(counts) if n > 0 and i not in small]
        if rest:
            small.add(min(rest)[1])
    return small


def breakdown(question: Shown, cells: Cells, k: int) -> Breakdown:
    """One question's results from its cells."""
    if question.kind in MARKED:
        answered = sum(n for option, _, n in cells if option == ANSWERED)
    else:
        answered = sum(n for _, _, n in cells)
    if 0 < answered < k:
        return Breakdown(answered=None, suppressed=True)
    result = Breakdown(answered=answered)
    if question.kind == "ranking":
        result.ranking = _ranking(question, cells, k)
    elif question.kind in ("number", "rating", "likert"):
        # One cell per answer, its value the number (a likert's, the position on the scale).
        result.mean, result.median = _mean_median([(v, n) for _, v, n in cells])
    if question.kind == "rating":
        counts = _by_value(cells)
        result.options = _counts(
            [
                (str(int(v)), str(int(v)), counts.get(v, 0))
                for v in _rating_values(question, counts)
            ],
            answered,
            k,
            split=True,
        )
    elif question.kind == "date":
        months = _months(cells)
        result.options = _counts(
            [(m, m, n) for m, n in sorted(months.items())], answered, k, split=True
        )
    elif question.options and question.kind != "ranking":
        by_option = _by_option(cells)
        result.options = _counts(
            [(value, label, by_option.get(n, 0)) for n, value, label in question.options],
            answered,
            k,
            split=question.kind in SPLIT,
        )
    return result


def results(
    questions: Iterable[Shown], histogram: Histogram, k: int
) -> tuple[int | None, list[QuestionResult]]:
    """The number of responses (null if suppressed) and every question's results."""
    cells = _per_question(histogram)
    responses = sum(n for _, _, n in cells.get(RESPONSE, ()))
    shown = [
        QuestionResult(
            question=q.key,
            kind=q.kind,
            text=q.text,
            **breakdown(q, cells.get(q.number, ()), k).model_dump(),
        )
        for q in questions
    ]
    return (None if 0 < responses < k else responses), shown


def cross_tabulate(
    questions: list[QuestionResult],
    described: Sequence[Shown],
    by: Shown,
    cross: CrossHistogram,
    k: int,
) -> None:
    """Add to each question its results per answer to question ``by`` (its options, or a
    rating's values), groups of fewer than k respondents suppressed."""
    per_group: dict[tuple[int, float], list[tuple[int, int, float, int]]] = defaultdict(list)
    for group_option, group_value, q, o, v, n in cross:
        key = (ANSWERED, group_value) if by.kind == "rating" else (group_option, 0.0)
        per_group[key].append((q, o, v, n))
    groups = _group_keys(by)
    sizes = [
        sum(n for q, _, _, n in per_group.get(key, ()) if q == RESPONSE) for key, _, _ in groups
    ]
    small = hidden(sizes, k, split=by.kind in SPLIT)
    for result, question in zip(questions, described, strict=True):
        result.groups = []
        for i, (key, value, label) in enumerate(groups):
            if i in small:
                result.groups.append(
                    Group(value=value, label=label, responses=None, answered=None, suppressed=True)
                )
                continue
            cells = [(o, v, n) for q, o, v, n in per_group.get(key, ()) if q == question.number]
            result.groups.append(
                Group(
                    value=value,
                    label=label,
                    responses=sizes[i],
                    **breakdown(question, cells, k).model_dump(),
                )
            )


def _group_keys(by: Shown) -> list[tuple[tuple[int, float], str, str]]:
    if by.kind == "rating":
        return [((ANSWERED, float(value)), value, label) for _, value, label in by.options]
    return [((number, 0.0), value, label) for number, value, label in by.options]


def _per_question(histogram: Histogram) -> dict[int, list[tuple[int, float, int]]]:
    cells: dict[int, list[tuple[int, float, int]]] = defaultdict(list)
    for q, o, v, n in histogram:
        cells[q].append((o, v, n))
    return cells


def _by_option(cells: Cells) -> dict[int, int]:
    counts: dict[int, int] = defaultdict(int)
    for option, _, n in cells:
        counts[option] += n
    return counts


def _by_value(cells: Cells) -> dict[float, int]:
    counts: dict[float, int] = defaultdict(int)
    for _, value, n in cells:
        counts[value] += n
    return counts


def _rating_values(question: Shown, counts: dict[float, int]) -> list[float]:
    scale = {float(value) for _, value, _ in question.options}
    return sorted(scale | set(counts))


def _months(cells: Cells) -> dict[str, int]:
    months: dict[str, int] = defaultdict(int)
    for _, days, n in cells:
        months[(EPOCH + timedelta(days=int(days))).strftime("%Y-%m")] += n
    return months


def _counts(
    rows: Sequence[tuple[str, str, int]], answered: int, k: int, *, split: bool
) -> list[OptionCount]:
    small = hidden([n for _, _, n in rows], k, split=split)
    return [
        OptionCount(value=value, label=label, count=None, percent=None, suppressed=True)
        if i in small
        else OptionCount(
            value=value,
            label=label,
            count=n,
            percent=round(100 * n / answered, 1) if answered else None,
        )
        for i, (value, label, n) in enumerate(rows)
    ]


def _mean_median(values: Sequence[tuple[float, int]]) -> tuple[float | None, float | None]:
    """Mean and median of values given with their counts (exact, from the histogram)."""
    total = sum(n for _, n in values)
    if not total:
        return None, None
    mean = sum(v * n for v, n in values) / total
    ordered = sorted(values)

    def at(position: int) -> float:  # the value at 0-based ``position`` in sorted order
        seen = 0
        for value, n in ordered:
            seen += n
            if position < seen:
                return value
        raise AssertionError("position beyond the total")

    middle = total // 2
    median = at(middle) if total % 2 else (at(middle - 1) + at(middle)) / 2
    return round(mean, 2), median


def _ranking(question: Shown, cells: Cells, k: int) -> list[RankedOption]:
    places = len(question.options)
    ranks: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for option, rank, n in cells:
        if option != ANSWERED:
            ranks[option].append((rank, n))
    ranked: list[RankedOption] = []
    for number, value, label in question.options:
        given = ranks.get(number, [])
        by = sum(n for _, n in given)
        if 0 < by < k:
            ranked.append(
                RankedOption(
                    value=value,
                    label=label,
                    score=None,
                    mean_rank=None,
                    first=None,
                    suppressed=True,
                )
            )
            continue
        first = sum(n for rank, n in given if rank == 1)
        ranked.append(
            RankedOption(
                value=value,
                label=label,
                score=int(sum((places - rank + 1) * n for rank, n in given)),
                mean_rank=round(sum(rank * n for rank, n in given) / by, 2) if by else None,
                first=None if 0 < first < k else first,
                suppressed=0 < first < k,
            )
        )
    return sorted(ranked, key=lambda r: -(r.score or 0))
