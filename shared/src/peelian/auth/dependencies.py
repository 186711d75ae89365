"""FastAPI dependencies: the calling principal and coarse role checks."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from peelian.auth.principal import Principal, Role
from peelian.auth.verifier import JWTVerifier
from peelian.errors import Forbidden, Unauthorized

_bearer = HTTPBearer(auto_error=False, description="Access token issued by the gateway")


def get_verifier(request: Request) -> JWTVerifier:
    verifier: JWTVerifier = request.app.state.verifier
    return verifier


# Where a middleware of the same process that has already verified the request's token (the
# gateway's policy) leaves the principal, so that routes do not verify it a second time.
VERIFIED_PRINCIPAL = "principal"


async def get_optional_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal | None:
    state = request.scope.get("state", {})
    if VERIFIED_PRINCIPAL in state:
        verified: Principal | None = state[VERIFIED_PRINCIPAL]
        return verified
    if credentials is None:
        return None
    return await get_verifier(request).verify(credentials.credentials)


async def get_principal(
    principal: Annotated[Principal | None, Depends(get_optional_principal)],
) -> Principal:
    if principal is None:
        raise Unauthorized()
    return principal


PrincipalDep = Annotated[Principal, Depends(get_principal)]
OptionalPrincipalDep = Annotated[Principal | None, Depends(get_optional_principal)]


def require_role(*roles: Role) -> Any:
    """A dependency admitting principals holding any of ``roles``."""
    allowed = ", ".join(sorted(roles))

    async def check(principal: PrincipalDep) -> Principal:
        if not principal.has_any(*roles):
            raise Forbidden(f"this action needs one of the roles: {allowed}")
        return principal

    return Depends(check)
