"""Liveness and readiness.

``/healthz`` answers while the process runs. ``/readyz`` checks every dependency concurrently
with a timeout and answers 503 naming each one that failed, so an orchestrator (or a person)
knows what to fix.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel

from peelian.errors import ErrorBody, ErrorResponse

Check = Callable[[], Awaitable[None]]
CHECK_TIMEOUT = 3.0


class Health(BaseModel):
    status: Literal["ok"] = "ok"


class Readiness(BaseModel):
    status: Literal["ready"] = "ready"
    checks: dict[str, str]


router = APIRouter(tags=["operations"])


def get_checks(request: Request) -> dict[str, Check]:
    checks: dict[str, Check] = request.app.state.readiness_checks
    return checks


@router.get("/healthz", response_model=Health)
async def healthz() -> Health:
    """Liveness: the process is up and serving."""
    return Health()


@router.get(
    "/readyz",
    response_model=Readiness,
    responses={503: {"model": ErrorBody, "description": "A dependency is unreachable"}},
)
async def readyz(
    checks: Annotated[dict[str, Check], Depends(get_checks)],
) -> Readiness | ErrorResponse:
    """Readiness: every dependency (database, Kafka, object store) answers."""
    names = list(checks)
    results = await asyncio.gather(
        *(asyncio.wait_for(checks[n](), CHECK_TIMEOUT) for n in names), return_exceptions=True
    )
    outcome = {
        name: "ok" if not isinstance(r, BaseException) else f"unavailable: {_describe(r)}"
        for name, r in zip(names, results, strict=True)
    }
    failing = [n for n, r in outcome.items() if r != "ok"]
    if failing:
        return ErrorResponse(
            {
                "error": "not_ready",
                "detail": {"message": f"unavailable: {', '.join(failing)}", "checks": outcome},
            },
            status_code=503,
            headers={"Retry-After": "5"},
        )
    return Readiness(checks=outcome)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, TimeoutError):
        return f"no answer within {CHECK_TIMEOUT:g}s"
    return type(exc).__name__
