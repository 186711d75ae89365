"""The upload test's upstream process: hashes whatever body it is sent, without keeping it.

``python -m uvicorn upload_upstream:app --app-dir gateway/tests``.
"""

from __future__ import annotations

import hashlib
from typing import Any

from fastapi import FastAPI, Request

app = FastAPI()


@app.api_route("/{path:path}", methods=["POST", "PUT"])
async def digest(request: Request) -> dict[str, Any]:
    """The SHA-256 and size of the request body, read as it streams in."""
    sha256 = hashlib.sha256()
    size = 0
    async for chunk in request.stream():
        sha256.update(chunk)
        size += len(chunk)
    return {"size": size, "sha256": sha256.hexdigest()}
