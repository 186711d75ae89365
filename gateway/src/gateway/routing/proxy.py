"""The streaming reverse proxy: requests whose route names an upstream go to that service.

Pure ASGI. The request body flows from ``receive`` to the upstream and the response back to
``send`` chunk by chunk, so an upload of any size costs the gateway a few buffers, not the
file. Requests whose route has no upstream fall through to the gateway's own routes.

The upstream client is aiohttp: against httpx it carried 2.4-2.6 times the requests per
second through the gateway (bench/RESULTS.md, 2026-11-22), httpx losing its time in its
connection pool.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterable, AsyncIterator

import aiohttp
import structlog
import yarl
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.config import GatewaySettings
from gateway.routing.asgi import send_error
from gateway.routing.table import Route
from peelian.errors import BadGateway, DependencyUnavailable, GatewayTimeout, ServiceError
from peelian.logging import current_correlation_id

log = structlog.get_logger(__name__)

Headers = list[tuple[bytes, bytes]]

# RFC 9110 7.6.1: meaningful for one connection only, never forwarded (plus any header the
# Connection header names).
HOP_BY_HOP = frozenset(
    {
        b"connection",
        b"keep-alive",
        b"proxy-authenticate",
        b"proxy-authorization",
        b"proxy-connection",
        b"te",
        b"trailer",
        b"transfer-encoding",
        b"upgrade",
    }
)
# Never sent to a service. Privacy: the client's address (no X-Forwarded-For, X-Real-IP or
# Forwarded is added, and the policy strips the client's own) and its User-Agent stay at the
# gateway, so nothing a service stores can tie an anonymous reporter to a device or network.
# Cookies belong to the gateway's own routes; services authenticate by bearer token only.
# Host and Expect are the upstream client's business; the correlation id is re-set below.
_REQUEST_DROP = HOP_BY_HOP | {b"host", b"user-agent", b"cookie", b"expect", b"x-correlation-id"}
# The front server adds its own Date and Server, and the gateway its correlation and request
# ids: an upstream's copies would be duplicates.
_RESPONSE_DROP = HOP_BY_HOP | {b"date", b"server", b"x-request-id", b"x-correlation-id"}

# Below uvicorn's default keep-alive (5 s), so the upstream never closes an idle connection
# just as the gateway reuses it (a POST on such a connection fails instead of retrying).
_KEEPALIVE_EXPIRY = 4.0


class UpstreamError(Exception):
    """The upstream could not be used; subclasses say how."""


class UpstreamUnavailable(UpstreamError):
    """No connection: refused, unreachable, or the name does not resolve."""


class UpstreamTimeout(UpstreamError):
    """Connecting or reading took longer than the configured timeout."""


class UpstreamProtocolError(UpstreamError):
    """The connection broke or the upstream spoke something other than HTTP."""


class UpstreamResponse:
    """A response whose body is read as it arrives."""

    __slots__ = ("_response", "headers", "status")

    def __init__(self, response: aiohttp.ClientResponse) -> None:
        self._response = response
        self.status = response.status
        self.headers = list(response.raw_headers)

    async def read_chunk(self) -> bytes:
        try:
            return await self._response.content.readany()
        except Exception as exc:
            raise _aiohttp_error(exc) from exc

    def at_eof(self) -> bool:
        return self._response.content.at_eof()

    async def aclose(self) -> None:
        # Back to the pool if the body was read to the end, closed otherwise.
        self._response.release()


def _aiohttp_error(exc: BaseException) -> UpstreamError:
    if isinstance(exc, aiohttp.ServerTimeoutError | asyncio.TimeoutError):
        return UpstreamTimeout(str(exc))
    if isinstance(exc, aiohttp.ClientConnectorError):
        return UpstreamUnavailable(str(exc))
    return UpstreamProtocolError(repr(exc))


class UpstreamClient:
    """One pooled aiohttp session to every upstream, for the app's lifetime."""

    def __init__(self, settings: GatewaySettings) -> None:
        self._session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(
                limit=settings.upstream_pool_size,
                limit_per_host=0,
                keepalive_timeout=_KEEPALIVE_EXPIRY,
            ),
            timeout=aiohttp.ClientTimeout(
                total=None,
                connect=settings.upstream_connect_timeout,
                sock_read=settings.upstream_read_timeout,
            ),
            # A shared session must not keep one client's cookies for the next client.
            cookie_jar=aiohttp.DummyCookieJar(),
            # Bytes pass through as the upstream encoded them, with its Content-Encoding.
            auto_decompress=False,
            # Send what the client sent, not aiohttp's defaults (its User-Agent included).
            skip_auto_headers=("User-Agent", "Accept", "Accept-Encoding", "Content-Type"),
        )

    async def request(
        self, method: str, url: str, headers: Headers, body: AsyncIterable[bytes] | None
    ) -> UpstreamResponse:
        try:
            response = await self._session.request(
                method,
                yarl.URL(url, encoded=True),
                headers=[(k.decode("latin-1"), v.decode("latin-1")) for k, v in headers],
                data=body,
                allow_redirects=False,
            )
        except Exception as exc:
            raise _aiohttp_error(exc) from exc
        return UpstreamResponse(response)

    async def aclose(self) -> None:
        await self._session.close()


