"""Prometheus metrics and the request log: HTTP request counts and latencies, one log line per
request, and the /metrics endpoint."""

from __future__ import annotations

import time

import structlog
from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = structlog.get_logger("peelian.request")

REQUESTS = Counter(
    "peelian_http_requests_total", "HTTP requests", ["service", "method", "route", "status"]
)
LATENCY = Histogram(
    "peelian_http_request_duration_seconds",
    "Time to the response's first byte",
    ["service", "method", "route"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)


# Paths whose remainder is a bearer secret (one-click unsubscribe links, private calendar
# feeds): logged without it, since whoever reads the logs could otherwise use the link.
SECRET_PATH_PREFIXES = ("/unsubscribe/", "/calendars/")


def loggable_path(path: str) -> str:
    """``path`` as the request log shows it: secrets in the path replaced by "…"."""
    for prefix in SECRET_PATH_PREFIXES:
        if path.startswith(prefix):
            return prefix + "…"
    return path


class MetricsMiddleware:
    """Pure ASGI, labelled by route template (not raw path) to keep label cardinality bounded.

    The request log line holds method, path (secrets masked), status and time to first byte,
    and deliberately nothing about the client (no address, no user agent): anonymous reporters
    must leave no trace of who they are, in logs either.
    """

    def __init__(self, app: ASGIApp, service: str) -> None:
        self.app = app
        self.service = service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500

        async def observe(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                route = scope.get("route")
                template = getattr(route, "path", "unmatched")
                LATENCY.labels(self.service, scope["method"], template).observe(
                    time.perf_counter() - start
                )
                REQUESTS.labels(self.service, scope["method"], template, str(status)).inc()
                log.info(
                    "request",
                    method=scope["method"],
                    path=loggable_path(scope["path"]),
                    status=status,
                    ms=round((time.perf_counter() - start) * 1000, 2),
                )
            await send(message)

        await self.app(scope, receive, observe)


router = APIRouter(tags=["operations"])


@router.get("/metrics", include_in_schema=False)
async def metrics() -> Response:
    """Prometheus metrics in the text exposition format."""
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
