"""Granting tokens: the four grants of /auth/token, refresh rotation with reuse detection,
and logout.

A refresh token belongs to a family (one sign-in). Each refresh spends the token and issues
the next one of the family; a spent token presented again means that someone holds a copy,
so the whole family is revoked and everyone using it must sign in again.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from gateway import credentials
from gateway.accounts.models import Account, AccountStatus
from gateway.accounts.repository import AccountRepository, AnonymousReporterRepository
from gateway.accounts.service import normalise_email
from gateway.accounts.throttle import LoginThrottle
from gateway.clients.repository import PartnerClientRepository
from gateway.config import GatewaySettings
from gateway.credentials import Passwords
from gateway.tokens.exceptions import InvalidClient, InvalidGrant, RefreshTokenReused
from gateway.tokens.issuer import TokenIssuer
from gateway.tokens.models import RefreshToken
from gateway.tokens.repository import RefreshTokenRepository
from gateway.tokens.schemas import TokenResponse
from peelian.auth.principal import Role

log = structlog.get_logger(__name__)

REFRESH_TOKEN_PREFIX = "prt"  # noqa: S105 (a prefix, not a secret)
_BAD_LOGIN = "the email or password is incorrect"


class TokenService:
    def __init__(
        self,
        session: AsyncSession,
        issuer: TokenIssuer,
        passwords: Passwords,
        throttle: LoginThrottle,
        settings: GatewaySettings,
    ) -> None:
        self.session = session
        self.issuer = issuer
        self.passwords = passwords
        self.throttle = throttle
        self.settings = settings
        self.accounts = AccountRepository(session)
        self.reporters = AnonymousReporterRepository(session)
        self.refresh_tokens = RefreshTokenRepository(session)

    async def password_grant(self, username: str, password: str) -> TokenResponse:
        email = normalise_email(username)
        await self.throttle.check(email)
        account = await self.accounts.by_email(email)
        # Always one argon2 verification, known email or not: equal timing, equal answers.
        valid = await self.passwords.verify(account.password_hash if account else None, password)
        if account is None or not valid:
            await self.throttle.failed(email)
            raise InvalidGrant(_BAD_LOGIN)
        await self.throttle.succeeded(email)
        if account.status != AccountStatus.ACTIVE:
            raise InvalidGrant("this account has been deactivated: contact the force to restore it")
        if self.passwords.needs_rehash(account.password_hash):
            account.password_hash = await self.passwords.hash(password)
        account.last_login_at = datetime.now(UTC)
        return await self._grant_account(account, family_id=uuid.uuid4())

    async def reporter_key_grant(self, reporter_key: str) -> TokenResponse:
        reporter = await self.reporters.by_key_hash(credentials.digest(reporter_key))
        if reporter is None:
            raise InvalidGrant("the reporter key is not valid")
        return await self.grant_anonymous(reporter.id, family_id=uuid.uuid4())

    async def grant_anonymous(self, reporter_id: uuid.UUID, family_id: uuid.UUID) -> TokenResponse:
        access = self.issuer.issue(reporter_id, [Role.CITIZEN], anonymous=True)
        refresh = await self._new_refresh_token(reporter_id, family_id)
        return TokenResponse(
            access_token=access.token, expires_in=access.expires_in, refresh_token=refresh
        )

    async def client_credentials_grant(self, client_id: str, client_secret: str) -> TokenResponse:
        client = await PartnerClientRepository(self.session).by_client_id(client_id)
        presented = credentials.digest(client_secret)
        if client is None or not credentials.same(client.secret_hash, presented):
            raise InvalidClient("unknown client or wrong client secret")
        if client.revoked_at is not None:
            raise InvalidClient("this client has been revoked")
        # No refresh token for client credentials (RFC 6749 4.4.3): the client asks again.
        access = self.issuer.issue(client.id, [Role.PARTNER], partner_id=client.partner_id)
        return TokenResponse(access_token=access.token, expires_in=access.expires_in)

    async def refresh_grant(self, refresh_token: str) -> TokenResponse:
        now = datetime.now(UTC)
        token = await self.refresh_tokens.by_hash_for_update(credentials.digest(refresh_token))
        if token is None or token.revoked_at is not None or token.expires_at <= now:
            raise InvalidGrant("the refresh token is not valid: sign in again")
        if token.spent_at is not None:
            await self.refresh_tokens.revoke_family(token.family_id, now)
            log.warning(
                "refresh_token_reused", family_id=str(token.family_id), subject=str(token.subject)
            )
            raise RefreshTokenReused(
                "the refresh token was already used: every session of this sign-in has been "
                "revoked; sign in again"
            )
        token.spent_at = now
        account = await self.accounts.get(token.subject)
        if account is not None:
            if account.status != AccountStatus.ACTIVE:
                raise InvalidGrant("this account has been deactivated")
            return await self._grant_account(account, family_id=token.family_id)
        if await self.reporters.get(token.subject) is not None:
            return await self.grant_anonymous(token.subject, family_id=token.family_id)
        raise InvalidGrant("the refresh token's subject no longer exists")

    async def logout(self, refresh_token: str) -> None:
        """Revoke the sign-in the refresh token belongs to. Unknown tokens are ignored, so the
        answer says nothing about which tokens exist."""
        token = await self.refresh_tokens.by_hash_for_update(credentials.digest(refresh_token))
        if token is not None:
            await self.refresh_tokens.revoke_family(token.family_id, datetime.now(UTC))

    async def _grant_account(self, account: Account, family_id: uuid.UUID) -> TokenResponse:
        access = self.issuer.issue(
            account.id, [Role(r) for r in account.roles], partner_id=account.partner_id
        )
        refresh = await self._new_refresh_token(account.id, family_id)
        return TokenResponse(
            access_token=access.token, expires_in=access.expires_in, refresh_token=refresh
        )

    async def _new_refresh_token(self, subject: uuid.UUID, family_id: uuid.UUID) -> str:
        value = credentials.generate(REFRESH_TOKEN_PREFIX)
        await self.refresh_tokens.add(
            RefreshToken(
                family_id=family_id,
                subject=subject,
                token_hash=credentials.digest(value),
                expires_at=datetime.now(UTC) + timedelta(seconds=self.settings.refresh_token_ttl),
            )
        )
        return value