@contextlib.asynccontextmanager
async def upstream_client(settings: GatewaySettings) -> AsyncIterator[UpstreamClient]:
    """The pooled upstream client for the app's lifetime (entered by the gateway lifespan)."""
    client = UpstreamClient(settings)
    try:
        yield client
    finally:
        await client.aclose()


# --- the middleware ---


class _ClientDisconnected(Exception):
    pass


class _RequestBody:
    """The client's body as the upstream client reads it, one ASGI message at a time."""

    __slots__ = ("disconnected", "receive")

    def __init__(self, receive: Receive) -> None:
        self.receive = receive
        self.disconnected = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        while True:
            message = await self.receive()
            if message["type"] == "http.disconnect":
                self.disconnected = True
                raise _ClientDisconnected
            chunk = message.get("body", b"")
            if chunk:
                yield chunk
            if not message.get("more_body", False):
                return


class ProxyMiddleware:
    def __init__(self, app: ASGIApp, *, settings: GatewaySettings) -> None:
        self.app = app
        self.upstreams = {name: url.rstrip("/") for name, url in settings.upstreams.items()}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        state = scope.get("state")
        route: Route | None = state.get("route") if state else None
        if route is None or route.upstream is None or scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        # The metrics middleware labels requests by ``scope["route"].path``: the prefix here.
        scope["route"] = route
        name = route.upstream

        headers: Headers = []
        has_body = False
        connection = None
        for key, value in scope["headers"]:
            if key in _REQUEST_DROP:
                if key == b"transfer-encoding":
                    has_body = True
                elif key == b"connection":
                    connection = value
                continue
            if key == b"content-length" and value != b"0":
                has_body = True
            headers.append((key, value))
        if connection is not None:
            headers = _drop_listed(headers, connection)
        request_id = (b"x-request-id", str(uuid.uuid4()).encode())
        headers.append(request_id)
        correlation_id = current_correlation_id()
        if correlation_id is not None:
            headers.append((b"x-correlation-id", correlation_id.encode()))

        path = scope.get("raw_path") or scope["path"].encode()
        url = self.upstreams[name] + path.decode("latin-1")
        if scope["query_string"]:
            url += "?" + scope["query_string"].decode("latin-1")
        body = _RequestBody(receive) if has_body else None
        client: UpstreamClient = scope["app"].state.upstream_client

        try:
            response = await client.request(scope["method"], url, headers, body)
        except UpstreamError as exc:
            if body is not None and body.disconnected:
                return
            await send_error(send, _error_for(exc, name))
            return
        except _ClientDisconnected:
            return
        try:
            await self._relay(response, send, name, request_id)
        finally:
            await response.aclose()

    async def _relay(
        self, response: UpstreamResponse, send: Send, name: str, request_id: tuple[bytes, bytes]
    ) -> None:
        try:
            chunk = await response.read_chunk()
        except UpstreamError as exc:
            await send_error(send, _error_for(exc, name))
            return
        start: Message = {
            "type": "http.response.start",
            "status": response.status,
            "headers": _response_headers(response.headers, request_id),
        }
        await send(start)
        try:
            while chunk:
                more = not response.at_eof()
                await send({"type": "http.response.body", "body": chunk, "more_body": more})
                if not more:
                    return
                chunk = await response.read_chunk()
        except UpstreamError:
            # Too late for an error response: the client sees the connection cut short,
            # which is how HTTP says a body is incomplete.
            log.warning("upstream_failed_mid_response", upstream=name)
            raise
        await send({"type": "http.response.body", "body": b"", "more_body": False})


def _drop_listed(headers: Headers, connection: bytes) -> Headers:
    listed = {token.strip().lower() for token in connection.split(b",")}
    return [(k, v) for k, v in headers if k not in listed]


def _response_headers(raw: Headers, request_id: tuple[bytes, bytes]) -> Headers:
    # The request id goes back to the client too: the one id support and logs share.
    headers: Headers = [request_id]
    connection = None
    for key, value in raw:
        name = key.lower()
        if name in _RESPONSE_DROP:
            if name == b"connection":
                connection = value
            continue
        headers.append((name, value))
    return headers if connection is None else _drop_listed(headers, connection)


def _error_for(exc: UpstreamError, name: str) -> ServiceError:
    if isinstance(exc, UpstreamUnavailable):
        return DependencyUnavailable(f"the {name} service is unavailable")
    if isinstance(exc, UpstreamTimeout):
        return GatewayTimeout(f"the {name} service did not answer in time")
    return BadGateway(f"the {name} service sent no usable response")
