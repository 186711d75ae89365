"""All SQL of results: adding a response to the tallies, reading aggregates back (its cells
are written with the response: responses.repository)."""

from __future__ import annotations

import secrets
import uuid
from collections import Counter
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Row, Text, and_, cast, func, select, text, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from peelian.db.repository import keyset_page
from peelian.pagination import PageParams, Slice
from surveys.responses.models import Response
from surveys.results.cells import Cell
from surveys.results.models import ANSWERED, RESPONSE, SHARDS, AnswerCell, AnswerTally

# (question, option, value, count): the shape every aggregate is read in.
Histogram = Sequence[tuple[int, int, float, int]]
# (group option, group value, question, option, value, count): a cross-tabulation.
CrossHistogram = Sequence[tuple[int, float, int, int, float, int]]
# (id, version, submitted_day, respondent_id, answers as JSON text): a response to export.
ExportRow = Row[uuid.UUID, int, datetime, uuid.UUID | None, str]


# A fixed statement over arrays: the same SQL whatever the number of cells, so that it is
# prepared once per connection (a VALUES list per cell would be compiled anew for each length).
_TALLY = text(
    """
    INSERT INTO answer_tallies AS t (survey_id, version, question, option, value, shard, count)
    SELECT :survey_id, :version, q, o, v, :shard, n
    FROM unnest(
        CAST(:questions AS smallint[]), CAST(:options AS smallint[]),
        CAST(:values AS double precision[]), CAST(:counts AS bigint[])
    ) AS c(q, o, v, n)
    ON CONFLICT (survey_id, version, question, option, value, shard)
    DO UPDATE SET count = t.count + excluded.count
    """
)


class ResultsRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def tally(self, survey_id: uuid.UUID, version: int, cells: list[Cell]) -> None:
        """Add the cells to a random shard of the tallies, one statement. Keys are sorted, so
        that two submissions on one shard lock its rows in the same order (no deadlock)."""
        counts = sorted(Counter(cells).items())
        await self.session.execute(
            _TALLY,
            {
                "survey_id": survey_id,
                "version": version,
                "shard": secrets.randbelow(SHARDS),
                "questions": [q for (q, _, _), _ in counts],
                "options": [o for (_, o, _), _ in counts],
                "values": [v for (_, _, v), _ in counts],
                "counts": [n for _, n in counts],
            },
        )

    async def histogram(self, survey_id: uuid.UUID, version: int | None) -> Histogram:
        """Every (question, option, value) with its count, from the tallies (every shard)."""
        stmt = select(
            AnswerTally.question, AnswerTally.option, AnswerTally.value, func.sum(AnswerTally.count)
        ).where(AnswerTally.survey_id == survey_id)
        if version is not None:
            stmt = stmt.where(AnswerTally.version == version)
        stmt = stmt.group_by(AnswerTally.question, AnswerTally.option, AnswerTally.value)
        rows = await self.session.execute(stmt)
        return [(q, o, v, int(n)) for q, o, v, n in rows]

    async def responses(self, survey_id: uuid.UUID) -> int:
        count = await self.session.scalar(
            select(func.coalesce(func.sum(AnswerTally.count), 0)).where(
                AnswerTally.survey_id == survey_id, AnswerTally.question == RESPONSE
            )
        )
        return int(count or 0)

    async def responses_of(self, survey_ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
        """How many responses each survey has (surveys with none are left out)."""
        stmt = (
            select(AnswerTally.survey_id, func.sum(AnswerTally.count))
            .where(AnswerTally.survey_id.in_(survey_ids), AnswerTally.question == RESPONSE)
            .group_by(AnswerTally.survey_id)
        )
        return {survey_id: int(n) for survey_id, n in (await self.session.execute(stmt)).all()}

    async def cross(
        self, survey_id: uuid.UUID, by: int, version: int | None, *, marked: bool
    ) -> CrossHistogram:
        """Cells grouped by the response's answer to question ``by``: each (group option, group
        value) with every (question, option, value) and its count. ``marked``: ``by`` has an
        "answered" cell besides its options (multiple choice, location), left out of groups."""
        group, cell = aliased(AnswerCell), aliased(AnswerCell)
        conditions = [group.survey_id == survey_id, group.question == by]
        if marked:
            conditions.append(group.option != ANSWERED)
        if version is not None:
            conditions.append(group.version == version)
        stmt = (
            select(
                group.option,
                group.value,
                cell.question,
                cell.option,
                cell.value,
                func.count(),
            )
            .join(
                cell,
                and_(cell.survey_id == survey_id, cell.response_id == group.response_id),
            )
            .where(*conditions)
            .group_by(group.option, group.value, cell.question, cell.option, cell.value)
        )
        rows = await self.session.execute(stmt)
        return [(go, gv, q, o, v, int(n)) for go, gv, q, o, v, n in rows]

    async def texts(
        self, survey_id: uuid.UUID, question: str, params: PageParams
    ) -> Slice[Response]:
        """Responses answering free-text ``question``, the latest day first."""
        stmt = select(Response).where(
            Response.survey_id == survey_id, Response.answers.has_key(question)
        )
        return await keyset_page(
            self.session, stmt, params, at=Response.submitted_day, key=Response.id
        )

    async def export_batch(
        self, survey_id: uuid.UUID, after: tuple[datetime, uuid.UUID] | None, size: int
    ) -> Sequence[ExportRow]:
        """The next ``size`` responses after ``after``, by day and then id (random within a
        day: the order tells nothing of the time)."""
        stmt = select(
            Response.id,
            Response.version,
            Response.submitted_day,
            Response.respondent_id,
            # As the JSON text: an export copies or parses it faster than the driver would.
            cast(Response.answers, Text).label("answers"),
        ).where(Response.survey_id == survey_id)
        if after is not None:
            stmt = stmt.where(tuple_(Response.submitted_day, Response.id) > tuple_(*after))
        stmt = stmt.order_by(Response.submitted_day, Response.id).limit(size)
        return (await self.session.execute(stmt)).all()
