"""All SQL of the publications domain, fan-out included: set-based, in bounded batches."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from messaging.inbox.models import InboxEntry
from messaging.publications.models import FanOut, Publication, Status, Translation
from peelian.db.repository import BaseRepository
from peelian.pagination import PageParams, Slice

# One batch: the next subscriptions in id order; those matching the publication's areas (and
# topics) get an inbox entry, all in one statement. Returns the batch's last id, how many
# subscriptions it scanned and how many entries it made.
_FAN_OUT_BATCH = text(
    """
    WITH batch AS (
        SELECT id, subscriber_id, matched_areas, topics FROM subscriptions
        WHERE active AND (CAST(:after AS uuid) IS NULL OR id > CAST(:after AS uuid))
        ORDER BY id LIMIT :size
    ), made AS (
        INSERT INTO inbox_entries (publication_id, recipient_id, area)
        SELECT :publication, b.subscriber_id,
               (SELECT a FROM unnest(b.matched_areas) AS a WHERE a = ANY(:areas) LIMIT 1)
        FROM batch b
        WHERE b.matched_areas && CAST(:areas AS varchar[])
          AND (cardinality(b.topics) = 0 OR cardinality(CAST(:topics AS varchar[])) = 0
               OR b.topics && CAST(:topics AS varchar[]))
        ON CONFLICT (publication_id, recipient_id) DO NOTHING
        RETURNING 1
    )
    SELECT (SELECT id FROM batch ORDER BY id DESC LIMIT 1) AS last_id,
           (SELECT count(*) FROM batch) AS scanned,
           (SELECT count(*) FROM made) AS made
    """
)


class PublicationRepository(BaseRepository[Publication]):
    model = Publication

    async def get(self, id_: uuid.UUID, *, for_update: bool = False) -> Publication | None:
        return await self.session.get(Publication, id_, with_for_update=for_update)

    async def translations(self, publication_id: uuid.UUID) -> list[Translation]:
        stmt = select(Translation).where(Translation.publication_id == publication_id)
        return list((await self.session.scalars(stmt)).all())

    async def add_translations(self, translations: list[Translation]) -> None:
        self.session.add_all(translations)
        await self.session.flush()

    async def published(
        self,
        params: PageParams,
        *,
        area: str | None,
        topic: str | None,
        kind: str | None,
    ) -> Slice[Publication]:
        stmt = self.select().where(
            Publication.status == Status.PUBLISHED,
            (Publication.expires_at.is_(None)) | (Publication.expires_at > func.now()),
        )
        if area:
            stmt = stmt.where(Publication.areas.contains([area]))
        if topic:
            stmt = stmt.where(Publication.topics.contains([topic]))
        if kind:
            stmt = stmt.where(Publication.kind == kind)
        return await self.paginate(stmt, params)

    async def reach(self, publication_id: uuid.UUID) -> list[dict[str, Any]]:
        stmt = (
            select(
                InboxEntry.area,
                func.count().label("delivered"),
                func.count().filter(InboxEntry.state != "delivered").label("read"),
                func.count().filter(InboxEntry.state == "acknowledged").label("acknowledged"),
            )
            .where(InboxEntry.publication_id == publication_id)
            .group_by(InboxEntry.area)
            .order_by(InboxEntry.area)
        )
        return [dict(row._mapping) for row in await self.session.execute(stmt)]


class FanOutRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, publication_id: uuid.UUID) -> FanOut | None:
        return await self.session.get(FanOut, publication_id)

    async def add(self, fan_out: FanOut) -> None:
        self.session.add(fan_out)
        await self.session.flush()

    async def next_pending(self) -> FanOut | None:
        """A fan-out not finished, locked so that one worker runs it (others skip it)."""
        stmt = (
            select(FanOut)
            .where(FanOut.status != "done")
            .order_by(FanOut.started_at.nulls_first())
            .limit(1)
            .with_for_update(skip_locked=True)
        )
        return await self.session.scalar(stmt)

    async def batch(
        self, fan_out: FanOut, publication: Publication, size: int
    ) -> tuple[uuid.UUID | None, int, int]:
        row = (
            await self.session.execute(
                _FAN_OUT_BATCH,
                {
                    "after": fan_out.after_subscription,
                    "size": size,
                    "publication": publication.id,
                    "areas": list(publication.areas),
                    "topics": list(publication.topics),
                },
            )
        ).one()
        return row.last_id, int(row.scanned), int(row.made)
