"""Request dependencies of the gateway: its services, built per request over the session."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

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
from peelian.state import app_state

SettingsDep = Annotated[GatewaySettings, Depends(app_state("settings"))]
PasswordsDep = Annotated[Passwords, Depends(app_state("passwords"))]
KeyRingDep = Annotated[KeyRing, Depends(app_state("key_ring"))]
IssuerDep = Annotated[TokenIssuer, Depends(app_state("token_issuer"))]
ThrottleDep = Annotated[LoginThrottle, Depends(app_state("login_throttle"))]


def _account_service(
    session: SessionDep, passwords: PasswordsDep, settings: SettingsDep
) -> AccountService:
    return AccountService(session, passwords, settings)


def _token_service(
    session: SessionDep,
    passwords: PasswordsDep,
    settings: SettingsDep,
    issuer: IssuerDep,
    throttle: ThrottleDep,
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
