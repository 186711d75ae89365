"""OAuth2 errors of the token endpoint (RFC 6749 section 5.2), in the platform's shape."""

from typing import Any

from fastapi import status

from peelian.errors import ServiceError


class InvalidRequest(ServiceError):
    """A required parameter is missing or malformed."""

    error = "invalid_request"


class UnsupportedGrantType(ServiceError):
    """The grant type is not one this endpoint supports."""

    error = "unsupported_grant_type"


class InvalidGrant(ServiceError):
    """The credentials, refresh token or reporter key are invalid, expired or revoked."""

    error = "invalid_grant"


class RefreshTokenReused(InvalidGrant):
    """A spent refresh token came back: its whole family has been revoked."""

    # The family's revocation must be committed although the request fails.
    keeps_changes = True


class InvalidClient(ServiceError):
    """Client authentication failed (unknown client, wrong secret, revoked)."""

    status_code = status.HTTP_401_UNAUTHORIZED
    error = "invalid_client"

    def __init__(self, message: str, detail: Any = None):
        super().__init__(message, detail, headers={"WWW-Authenticate": 'Basic realm="peelian"'})
