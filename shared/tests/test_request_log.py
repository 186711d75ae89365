"""The request log line: what it holds, and what it must never hold."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI
from structlog.testing import capture_logs

from peelian.metrics import MetricsMiddleware, loggable_path


def app() -> FastAPI:
    application = FastAPI()
    application.add_middleware(MetricsMiddleware, service="test")

    @application.get("/unsubscribe/{token}")
    async def unsubscribe(token: str) -> dict[str, str]:
        return {"ok": token[:0]}

    @application.get("/reports/{report_id}")
    async def report(report_id: str) -> dict[str, str]:
        return {"id": report_id}

    return application


@pytest.mark.parametrize(
    ("path", "logged"),
    [
        ("/unsubscribe/u1.secret-token", "/unsubscribe/…"),
        ("/calendars/officer-feed-token.ics", "/calendars/…"),
        ("/reports/42", "/reports/42"),
        ("/unsubscribe", "/unsubscribe"),
    ],
)
def test_secrets_in_paths_are_masked(path: str, logged: str) -> None:
    assert loggable_path(path) == logged


async def test_the_log_line_masks_the_token_and_names_no_client() -> None:
    transport = httpx.ASGITransport(app=app())
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        with capture_logs() as logs:
            await client.get("/unsubscribe/s3cr3t-t0ken", headers={"User-Agent": "PeelianApp/3.1"})
            await client.get("/reports/42")

    lines = [line for line in logs if line["event"] == "request"]
    assert [line["path"] for line in lines] == ["/unsubscribe/…", "/reports/42"]
    assert "s3cr3t" not in str(logs)
    assert "PeelianApp" not in str(logs)
