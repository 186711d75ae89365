"""Accounts: registration, self-service, admin management, anonymous reporters.

Services flush and never commit: the request (or the caller) owns the transaction.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import UTC, datetime

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from gateway import credentials
from gateway.accounts.exceptions import (
    AccountNotFound,
    InvalidRoles,
    WeakPassword,
    WrongPassword,
)
from gateway.accounts.models import Account, AccountStatus, AnonymousReporter
from gateway.accounts.repository import AccountRepository, AnonymousReporterRepository
from gateway.accounts.schemas import (
    AccountCreate,
    AccountExport,
    AccountRead,
    AccountUpdate,
    SessionRead,
    StaffAccountCreate,
)
from gateway.config import GatewaySettings
from gateway.credentials import Passwords
from gateway.tokens.repository import RefreshTokenRepository
from peelian.auth.principal import Role
from peelian.events.contracts.identity import AccountErasedV1
from peelian.events.envelope import CloudEvent
from peelian.outbox import add_event
from peelian.pagination import PageParams, Slice

log = structlog.get_logger(__name__)

REPORTER_KEY_PREFIX = "prk"


def normalise_email(email: str) -> str:
    return email.strip().lower()


class AccountService:
    def __init__(self, session: AsyncSession, passwords: Passwords, settings: GatewaySettings):
        self.session = session
        self.passwords = passwords
        self.settings = settings
        self.accounts = AccountRepository(session)
        self.refresh_tokens = RefreshTokenRepository(session)

    # --- citizens ---

    async def register(self, data: AccountCreate) -> Account:
        email = normalise_email(str(data.email))
        self._check_password(data.password, email, data.display_name)
        account = Account(
            email=email,
            password_hash=await self.passwords.hash(data.password),
            display_name=data.display_name,
            preferred_language=data.preferred_language,
            home_areas=list(dict.fromkeys(data.home_areas)),
            roles=[Role.CITIZEN],
            status=AccountStatus.ACTIVE,
        )
        await self.accounts.create(account)
        log.info("account_registered", account_id=str(account.id))
        return account

    async def get(self, account_id: uuid.UUID) -> Account:
        account = await self.accounts.get(account_id)
        if account is None:
            raise AccountNotFound(f"no account with id {account_id}")
        return account

    async def update(self, account_id: uuid.UUID, data: AccountUpdate) -> Account:
        account = await self.get(account_id)
        if data.display_name is not None:
            account.display_name = data.display_name
        if data.preferred_language is not None:
            account.preferred_language = data.preferred_language
        if data.home_areas is not None:
            account.home_areas = list(dict.fromkeys(data.home_areas))
        await self.session.flush()
        return account

    async def change_password(self, account_id: uuid.UUID, current: str, new: str) -> None:
        """Change the password and sign out every session (a stolen one included)."""
        account = await self.get(account_id)
        await self._confirm(account, current)
        self._check_password(new, account.email, account.display_name)
        now = datetime.now(UTC)
        account.password_hash = await self.passwords.hash(new)
        account.password_changed_at = now
        await self.refresh_tokens.revoke_subject(account.id, now)
        await self.session.flush()

    async def export(self, account_id: uuid.UUID) -> AccountExport:
        account = await self.get(account_id)
        now = datetime.now(UTC)
        sessions = await self.refresh_tokens.live_families(account.id, now)
        return AccountExport(
            account=AccountRead.model_validate(account),
            password_changed_at=account.password_changed_at,
            last_login_at=account.last_login_at,
            sessions=[SessionRead.model_validate(s) for s in sessions],
            exported_at=now,
        )

    async def erase(self, account_id: uuid.UUID, password: str) -> None:
        """Delete the account and its sessions, and tell every service to erase the person's
        data (account.erased, through the outbox, in the same transaction)."""
        account = await self.get(account_id)
        await self._confirm(account, password)
        await self.refresh_tokens.delete_subject(account.id)
        await self.accounts.delete(account.id)
        event = CloudEvent.wrap(
            AccountErasedV1(account_id=account.id),
            service=self.settings.service_name,
            subject=str(account.id),
        )
        await add_event(self.session, event)
        log.info("account_erased", account_id=str(account.id))

    # --- admin ---

    async def create_staff(self, data: StaffAccountCreate) -> tuple[Account, str | None]:
        """Make a staff account; returns it and the generated initial password, if any."""
        roles = set(data.roles)
        if Role.CITIZEN in roles:
            raise InvalidRoles("citizens register themselves: staff accounts cannot be citizens")
        if (Role.PARTNER in roles) != (data.partner_id is not None):
            raise InvalidRoles("a partner_id is required with the partner role, and only then")
        if Role.PARTNER in roles and len(roles) > 1:
            raise InvalidRoles("partner staff cannot hold force roles as well")
        email = normalise_email(str(data.email))
        generated = None if data.password else secrets.token_urlsafe(18)
        password = data.password or generated
        assert password is not None
        if data.password:
            self._check_password(data.password, email, data.display_name)
        account = Account(
            email=email,
            password_hash=await self.passwords.hash(password),
            display_name=data.display_name,
            preferred_language=data.preferred_language,
            home_areas=[],
            roles=sorted(roles),
            partner_id=data.partner_id,
            team=data.team,
            status=AccountStatus.ACTIVE,
        )
        await self.accounts.create(account)
        log.info("staff_account_created", account_id=str(account.id), roles=account.roles)
        return account, generated

    async def list(self, params: PageParams, **filters: str | None) -> Slice[Account]:
        return await self.accounts.list(params, **filters)

    async def staff(self, params: PageParams, team: str | None) -> Slice[Account]:
        return await self.accounts.active_staff(params, team)

    async def set_status(self, account_id: uuid.UUID, status: AccountStatus) -> Account:
        """Deactivate (signing every session out) or reactivate an account."""
        account = await self.get(account_id)
        account.status = status
        if status is AccountStatus.DEACTIVATED:
            await self.refresh_tokens.revoke_subject(account.id, datetime.now(UTC))
        await self.session.flush()
        log.info("account_status_changed", account_id=str(account.id), status=status)
        return account

    async def bootstrap_first_admin(self) -> bool:
        """Create the configured first admin if the deployment has no admin yet."""
        email, password = self.settings.first_admin_email, self.settings.first_admin_password
        if not email or password is None or await self.accounts.any_with_role(Role.ADMIN):
            return False
        account = Account(
            email=normalise_email(email),
            password_hash=await self.passwords.hash(password.get_secret_value()),
            display_name="Administrator",
            preferred_language="en",
            home_areas=[],
            roles=[Role.ADMIN],
            status=AccountStatus.ACTIVE,
        )
        await self.accounts.create(account)
        log.info("first_admin_created", account_id=str(account.id))
        return True

    # --- anonymous reporters ---

    async def create_anonymous_reporter(self) -> tuple[AnonymousReporter, str]:
        """A new pseudonymous reporter and its key (returned once, stored only hashed)."""
        key = credentials.generate(REPORTER_KEY_PREFIX)
        reporter = await AnonymousReporterRepository(self.session).add(
            AnonymousReporter(key_hash=credentials.digest(key))
        )
        return reporter, key

    # --- helpers ---

    def _check_password(self, password: str, email: str, display_name: str) -> None:
        problem = credentials.password_problem(
            password,
            min_length=self.settings.password_min_length,
            personal=[email, email.split("@")[0], display_name],
        )
        if problem:
            raise WeakPassword(problem)

    async def _confirm(self, account: Account, password: str) -> None:
        if not await self.passwords.verify(account.password_hash, password):
            raise WrongPassword("the current password is not correct")
