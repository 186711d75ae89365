"""Structured JSON logging and the request correlation id.

The correlation id is read from ``X-Correlation-ID`` (or created), bound to the log context for
the request, echoed in the response and copied into every event the request emits, so one id
follows a citizen's action across services.
"""

from __future__ import annotations

import logging
import re
import sys
import uuid
from contextvars import ContextVar

import orjson
import structlog
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CORRELATION_HEADER = "x-correlation-id"
REQUEST_ID_HEADER = "x-request-id"
_HEADER = CORRELATION_HEADER.encode()

_correlation_id: ContextVar[str | None] = ContextVar("correlation_id", default=None)
# Only ids that are safe to log and forward are accepted from clients.
_VALID_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


def current_correlation_id() -> str | None:
    return _correlation_id.get()


def bind_correlation_id(value: str | None) -> None:
    """Set the correlation id for the current task (used by consumers for incoming events)."""
    _correlation_id.set(value)
    if value is None:
        structlog.contextvars.unbind_contextvars("correlation_id")
    else:
        structlog.contextvars.bind_contextvars(correlation_id=value)


def configure_logging(service: str, level: str = "INFO", json: bool = True) -> None:
    """Route stdlib and structlog records through one JSON renderer on stdout."""
    shared: list[structlog.types.Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.dict_tracebacks if json else structlog.processors.format_exc_info,
    ]
    renderer: structlog.types.Processor = (
        structlog.processors.JSONRenderer(serializer=lambda o, **_: orjson.dumps(o).decode())
        if json
        else structlog.dev.ConsoleRenderer()
    )
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=shared,
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                _add_service(service),
                renderer,
            ],
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # Access logs would record client addresses; requests are logged by our middleware instead.
    logging.getLogger("uvicorn.access").disabled = True
    for noisy in ("aiokafka", "kafka"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def _add_service(service: str) -> structlog.types.Processor:
    def add(_: object, __: str, event: structlog.types.EventDict) -> structlog.types.EventDict:
        event.setdefault("service", service)
        return event

    return add


class CorrelationIdMiddleware:
    """Pure ASGI middleware: no per-request task or body buffering, so streaming stays cheap."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope["headers"]).get(CORRELATION_HEADER.encode(), b"").decode("latin-1")
        correlation_id = incoming if _VALID_ID.match(incoming) else str(uuid.uuid4())
        token = _correlation_id.set(correlation_id)
        structlog.contextvars.bind_contextvars(correlation_id=correlation_id)

        async def send_with_header(message: Message) -> None:
            if message["type"] == "http.response.start":
                # Replace, not add: a proxied response already carries the upstream's copy.
                headers = [h for h in message.get("headers", []) if h[0].lower() != _HEADER]
                headers.append((_HEADER, correlation_id.encode()))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_header)
        finally:
            structlog.contextvars.unbind_contextvars("correlation_id")
            _correlation_id.reset(token)
