"""Small helpers the gateway's tests share."""

from __future__ import annotations

from typing import Any

STRONG_PASSWORD = "amber-kettle-violin-42"


def bearer(tokens: dict[str, Any] | str) -> dict[str, str]:
    """An Authorization header for an access token (or a token response)."""
    token = tokens if isinstance(tokens, str) else tokens["access_token"]
    return {"Authorization": f"Bearer {token}"}
