"""A checked response as cells: (question, option, value) numbered by the survey's layout.

| kind | cells |
|---|---|
| single choice | (q, option, 0) |
| likert | (q, option, position on the scale, 1 = lowest) |
| rating, number | (q, 0, the number) |
| date | (q, 0, days since 1970-01-01) |
| free text | (q, 0, 0): answered (the text stays in the response) |
| multiple choice | (q, 0, 0) answered, and (q, option, 0) for each option chosen |
| location | (q, 0, 0) answered, and (q, area, 0) for each named area holding the pin |
| ranking | (q, 0, 0) answered, and (q, option, rank) for each option ranked (1 = best) |

and (0, 0, 0) once per response.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from surveys.areas import areas_at
from surveys.builder.content import (
    Date,
    Likert,
    Location,
    MultipleChoice,
    Ranking,
    Rating,
    SingleChoice,
)
from surveys.builder.content import Number as NumberQuestion
from surveys.builder.layout import Form
from surveys.results.models import ANSWERED, RESPONSE

Cell = tuple[int, int, float]
EPOCH = date(1970, 1, 1)


def encode(form: Form, answers: dict[str, Any]) -> list[Cell]:
    cells: list[Cell] = [(RESPONSE, ANSWERED, 0.0)]
    for question in form.questions:
        answer = answers.get(question.spec.id)
        if answer is None:
            continue
        n, options = question.number, question.options
        match question.spec:
            case SingleChoice():
                cells.append((n, options[answer], 0.0))
            case Likert() as likert:
                cells.append((n, options[answer], float(likert.values.index(answer) + 1)))
            case Rating() | NumberQuestion():
                cells.append((n, ANSWERED, float(answer)))
            case Date():
                cells.append((n, ANSWERED, float((date.fromisoformat(answer) - EPOCH).days)))
            case MultipleChoice():
                cells.append((n, ANSWERED, 0.0))
                cells += [(n, options[value], 0.0) for value in answer]
            case Location():
                cells.append((n, ANSWERED, 0.0))
                areas = areas_at(answer["latitude"], answer["longitude"])
                cells += [(n, options[area], 0.0) for area in areas]
            case Ranking():
                cells.append((n, ANSWERED, 0.0))
                cells += [(n, options[value], float(rank)) for rank, value in enumerate(answer, 1)]
            case _:  # free text: answered; the text itself stays in the response
                cells.append((n, ANSWERED, 0.0))
    return cells
