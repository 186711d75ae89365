"""All SQL of the token domain."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, or_, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.tokens.models import RefreshToken, SigningKey

# Serialises key creation across replicas that start (or rotate) at the same moment.
_KEY_LOCK = text("SELECT pg_advisory_xact_lock(hashtextextended('gateway.signing_keys', 0))")


class SigningKeyRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def lock(self) -> None:
        await self.session.execute(_KEY_LOCK)

    async def published(self, retired_after: datetime) -> Sequence[SigningKey]:
        """Keys still published: the active ones and those retired after ``retired_after``,
        newest first."""
        stmt = (
            select(SigningKey)
            .where(or_(SigningKey.retired_at.is_(None), SigningKey.retired_at > retired_after))
            .order_by(SigningKey.created_at.desc())
        )
        return (await self.session.scalars(stmt)).all()

    async def active(self) -> SigningKey | None:
        stmt = (
            select(SigningKey)
            .where(SigningKey.retired_at.is_(None))
            .order_by(SigningKey.created_at.desc())
            .limit(1)
        )
        return await self.session.scalar(stmt)

    async def add(self, key: SigningKey) -> None:
        self.session.add(key)
        await self.session.flush()

    async def retire_all_but(self, kid: str, at: datetime) -> None:
        await self.session.execute(
            update(SigningKey)
            .where(SigningKey.kid != kid, SigningKey.retired_at.is_(None))
            .values(retired_at=at)
        )


class RefreshTokenRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, token: RefreshToken) -> None:
        self.session.add(token)
        await self.session.flush()

    async def by_hash_for_update(self, token_hash: bytes) -> RefreshToken | None:
        # Row lock: two concurrent refreshes with one token cannot both spend it.
        stmt = select(RefreshToken).where(RefreshToken.token_hash == token_hash).with_for_update()
        return await self.session.scalar(stmt)

    async def revoke_family(self, family_id: uuid.UUID, at: datetime) -> None:
        await self.session.execute(
            update(RefreshToken)
            .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
            .values(revoked_at=at)
        )

    async def revoke_subject(self, subject: uuid.UUID, at: datetime) -> None:
        await self.session.execute(
            update(RefreshToken)
            .where(RefreshToken.subject == subject, RefreshToken.revoked_at.is_(None))
            .values(revoked_at=at)
        )

    async def delete_subject(self, subject: uuid.UUID) -> None:
        await self.session.execute(delete(RefreshToken).where(RefreshToken.subject == subject))

    async def live_families(self, subject: uuid.UUID, now: datetime) -> Sequence[RefreshToken]:
        """The unspent, unrevoked, unexpired token of each of the subject's sessions."""
        stmt = select(RefreshToken).where(
            RefreshToken.subject == subject,
            RefreshToken.spent_at.is_(None),
            RefreshToken.revoked_at.is_(None),
            RefreshToken.expires_at > now,
        )
        return (await self.session.scalars(stmt)).all()
