"""Helpers of the reporting tests: valid report bodies, principals' headers, outbox reads."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg

from peelian.app import asyncpg_dsn
from reporting.config import ReportingSettings

ReportingSettingsFactory = Callable[..., ReportingSettings]
ALEMBIC_INI = Path(__file__).resolve().parent.parent / "alembic.ini"

# Inside both the campus and Park Place (the reference areas overlap there).
CAMPUS = (51.4885, -3.1790)
# Outside every reference area.
NOWHERE = (51.4500, -3.3000)


def report_body(**overrides: Any) -> dict[str, Any]:
    """A valid report about a bicycle theft on campus an hour ago."""
    body: dict[str, Any] = {
        "kind": "incident",
        "category": "theft",
        "description": "My bicycle was stolen from the rack outside the library.",
        "occurred_at": (datetime.now(UTC) - timedelta(hours=1)).isoformat(),
        "latitude": CAMPUS[0],
        "longitude": CAMPUS[1],
        "location_text": "Bike racks by the main library",
        "contact_consent": True,
        "share_consent": False,
    }
    body.update(overrides)
    return body


def unique_word() -> str:
    """A word no other report contains: tests find their own reports by it."""
    return "zq" + uuid.uuid4().hex[:10]


async def outbox_types(database_url: str, subject: str) -> list[str]:
    """Event types written to the outbox about ``subject``, in order."""
    conn = await asyncpg.connect(asyncpg_dsn(database_url))
    try:
        rows = await conn.fetch("SELECT event_type FROM outbox WHERE key = $1 ORDER BY id", subject)
    finally:
        await conn.close()
    return [r["event_type"] for r in rows]
