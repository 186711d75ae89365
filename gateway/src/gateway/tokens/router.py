"""Token endpoints: the JWKS, the OAuth2 token endpoint, logout."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from gateway.tokens.keys import KeyRing

router = APIRouter(tags=["tokens"])


@router.get("/.well-known/jwks.json", summary="Public keys that verify access tokens")
async def jwks(request: Request) -> dict[str, Any]:
    """The JSON Web Key Set: every key whose tokens may still be live, by key id."""
    key_ring: KeyRing = request.app.state.key_ring
    return key_ring.jwks()
