"""All SQL of answering a survey."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import delete, exists, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from surveys.responses.models import Draft, Respondent, Response, SpentToken


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

    async def spend(self, survey_id: uuid.UUID, token_hash: bytes) -> bool:
        """Mark the token used; False if it already was (a concurrent spend waits for the
        first to commit, then finds it)."""
        stmt = (
            insert(SpentToken)
            .values(survey_id=survey_id, token_hash=token_hash)
            .on_conflict_do_nothing()
            .returning(SpentToken.survey_id)
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

    async def drop_draft(self, survey_id: uuid.UUID, token_hash: bytes) -> None:
        await self.session.execute(
            delete(Draft).where(Draft.survey_id == survey_id, Draft.token_hash == token_hash)
        )

    async def add(
        self,
        survey_id: uuid.UUID,
        version: int,
        day: datetime,
        respondent_id: uuid.UUID | None,
        answers: dict[str, Any],
    ) -> uuid.UUID | None:
        """The response's id; None if this identified respondent has answered already."""
        stmt = (
            insert(Response)
            .values(
                id=uuid.uuid4(),
                survey_id=survey_id,
                version=version,
                submitted_day=day,
                respondent_id=respondent_id,
                answers=answers,
            )
            .on_conflict_do_nothing(
                index_elements=[Response.respondent_id, Response.survey_id],
                index_where=text("respondent_id IS NOT NULL"),
            )
            .returning(Response.id)
        )
        return await self.session.scalar(stmt)

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
