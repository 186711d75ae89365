"""All SQL of answering a survey (a response's cells are written with it, in one statement)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import DateTime, bindparam, delete, exists, select, text, update
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlalchemy.ext.asyncio import AsyncSession

from surveys.responses.models import Draft, Respondent, Response, SpentToken


@dataclass(frozen=True)
class Recorded:
    # False: the token had been spent already. None: the identified respondent had answered.
    spent: bool
    response_id: uuid.UUID | None


_RECORD = text(
    """
    WITH spent AS (
        INSERT INTO spent_tokens (survey_id, token_hash) VALUES (:survey_id, :token_hash)
        ON CONFLICT DO NOTHING
        RETURNING survey_id
    ), response AS (
        INSERT INTO responses (id, survey_id, version, submitted_day, respondent_id, answers)
        SELECT :id, :survey_id, :version, :submitted_day, :respondent_id, :answers FROM spent
        ON CONFLICT (respondent_id, survey_id) WHERE respondent_id IS NOT NULL DO NOTHING
        RETURNING id
    ), cells AS (
        INSERT INTO answer_cells (survey_id, question, option, response_id, version, value)
        SELECT :survey_id, q, o, response.id, :version, v
        FROM response, unnest(
            CAST(:questions AS smallint[]), CAST(:options AS smallint[]),
            CAST(:values AS double precision[])
        ) AS c(q, o, v)
    ), draft AS (
        DELETE FROM drafts
        WHERE survey_id = :survey_id AND token_hash = :token_hash
          AND EXISTS (SELECT FROM response)
    )
    SELECT EXISTS (SELECT FROM spent) AS spent, (SELECT id FROM response) AS response_id
    """
).bindparams(
    bindparam("answers", type_=JSONB),
    bindparam("submitted_day", type_=DateTime(timezone=True)),
)


class ResponseRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add_respondent(self, survey_id: uuid.UUID, key: bytes) -> bool:
        """Record that this person took a token; False if they already had."""
        stmt = (
            insert(Respondent)
            .values(survey_id=survey_id, respondent_key=key)
            .on_conflict_do_nothing()
            .returning(Respondent.survey_id)
        )
        return (await self.session.scalar(stmt)) is not None

    async def spent(self, survey_id: uuid.UUID, token_hash: bytes) -> bool:
        stmt = select(
            exists().where(SpentToken.survey_id == survey_id, SpentToken.token_hash == token_hash)
        )
        return bool(await self.session.scalar(stmt))

    async def save_draft(
        self, survey_id: uuid.UUID, token_hash: bytes, version: int, answers: dict[str, Any]
    ) -> None:
        stmt = insert(Draft).values(
            survey_id=survey_id, token_hash=token_hash, version=version, answers=answers
        )
        await self.session.execute(
            stmt.on_conflict_do_update(
                index_elements=[Draft.survey_id, Draft.token_hash],
                set_={"version": stmt.excluded.version, "answers": stmt.excluded.answers},
            )
        )

    async def draft(self, survey_id: uuid.UUID, token_hash: bytes) -> Draft | None:
        return await self.session.get(Draft, (survey_id, token_hash))

    async def record(
        self,
        survey_id: uuid.UUID,
        token_hash: bytes,
        response: dict[str, Any],
        cells: list[tuple[int, int, float]],
    ) -> Recorded:
        """Spend the token and store the response, its cells, and the end of its draft, in one
        statement. A token already spent (or being spent by a concurrent request, which this
        waits for) stores nothing; an identified respondent who has answered stores nothing
        but the spent token (the caller's error rolls it back)."""
        questions, options, values = zip(*cells, strict=True)
        row = (
            await self.session.execute(
                _RECORD,
                {
                    "survey_id": survey_id,
                    "token_hash": token_hash,
                    **response,
                    "questions": list(questions),
                    "options": list(options),
                    "values": list(values),
                },
            )
        ).one()
        return Recorded(spent=row.spent, response_id=row.response_id)

    async def answered(self, survey_id: uuid.UUID, respondent_id: uuid.UUID) -> bool:
        stmt = select(
            exists().where(Response.survey_id == survey_id, Response.respondent_id == respondent_id)
        )
        return bool(await self.session.scalar(stmt))

    async def forget_tokens(self, survey_id: uuid.UUID) -> None:
        """Drafts, who took a token and which were spent: once a survey closes, nothing."""
        for table in (Draft, Respondent, SpentToken):
            await self.session.execute(delete(table).where(table.survey_id == survey_id))

    async def forget_respondent(self, account_id: uuid.UUID, key: bytes) -> None:
        """An erased person: their identified responses become anonymous, and the record of
        the tokens they took goes."""
        await self.session.execute(
            update(Response).where(Response.respondent_id == account_id).values(respondent_id=None)
        )
        await self.session.execute(delete(Respondent).where(Respondent.respondent_key == key))
