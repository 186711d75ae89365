"""Response models of the token endpoints (RFC 6749 section 5.1)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class TokenResponse(BaseModel):
    access_token: str
    token_type: str = "Bearer"  # noqa: S105 (the OAuth2 token type, not a secret)
    expires_in: int = Field(description="Seconds until the access token expires")
    refresh_token: str | None = Field(
        default=None, description="Single use: each refresh returns a new one"
    )


class AnonymousTokenResponse(TokenResponse):
    """A new anonymous reporter: its key (shown this once) and its first tokens."""

    reporter_id: str
    reporter_key: str = Field(
        description="Keep it: it is shown only this once and signs the reporter in again"
    )


class SigningKeyRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    kid: str
    algorithm: str
    created_at: datetime
    retired_at: datetime | None
