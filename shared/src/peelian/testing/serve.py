"""Serving an ASGI app over real HTTP inside a test, for tests that need a socket."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator
from typing import Any

import uvicorn
from starlette.types import ASGIApp


@contextlib.asynccontextmanager
async def serve(
    app: ASGIApp, sock: socket.socket | None = None, **config: Any
) -> AsyncIterator[str]:
    """Serve ``app`` with uvicorn in this event loop (lifespan included) on ``sock`` or an
    ephemeral 127.0.0.1 port; yields its base URL and shuts the server down afterwards."""
    server = uvicorn.Server(
        uvicorn.Config(
            app,
            host="127.0.0.1",
            port=0,
            log_config=None,
            log_level="warning",
            proxy_headers=False,
            timeout_graceful_shutdown=1,
            **config,
        )
    )
    task = asyncio.create_task(server.serve(sockets=[sock] if sock else None))
    while not server.started:
        if task.done():
            task.result()
            raise RuntimeError("uvicorn stopped before it started")
        await asyncio.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


def bound_socket() -> socket.socket:
    """A socket bound to a free 127.0.0.1 port, for an app whose URL must be known before it
    starts (two apps that call each other)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock
