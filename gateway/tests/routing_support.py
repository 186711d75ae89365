"""Real upstreams for the routing tests: HTTP servers on ephemeral 127.0.0.1 ports."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import socket
from collections.abc import AsyncIterator, Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, StreamingResponse

from gateway.routing.table import Access, BodyClass, RateClass, Route
from peelian.auth.principal import Role

# ``routed_gateway`` (conftest): ``async with routed_gateway(**overrides) as gw``.
RoutedGatewayFactory = Callable[..., contextlib.AbstractAsyncContextManager[Any]]

STREAM_CHUNKS = 3
STREAM_PAUSE = 0.3
SLOW_SECONDS = 1.5


def echo_app() -> FastAPI:
    """An upstream that tells what it received: method, path, query, headers, body hash."""
    app = FastAPI()

    @app.get("/echo/stream")
    async def stream() -> StreamingResponse:
        """Chunks with pauses between them, as a long report export would arrive."""

        async def chunks() -> AsyncIterator[bytes]:
            for i in range(STREAM_CHUNKS):
                yield f"chunk-{i}\n".encode()
                await asyncio.sleep(STREAM_PAUSE)

        return StreamingResponse(chunks(), media_type="text/plain")

    @app.get("/echo/slow")
    async def slow() -> dict[str, bool]:
        """Answers later than the gateway's read timeout in the tests."""
        await asyncio.sleep(SLOW_SECONDS)
        return {"slow": True}

    @app.api_route("/{path:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"])
    async def echo(request: Request) -> JSONResponse:
        """What this request looked like on arrival; answered the way a service would (its
        own correlation id echo) plus headers a proxy must not pass on."""
        digest = hashlib.sha256()
        size = 0
        async for chunk in request.stream():
            digest.update(chunk)
            size += len(chunk)
        seen = {
            "method": request.method,
            "path": request.url.path,
            "query": request.url.query,
            "headers": [[k, v] for k, v in request.headers.items()],
            "size": size,
            "sha256": digest.hexdigest(),
        }
        headers = {
            "X-Correlation-ID": request.headers.get("x-correlation-id", "none"),
            "X-Request-ID": "made-up-by-upstream",
            "Connection": "keep-alive, x-hop-secret",
            "X-Hop-Secret": "connection-specific",
            "Keep-Alive": "timeout=5",
            "X-Upstream": "echo",
        }
        return JSONResponse(seen, headers=headers)

    return app


@contextlib.asynccontextmanager
async def garbage_server() -> AsyncIterator[str]:
    """A TCP server that answers any request with something that is not HTTP."""

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read(65536)
        writer.write(b"SURELY NOT HTTP\r\n\r\n")
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.close()
        await server.wait_closed()


def closed_port() -> int:
    """A port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


_PUBLIC = Access.PUBLIC


def make_routes() -> list[Route]:
    """The route table of the routing tests (local operations routes plus test upstreams)."""
    return [
        Route(prefix="/healthz", access=_PUBLIC, rate_class=RateClass.NONE),
        Route(prefix="/.well-known", access=_PUBLIC, rate_class=RateClass.NONE),
        Route(prefix="/echo", upstream="echo", access=_PUBLIC),
        Route(prefix="/private", upstream="echo"),
        Route(prefix="/staff", upstream="echo", access=Access.ROLES,
              roles=frozenset({Role.OFFICER, Role.SUPERVISOR})),
        Route(prefix="/strict", upstream="echo", access=_PUBLIC, rate_class=RateClass.AUTH),
        Route(prefix="/uploads", upstream="echo", access=_PUBLIC, rate_class=RateClass.UPLOAD,
              body_class=BodyClass.UPLOAD),
        Route(prefix="/down", upstream="down", access=_PUBLIC),
        Route(prefix="/broken", upstream="broken", access=_PUBLIC),
    ]  # fmt: skip
