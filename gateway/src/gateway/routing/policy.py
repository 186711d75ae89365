"""The one policy every request passes, whether the gateway serves it or an upstream does.

Pure ASGI (no ``BaseHTTPMiddleware``: that would buffer bodies and add a task per request).
In order: classify with the route table, strip identity headers a client could forge, verify
the bearer token, authorise by access class, rate-limit, and bound the body. The route and
the principal are left in ``scope["state"]`` for the proxy and the gateway's own routes.
"""

from __future__ import annotations

import base64
import time
from typing import Any

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.config import MIB, GatewaySettings
from gateway.ratelimit import RateLimiter
from gateway.routing.asgi import send_error
from gateway.routing.table import Access, BodyClass, RateClass, Route, RouteTable
from peelian.auth.dependencies import VERIFIED_PRINCIPAL
from peelian.auth.principal import Principal
from peelian.errors import (
    BadRequest,
    Forbidden,
    NotFound,
    PayloadTooLarge,
    ServiceError,
    TooManyRequests,
    Unauthorized,
)

# Headers that claim who the client is, where it connects from, or what it asked for. Only
# the gateway may say such things to a service, so a client's own versions never get through
# (matched as prefixes of the lower-case name).
SPOOFABLE_HEADER_PREFIXES = (
    b"forwarded",
    b"x-forwarded",
    b"x-real-ip",
    b"x-client-",
    b"x-cluster-client-ip",
    b"true-client-ip",
    b"cf-connecting-ip",
    b"client-ip",
    b"x-remote-",
    b"x-peelian-",
    b"x-user",
    b"x-principal",
    b"x-auth",
    b"x-original-",
    b"x-rewrite-url",
    b"x-http-method",  # -override: would turn an allowed GET into a DELETE upstream
    b"x-method-override",
    b"x-request-id",  # the gateway sets its own
)

_NOT_FOUND = NotFound("nothing is served at this path")

TOKEN_CACHE_SECONDS = 60.0
TOKEN_CACHE_SIZE = 10_000


def _expiry(token: bytes) -> float:
    """The ``exp`` claim of a token that has just verified (so it is well formed)."""
    payload = token.split(b".")[1]
    claims = orjson.loads(base64.urlsafe_b64decode(payload + b"=" * (-len(payload) % 4)))
    return float(claims["exp"])


