"""Exports of every response, CSV or JSON, with a stable column layout.

Columns: ``response_id``, ``version``, ``submitted_on`` (the day), ``respondent_id`` (empty
unless the survey is identified), then one per question of the survey's layout, in the order
first asked. A new version only adds columns at the end; nothing moves or is renamed. In CSV:
choices as their values (several joined by ``;`` in the order offered), a ranking best first
joined by ``>``, a location as ``latitude,longitude``, dates as YYYY-MM-DD. Free text that a
spreadsheet would run as a formula is prefixed with ``'``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator, Callable, Sequence
from typing import Any

import orjson

from peelian.db.engine import Database
from surveys.results.repository import ExportRow, ResultsRepository

FIXED = ["response_id", "version", "submitted_on", "respondent_id"]
BATCH = 2000
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def columns(layout: list[dict[str, Any]]) -> list[str]:
    return FIXED + [entry["key"] for entry in layout]


async def _batches(database: Database, survey_id: Any) -> AsyncIterator[Sequence[ExportRow]]:
    """Every response, a batch at a time, each batch in a short read transaction of its own
    (the export streams after the request's transaction has ended)."""
    after = None
    while True:
        async with database.sessionmaker() as session:
            rows = await ResultsRepository(session).export_batch(survey_id, after, BATCH)
        if not rows:
            return
        yield rows
        after = (rows[-1].submitted_day, rows[-1].id)


async def csv_rows(
    database: Database, survey_id: Any, layout: list[dict[str, Any]]
) -> AsyncIterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns(layout))
    yield _drain(buffer)
    # Each question's way of writing its answer, chosen once.
    cells = [(entry["key"], _formatter(entry)) for entry in layout]
    async for rows in _batches(database, survey_id):
        for row in rows:
            answers = orjson.loads(row.answers)
            writer.writerow(
                [
                    row.id,
                    row.version,
                    row.submitted_day.date().isoformat(),
                    row.respondent_id or "",
                    *[write(answers.get(key)) for key, write in cells],
                ]
            )
        yield _drain(buffer)


async def json_document(
    database: Database, survey_id: Any, layout: list[dict[str, Any]], questions: list[Any]
) -> AsyncIterator[bytes]:
    """``{"survey_id", "columns", "questions", "responses": [...]}``, streamed; each
    response's answers are copied as stored, not parsed and written again."""
    head = orjson.dumps(
        {"survey_id": str(survey_id), "columns": columns(layout), "questions": questions}
    )
    yield head[:-1] + b',"responses":['
    first = True
    async for rows in _batches(database, survey_id):
        chunk = b",".join(
            orjson.dumps(
                {
                    # asyncpg's UUIDs are a subclass orjson does not take.
                    "response_id": str(row.id),
                    "version": row.version,
                    "submitted_on": row.submitted_day.date(),
                    "respondent_id": row.respondent_id and str(row.respondent_id),
                }
            )[:-1]
            + b',"answers":'
            + row.answers.encode()
            + b"}"
            for row in rows
        )
        yield chunk if first else b"," + chunk
        first = False
    yield b"]}"


def _formatter(entry: dict[str, Any]) -> Callable[[Any], Any]:
    match entry["kind"]:
        case "multiple_choice":
            order = entry["options"]
            return lambda answer: (
                "" if answer is None else ";".join(o for o in order if o in answer)
            )
        case "ranking":
            return lambda answer: "" if answer is None else ">".join(answer)
        case "location":
            return lambda answer: (
                "" if answer is None else f"{answer['latitude']},{answer['longitude']}"
            )
        case "text":
            return lambda answer: (
                "" if answer is None else "'" + answer if answer.startswith(_FORMULA) else answer
            )
    return lambda answer: "" if answer is None else answer


def _drain(buffer: io.StringIO) -> bytes:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text.encode()
