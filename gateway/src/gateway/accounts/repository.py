"""All SQL of the accounts domain."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.accounts.exceptions import EmailTaken
from gateway.accounts.models import Account, AccountStatus, AnonymousReporter
from peelian.auth.principal import Role
from peelian.db.repository import BaseRepository
from peelian.pagination import PageParams, Slice


class AccountRepository(BaseRepository[Account]):
    model = Account

    async def create(self, account: Account) -> Account:
        # A savepoint, so that a duplicate email fails this insert only, not the transaction.
        try:
            async with self.session.begin_nested():
                self.session.add(account)
        except IntegrityError as exc:
            raise EmailTaken("an account with this email already exists") from exc
        return account

    async def by_email(self, email: str) -> Account | None:
        return await self.session.scalar(select(Account).where(Account.email == email))

    async def any_with_role(self, role: str) -> bool:
        stmt = select(Account.id).where(Account.roles.contains([role])).limit(1)
        return await self.session.scalar(stmt) is not None

    async def list(self, params: PageParams, **filters: Any) -> Slice[Account]:
        stmt = self.select()
        if (role := filters.get("role")) is not None:
            stmt = stmt.where(Account.roles.contains([role]))
        if (status := filters.get("status")) is not None:
            stmt = stmt.where(Account.status == status)
        if (team := filters.get("team")) is not None:
            stmt = stmt.where(Account.team == team)
        return await self.paginate(stmt, params)

    async def active_staff(self, params: PageParams, team: str | None) -> Slice[Account]:
        """Active officers and supervisors (not admins, partner staff or citizens)."""
        stmt = self.select().where(
            Account.status == AccountStatus.ACTIVE,
            Account.roles.overlap([Role.OFFICER.value, Role.SUPERVISOR.value]),
        )
        if team is not None:
            stmt = stmt.where(Account.team == team)
        return await self.paginate(stmt, params)

    async def delete(self, account_id: uuid.UUID) -> None:
        await self.session.execute(delete(Account).where(Account.id == account_id))


class AnonymousReporterRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, reporter: AnonymousReporter) -> AnonymousReporter:
        self.session.add(reporter)
        await self.session.flush()
        await self.session.refresh(reporter)
        return reporter

    async def get(self, reporter_id: uuid.UUID) -> AnonymousReporter | None:
        return await self.session.get(AnonymousReporter, reporter_id)

    async def by_key_hash(self, key_hash: bytes) -> AnonymousReporter | None:
        stmt = select(AnonymousReporter).where(AnonymousReporter.key_hash == key_hash)
        return await self.session.scalar(stmt)
