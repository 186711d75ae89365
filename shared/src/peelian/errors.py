"""Typed errors and the one handler that renders them as ``{"error": ..., "detail": ...}``.

Routes raise subclasses of :class:`ServiceError`; request validation errors and unexpected
exceptions are rendered in the same shape so that a client developer parses one format.
"""

from __future__ import annotations

from typing import Any, ClassVar

import orjson
import structlog
from fastapi import FastAPI, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

log = structlog.get_logger(__name__)


class ErrorResponse(JSONResponse):
    """JSON rendered with orjson (FastAPI's ORJSONResponse is deprecated)."""

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


class ErrorBody(BaseModel):
    """The body of every error response."""

    error: str
    detail: Any = None


class ServiceError(Exception):
    """Base of every typed error; subclasses set ``status_code`` and ``error``."""

    status_code: ClassVar[int] = status.HTTP_400_BAD_REQUEST
    error: ClassVar[str] = "bad_request"
    # Most errors undo the request's writes; an error raised *because of* something that must
    # be recorded (a reused refresh token whose family was just revoked) keeps them.
    keeps_changes: ClassVar[bool] = False

    def __init__(self, message: str, detail: Any = None, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.message = message
        self.detail = detail
        self.headers = headers

    def body(self) -> dict[str, Any]:
        detail = {"message": self.message}
        if self.detail is not None:
            detail["context"] = self.detail
        return {"error": self.error, "detail": detail}


class BadRequest(ServiceError):
    pass


class Unauthorized(ServiceError):
    status_code = status.HTTP_401_UNAUTHORIZED
    error = "unauthorized"

    def __init__(self, message: str = "authentication required", detail: Any = None):
        super().__init__(message, detail, headers={"WWW-Authenticate": "Bearer"})


class Forbidden(ServiceError):
    status_code = status.HTTP_403_FORBIDDEN
    error = "forbidden"


class NotFound(ServiceError):
    status_code = status.HTTP_404_NOT_FOUND
    error = "not_found"


class Conflict(ServiceError):
    status_code = status.HTTP_409_CONFLICT
    error = "conflict"


class PayloadTooLarge(ServiceError):
    status_code = status.HTTP_413_CONTENT_TOO_LARGE
    error = "payload_too_large"


class UnsupportedMediaType(ServiceError):
    status_code = status.HTTP_415_UNSUPPORTED_MEDIA_TYPE
    error = "unsupported_media_type"


class TooManyRequests(ServiceError):
    """Too many requests or failed attempts; ``Retry-After`` says when to try again."""

    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    error = "rate_limited"

    def __init__(self, message: str, retry_after: int, detail: Any = None):
        super().__init__(message, detail, headers={"Retry-After": str(max(1, retry_after))})
        self.retry_after = max(1, retry_after)


class BadGateway(ServiceError):
    """The upstream service failed or answered with something unusable."""

    status_code = status.HTTP_502_BAD_GATEWAY
    error = "bad_gateway"


class GatewayTimeout(ServiceError):
    """The upstream service did not answer in time."""

    status_code = status.HTTP_504_GATEWAY_TIMEOUT
    error = "gateway_timeout"


class DependencyUnavailable(ServiceError):
    """A dependency (database, Kafka, object store) cannot be reached; the client may retry."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    error = "dependency_unavailable"

    def __init__(self, message: str, detail: Any = None, retry_after: int = 5):
        super().__init__(message, detail, headers={"Retry-After": str(retry_after)})


def error_responses(*errors: type[ServiceError]) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses=`` for a route that may raise these errors."""
    return {
        e.status_code: {"model": ErrorBody, "description": e.__doc__ or e.error} for e in errors
    }


async def _service_error(_: Request, exc: Exception) -> ErrorResponse:
    assert isinstance(exc, ServiceError)
    return ErrorResponse(exc.body(), status_code=exc.status_code, headers=exc.headers)


async def _validation_error(_: Request, exc: Exception) -> ErrorResponse:
    assert isinstance(exc, RequestValidationError)
    # Inputs are left out: they may carry personal data or secrets that must not echo back.
    problems = [{"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]} for e in exc.errors()]
    return ErrorResponse(
        {"error": "validation_error", "detail": {"message": "invalid request", "errors": problems}},
        status_code=status.HTTP_422_UNPROCESSABLE_CONTENT,
    )


async def _http_error(_: Request, exc: Exception) -> ErrorResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
    return ErrorResponse(
        {"error": code, "detail": {"message": str(exc.detail)}},
        status_code=exc.status_code,
        headers=exc.headers,
    )


async def _unexpected_error(_: Request, exc: Exception) -> ErrorResponse:
    log.exception("unhandled_error", exc_info=exc)
    return ErrorResponse(
        {"error": "internal_error", "detail": {"message": "an unexpected error occurred"}},
        status_code=status.HTTP_500_INTERNAL_SERVER_ERROR,
    )


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ServiceError, _service_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected_error)
