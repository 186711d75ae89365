"""The platform's OpenAPI document as served: fetched from the upstreams, merged, cached."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

import httpx
import orjson
import structlog
from fastapi import FastAPI

from gateway.config import GatewaySettings
from gateway.openapi.merge import UNAVAILABLE_EXTENSION, Document, merge_documents
from gateway.routing.table import RouteTable

log = structlog.get_logger(__name__)


class ApiDocument:
    """The merged document, rebuilt at most once per ``ttl`` seconds.

    Built in the gateway's lifespan (it owns an HTTP client; ``aclose`` it on the way out).
    Upstreams that do not answer within ``timeout`` are left out and named in the document;
    such a partial document is kept only ``partial_ttl`` seconds, so it heals soon.
    """

    def __init__(
        self,
        app: FastAPI,
        settings: GatewaySettings,
        *,
        ttl: float = 60.0,
        partial_ttl: float = 5.0,
        timeout: float = 2.0,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._app = app
        self._settings = settings
        self._ttl = ttl
        self._partial_ttl = partial_ttl
        self._clock = clock
        self._routes = RouteTable(settings.routes, settings.upstreams)
        self._http = httpx.AsyncClient(
            timeout=httpx.Timeout(timeout), transport=transport, trust_env=False
        )
        self._lock = asyncio.Lock()
        self._cached: bytes | None = None
        self._expires = 0.0

    async def render(self) -> bytes:
        """The document as JSON, from the cache while it is fresh."""
        if self._cached is not None and self._clock() < self._expires:
            return self._cached
        async with self._lock:
            # Another request may have rebuilt it while this one waited.
            if self._cached is None or self._clock() >= self._expires:
                document = await self.build()
                partial = bool(document[UNAVAILABLE_EXTENSION])
                self._cached = orjson.dumps(document)
                self._expires = self._clock() + (self._partial_ttl if partial else self._ttl)
            return self._cached

    async def build(self) -> Document:
        """A fresh merge of the gateway's own document and every upstream's, uncached."""
        names = list(self._settings.upstreams)
        fetched = await asyncio.gather(*(self._fetch(name) for name in names))
        upstreams = {name: doc for name, doc in zip(names, fetched, strict=True) if doc is not None}
        return merge_documents(
            self._app.openapi(),
            upstreams,
            self._routes.match,
            unavailable=[name for name in names if name not in upstreams],
        )

    async def aclose(self) -> None:
        await self._http.aclose()

    async def _fetch(self, name: str) -> dict[str, Any] | None:
        url = self._settings.upstreams[name].rstrip("/") + "/openapi.json"
        try:
            response = await self._http.get(url)
            response.raise_for_status()
            document = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            log.warning("openapi.upstream_unavailable", upstream=name, url=url, error=repr(exc))
            return None
        if not (
            isinstance(document, dict)
            and str(document.get("openapi", "")).startswith("3.")
            and isinstance(document.get("paths"), dict)
        ):
            log.warning("openapi.upstream_invalid", upstream=name, url=url)
            return None
        return document
