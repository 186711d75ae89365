"""Token routes: the OAuth2 token endpoint, logout, anonymous reporters, the JWKS, and key
rotation for admins."""

from __future__ import annotations

import base64
import binascii
from typing import Annotated, Any
from urllib.parse import unquote

from fastapi import APIRouter, Form, Header, status

from gateway.dependencies import AccountServiceDep, KeyRingDep, TokenServiceDep
from gateway.tokens.exceptions import (
    InvalidClient,
    InvalidGrant,
    InvalidRequest,
    UnsupportedGrantType,
)
from gateway.tokens.schemas import AnonymousTokenResponse, SigningKeyRead, TokenResponse
from peelian.auth import require_role
from peelian.auth.principal import Role
from peelian.errors import Forbidden, TooManyRequests, Unauthorized, error_responses

router = APIRouter(tags=["auth"])

REPORTER_KEY_GRANT = "urn:peelian:params:oauth:grant-type:reporter-key"
FormField = Annotated[str | None, Form(max_length=4096)]


def _required(value: str | None, name: str, grant: str) -> str:
    if not value:
        raise InvalidRequest(f"the {grant} grant needs the {name!r} parameter")
    return value


def _basic_credentials(authorization: str | None) -> tuple[str, str] | None:
    """client_id and client_secret from HTTP Basic (RFC 6749 2.3.1), if given that way."""
    if not authorization or not authorization.lower().startswith("basic "):
        return None
    try:
        decoded = base64.b64decode(authorization[6:], validate=True).decode()
    except (binascii.Error, UnicodeDecodeError) as exc:
        raise InvalidClient("malformed Basic authorization header") from exc
    client_id, sep, secret = decoded.partition(":")
    if not sep:
        raise InvalidClient("malformed Basic authorization header")
    return unquote(client_id), unquote(secret)


@router.post(
    "/auth/token",
    responses=error_responses(
        InvalidRequest, UnsupportedGrantType, InvalidGrant, InvalidClient, TooManyRequests
    ),
)
async def token(
    tokens: TokenServiceDep,
    grant_type: Annotated[
        str,
        Form(description=f"password, refresh_token, client_credentials or {REPORTER_KEY_GRANT}"),
    ],
    username: FormField = None,
    password: FormField = None,
    refresh_token: FormField = None,
    client_id: FormField = None,
    client_secret: FormField = None,
    reporter_key: FormField = None,
    scope: FormField = None,
    authorization: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> TokenResponse:
    """Get tokens: sign in, refresh, authenticate a partner system or an anonymous reporter."""
    del scope  # accepted for OAuth2 clients that always send it; roles come from the account
    match grant_type:
        case "password":
            return await tokens.password_grant(
                _required(username, "username", grant_type),
                _required(password, "password", grant_type),
            )
        case "refresh_token":
            return await tokens.refresh_grant(_required(refresh_token, "refresh_token", grant_type))
        case "client_credentials":
            basic = _basic_credentials(authorization)
            cid, secret = basic or (
                _required(client_id, "client_id", grant_type),
                _required(client_secret, "client_secret", grant_type),
            )
            return await tokens.client_credentials_grant(cid, secret)
        case _ if grant_type == REPORTER_KEY_GRANT:
            return await tokens.reporter_key_grant(
                _required(reporter_key, "reporter_key", "reporter key")
            )
        case _:
            raise UnsupportedGrantType(
                f"grant_type {grant_type!r} is not supported: use password, refresh_token, "
                f"client_credentials or {REPORTER_KEY_GRANT}"
            )


@router.post("/auth/logout", status_code=status.HTTP_204_NO_CONTENT)
async def logout(
    tokens: TokenServiceDep, refresh_token: Annotated[str, Form(max_length=4096)]
) -> None:
    """Sign out: revoke the sign-in this refresh token belongs to."""
    await tokens.logout(refresh_token)


@router.post("/auth/anonymous", status_code=status.HTTP_201_CREATED)
async def create_anonymous_reporter(
    accounts: AccountServiceDep, tokens: TokenServiceDep
) -> AnonymousTokenResponse:
    """Become an anonymous reporter: a reporter key, shown only once, and tokens."""
    reporter, key = await accounts.create_anonymous_reporter()
    granted = await tokens.grant_anonymous(reporter.id, family_id=reporter.id)
    return AnonymousTokenResponse(
        **granted.model_dump(), reporter_id=str(reporter.id), reporter_key=key
    )


@router.get("/.well-known/jwks.json")
async def jwks(key_ring: KeyRingDep) -> dict[str, Any]:
    """Public keys that verify access tokens, by key id (kid)."""
    return key_ring.jwks()


admin_router = APIRouter(
    prefix="/admin/signing-keys",
    tags=["admin"],
    dependencies=[require_role(Role.ADMIN)],
    responses=error_responses(Unauthorized, Forbidden),
)


@admin_router.get("")
async def list_signing_keys(key_ring: KeyRingDep) -> list[SigningKeyRead]:
    """Published signing keys, newest first (the first signs new tokens)."""
    return [SigningKeyRead.model_validate(k) for k in await key_ring.published()]


@admin_router.post("/rotate", status_code=status.HTTP_201_CREATED)
async def rotate_signing_key(key_ring: KeyRingDep) -> SigningKeyRead:
    """Make a new signing key; the old one keeps verifying until its tokens expire."""
    kid = await key_ring.rotate()
    return next(
        SigningKeyRead.model_validate(k) for k in await key_ring.published() if k.kid == kid
    )
