"""Security headers on every response, and CORS for the dashboard's origin only."""

from __future__ import annotations

from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.config import GatewaySettings

Headers = list[tuple[bytes, bytes]]

_COMMON: Headers = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
]
# API responses are data: nothing in them may load, run or be framed.
_API_CSP = (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'")
_NO_STORE = (b"cache-control", b"no-store")
_HSTS = (b"strict-transport-security", b"max-age=63072000; includeSubDomains")


def page_csp(evidence_origin: str) -> bytes:
    """The policy of Swagger UI and the dashboard: scripts only from the gateway's own files
    (neither has an inline script), inline styles (Swagger UI sets them), and images and media
    also from the evidence store, where the dashboard shows evidence through presigned URLs
    (``blob:`` for previews made in the page); the API is called on the page's own origin."""
    return (
        "default-src 'self'; "
        f"img-src 'self' data: blob: {evidence_origin}; "
        f"media-src 'self' blob: {evidence_origin}; "
        "style-src 'self' 'unsafe-inline'; "
        "connect-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    ).encode()


def _variant(*headers: tuple[bytes, bytes]) -> tuple[Headers, frozenset[bytes]]:
    """Headers to add, and the names to drop first (so upstream copies are replaced)."""
    return list(headers), frozenset(name for name, _ in headers)


def _variants(evidence_origin: str) -> dict[tuple[str, bool], tuple[Headers, frozenset[bytes]]]:
    """By kind of path (API, private API, page), without and with HSTS."""
    page = (b"content-security-policy", page_csp(evidence_origin))
    return {
        (kind, https): _variant(*_COMMON, *extra, *([_HSTS] if https else []))
        for kind, extra in (
            ("api", [_API_CSP]),
            ("private", [_API_CSP, _NO_STORE]),
            ("page", [page]),
        )
        for https in (False, True)
    }


_PAGE_PREFIXES = ("/docs", "/dashboard")
# Tokens and personal data: no cache (browser or shared) may keep a copy.
_PRIVATE_PREFIXES = ("/auth", "/accounts")


def _under(path: str, prefixes: tuple[str, ...]) -> bool:
    for prefix in prefixes:
        if path.startswith(prefix) and (len(path) == len(prefix) or path[len(prefix)] == "/"):
            return True
    return False


class SecurityHeadersMiddleware:
    """Pure ASGI. The gateway's values replace an upstream's, except Cache-Control, which an
    upstream may set (a public feed may be cached) everywhere but under /auth and /accounts."""

    def __init__(self, app: ASGIApp, *, trusted_proxies: list[str], evidence_origin: str) -> None:
        self.app = app
        self.trusted_proxies = frozenset(trusted_proxies)
        self.variants = _variants(evidence_origin)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        if _under(path, _PAGE_PREFIXES):
            kind = "page"
        elif _under(path, _PRIVATE_PREFIXES):
            kind = "private"
        else:
            kind = "api"
        extra, names = self.variants[kind, self._https(scope)]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", ()) if h[0].lower() not in names]
                headers.extend(extra)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _https(self, scope: Scope) -> bool:
        if scope.get("scheme") == "https":
            return True
        # Behind a TLS-terminating load balancer, the request came over https if a balancer
        # we trust says so (the client's own X-Forwarded-Proto is not believed).
        client = scope.get("client")
        if client is None or client[0] not in self.trusted_proxies:
            return False
        value: bytes
        for name, value in scope["headers"]:
            if name == b"x-forwarded-proto":
                return value.split(b",")[-1].strip().lower() == b"https"
        return False


def add_browser_middleware(app: FastAPI, settings: GatewaySettings) -> None:
    """CORS for the dashboard, then the security headers outside it (so preflight answers
    carry them too). Called on the FastAPI app after ``create_service_app``."""
    app.add_middleware(
        CORSMiddleware,
        allow_origins=[settings.dashboard_origin],
        allow_credentials=True,
        allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
        allow_headers=[
            "Authorization",
            "Content-Type",
            "Idempotency-Key",
            "Time-Zone",  # scheduling shows times on the client's clock
            "X-Correlation-ID",
        ],
        expose_headers=["Retry-After", "X-Correlation-ID", "X-Request-ID"],
        max_age=600,
    )
    app.add_middleware(
        SecurityHeadersMiddleware,
        trusted_proxies=settings.trusted_proxies,
        evidence_origin=settings.evidence_origin,
    )
