"""Request dependencies of the gateway: its services, built per request over the session."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from gateway.accounts.service import AccountService
from gateway.accounts.throttle import LoginThrottle
from gateway.clients.service import PartnerClientService
from gateway.config import GatewaySettings
from gateway.credentials import Passwords
from gateway.tokens.issuer import TokenIssuer
from gateway.tokens.keys import KeyRing
from gateway.tokens.service import TokenService
from peelian.auth import PrincipalDep
from peelian.auth.principal import Principal
from peelian.db.engine import SessionDep
from peelian.errors import Forbidden


def _settings(request: Request) -> GatewaySettings:
    settings: GatewaySettings = request.app.state.settings
    return settings


def _passwords(request: Request) -> Passwords:
    passwords: Passwords = request.app.state.passwords
    return passwords


def _issuer(request: Request) -> TokenIssuer:
    issuer: TokenIssuer = request.app.state.token_issuer
    return issuer


def _throttle(request: Request) -> LoginThrottle:
    throttle: LoginThrottle = request.app.state.login_throttle
    return throttle


def _key_ring(request: Request) -> KeyRing:
    key_ring: KeyRing = request.app.state.key_ring
    return key_ring


SettingsDep = Annotated[GatewaySettings, Depends(_settings)]
PasswordsDep = Annotated[Passwords, Depends(_passwords)]
KeyRingDep = Annotated[KeyRing, Depends(_key_ring)]


def _account_service(
    session: SessionDep, passwords: PasswordsDep, settings: SettingsDep
) -> AccountService:
    return AccountService(session, passwords, settings)


def _token_service(
    session: SessionDep,
    passwords: PasswordsDep,
    settings: SettingsDep,
    issuer: Annotated[TokenIssuer, Depends(_issuer)],
    throttle: Annotated[LoginThrottle, Depends(_throttle)],
) -> TokenService:
    return TokenService(session, issuer, passwords, throttle, settings)


def _partner_client_service(session: SessionDep) -> PartnerClientService:
    return PartnerClientService(session)


AccountServiceDep = Annotated[AccountService, Depends(_account_service)]
TokenServiceDep = Annotated[TokenService, Depends(_token_service)]
PartnerClientServiceDep = Annotated[PartnerClientService, Depends(_partner_client_service)]


def _account_holder(principal: PrincipalDep) -> Principal:
    if principal.anonymous:
        raise Forbidden("anonymous reporters have no account: this needs a signed-in account")
    return principal


# A principal that signs in with an account (not an anonymous reporter).
AccountHolderDep = Annotated[Principal, Depends(_account_holder)]
