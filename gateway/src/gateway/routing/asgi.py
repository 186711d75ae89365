"""What the gateway's ASGI middleware share: rendering a typed error without a framework."""

from __future__ import annotations

import orjson
from starlette.types import Send

from peelian.errors import ServiceError

_JSON = (b"content-type", b"application/json")


async def send_error(send: Send, error: ServiceError) -> None:
    """Answer with ``error`` in the platform's shape (``{"error": ..., "detail": ...}``)."""
    body = orjson.dumps(error.body())
    headers = [_JSON, (b"content-length", str(len(body)).encode())]
    if error.headers:
        headers.extend((k.lower().encode(), v.encode()) for k, v in error.headers.items())
    await send({"type": "http.response.start", "status": error.status_code, "headers": headers})
    await send({"type": "http.response.body", "body": body})
