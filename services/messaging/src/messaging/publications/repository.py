"""All SQL of the publications domain, fan-out included: set-based, in bounded batches."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import delete, func, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from messaging.inbox.models import InboxEntry
from messaging.publications.models import (
    Comment,
    FanOut,
    HistoryEntry,
    Publication,
    Rating,
    Status,
    Translation,
)
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

    async def replace_translations(
        self, publication_id: uuid.UUID, translations: list[Translation]
    ) -> None:
        await self.session.execute(
            delete(Translation).where(Translation.publication_id == publication_id)
        )
        await self.add_translations(translations)

    async def due(self, limit: int = 100) -> list[Publication]:
        """Scheduled publications whose time has come, locked (others skip them)."""
        stmt = (
            select(Publication)
            .where(Publication.status == Status.SCHEDULED, Publication.publish_at <= func.now())
            .order_by(Publication.publish_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return list((await self.session.scalars(stmt)).all())

    async def add_history(self, entry: HistoryEntry) -> None:
        self.session.add(entry)
        await self.session.flush()

    async def history(self, publication_id: uuid.UUID) -> list[HistoryEntry]:
        stmt = (
            select(HistoryEntry)
            .where(HistoryEntry.publication_id == publication_id)
            .order_by(HistoryEntry.at, HistoryEntry.id)
        )
        return list((await self.session.scalars(stmt)).all())

    async def add_comment(self, comment: Comment) -> Comment:
        self.session.add(comment)
        await self.session.flush()
        await self.session.refresh(comment)
        return comment

    async def comment(self, publication_id: uuid.UUID, comment_id: uuid.UUID) -> Comment | None:
        stmt = select(Comment).where(
            Comment.id == comment_id, Comment.publication_id == publication_id
        )
        return await self.session.scalar(stmt)

    async def comments(
        self, publication_id: uuid.UUID, params: PageParams, *, include_hidden: bool
    ) -> Slice[Comment]:
        stmt = select(Comment).where(Comment.publication_id == publication_id)
        if not include_hidden:
            stmt = stmt.where(Comment.hidden.is_(False))
        return await CommentPages(self.session).paginate(stmt, params)

    async def rate(self, publication_id: uuid.UUID, rater_id: uuid.UUID, stars: int) -> None:
        stmt = insert(Rating).values(publication_id=publication_id, rater_id=rater_id, stars=stars)
        await self.session.execute(
            stmt.on_conflict_do_update(
                index_elements=[Rating.publication_id, Rating.rater_id],
                set_={"stars": stmt.excluded.stars},
            )
        )

    async def forget_reader(self, account_id: uuid.UUID) -> None:
        await self.session.execute(
            update(Comment).where(Comment.author_id == account_id).values(author_id=None)
        )
        await self.session.execute(delete(Rating).where(Rating.rater_id == account_id))

    async def ratings(
        self, publication_id: uuid.UUID, rater_id: uuid.UUID
    ) -> tuple[int, float | None, int | None]:
        """How many ratings, their average, and the caller's own."""
        stmt = select(
            func.count(),
            func.avg(Rating.stars),
            func.max(Rating.stars).filter(Rating.rater_id == rater_id),
        ).where(Rating.publication_id == publication_id)
        count, average, yours = (await self.session.execute(stmt)).one()
        return int(count), float(average) if average is not None else None, yours

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


class CommentPages(BaseRepository[Comment]):
    model = Comment


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