class PolicyMiddleware:
    def __init__(self, app: ASGIApp, *, table: RouteTable, settings: GatewaySettings) -> None:
        self.app = app
        self.table = table
        self.trusted_proxies = frozenset(settings.trusted_proxies)
        self.limiter = RateLimiter(settings)
        self._verified: dict[bytes, tuple[Principal, float]] = {}
        self.body_limits = {
            BodyClass.DEFAULT: settings.body_limit_default,
            BodyClass.UPLOAD: settings.body_limit_upload,
        }
        self._too_large = {
            body_class: f"the request body exceeds the {limit / MIB:g} MiB limit "
            f"of {body_class} routes"
            for body_class, limit in self.body_limits.items()
        }

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        route = self.table.match(scope["method"], scope["path"])
        if route is None:
            await send_error(send, _NOT_FOUND)
            return

        kept: list[tuple[bytes, bytes]] = []
        authorization = content_length = forwarded_for = None
        chunked = False
        for name, value in scope["headers"]:
            if name.startswith(SPOOFABLE_HEADER_PREFIXES):
                if name == b"x-forwarded-for":
                    forwarded_for = value if forwarded_for is None else forwarded_for + b"," + value
                continue
            if name == b"authorization":
                authorization = value
            elif name == b"content-length":
                content_length = value
            elif name == b"transfer-encoding":
                chunked = True
            kept.append((name, value))
        scope["headers"] = kept

        client = scope.get("client")
        client_ip = client[0] if client else ""
        if forwarded_for is not None and client_ip in self.trusted_proxies:
            client_ip = self._forwarded_client(forwarded_for, client_ip)

        state: dict[str, Any] = scope.setdefault("state", {})
        state["route"] = route
        state["client_ip"] = client_ip
        principal: Principal | None = None
        try:
            if authorization is not None:
                scheme, _, token = authorization.partition(b" ")
                if scheme.lower() == b"bearer":
                    principal = await self._verify(scope, token.strip())
            state[VERIFIED_PRINCIPAL] = principal
            if route.access is not Access.PUBLIC:
                self._authorise(route, principal, authorization is not None)
            if route.rate_class is not RateClass.NONE:
                await self._rate_limit(scope, route, client_ip, principal)
            if content_length is not None and not chunked:
                if not content_length.isdigit():
                    raise BadRequest("the Content-Length header is not a number")
                if int(content_length) > self.body_limits[route.body_class]:
                    raise PayloadTooLarge(self._too_large[route.body_class])
        except ServiceError as error:
            await send_error(send, error)
            return

        if chunked:
            await self._call_counting_body(scope, receive, send, route)
        else:
            # A Content-Length body cannot outgrow its header: the server reads no further.
            await self.app(scope, receive, send)

    async def _verify(self, scope: Scope, token: bytes) -> Principal:
        # A client sends the same token for its whole life (minutes), and checking an EdDSA
        # signature costs more than the rest of the gateway's work on a request: tokens that
        # verified are remembered, by their exact bytes, until they expire but for at most
        # TOKEN_CACHE_SECONDS, so a key withdrawn from the ring stops working within that
        # time here too. Failures are never remembered.
        now = time.time()
        cached = self._verified.get(token)
        if cached is not None:
            if now < cached[1]:
                return cached[0]
            del self._verified[token]
        principal: Principal = await scope["app"].state.verifier.verify(token.decode("latin-1"))
        if len(self._verified) >= TOKEN_CACHE_SIZE:
            # Oldest first (dicts keep insertion order): cheap, and good enough for a cache
            # whose entries all die within a minute.
            del self._verified[next(iter(self._verified))]
        self._verified[token] = (principal, min(_expiry(token), now + TOKEN_CACHE_SECONDS))
        return principal

    def _forwarded_client(self, forwarded_for: bytes, peer: str) -> str:
        # The rightmost address that is not one of our proxies is the one a trusted proxy
        # saw; anything left of it was written by the client and proves nothing.
        for hop in reversed(forwarded_for.decode("latin-1").split(",")):
            address = hop.strip()
            if address and address not in self.trusted_proxies:
                return address
        return peer

    @staticmethod
    def _authorise(route: Route, principal: Principal | None, sent_credentials: bool) -> None:
        if principal is None:
            raise Unauthorized(
                "a bearer token is required" if sent_credentials else "authentication required"
            )
        if route.access is Access.ROLES and principal.roles.isdisjoint(route.roles):
            roles = ", ".join(sorted(route.roles))
            raise Forbidden(f"this route requires one of the roles: {roles}")

    async def _rate_limit(
        self, scope: Scope, route: Route, client_ip: str, principal: Principal | None
    ) -> None:
        subject = None if principal is None else str(principal.subject)
        wait = await self.limiter.check(
            scope["app"].state.redis, route.rate_class, client_ip, subject
        )
        if wait:
            retry_after = self.limiter.retry_after(wait)
            raise TooManyRequests(
                f"too many requests to {route.rate_class} routes; retry in {retry_after} s",
                retry_after=retry_after,
            )

    async def _call_counting_body(
        self, scope: Scope, receive: Receive, send: Send, route: Route
    ) -> None:
        """Run the app over a chunked body, counted as it streams; once over the limit,
        reading fails and, if no response has started, the answer becomes a 413."""
        limit = self.body_limits[route.body_class]
        error = PayloadTooLarge(self._too_large[route.body_class])
        received = 0
        exceeded = started = False

        async def counting_receive() -> Message:
            nonlocal received, exceeded
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    exceeded = True
                    raise error
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if exceeded:
                # Whatever the app makes of its failed read (a 400 from FastAPI's body
                # parsing, a 502 from the proxy), the client's problem is the size.
                if not started:
                    started = True
                    await send_error(send, error)
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except Exception:
            if not exceeded or started:
                raise
            started = True
            await send_error(send, error)
