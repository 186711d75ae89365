"""Helpers of the messaging tests."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

import asyncpg

from messaging.config import MessagingSettings
from peelian.app import asyncpg_dsn

MessagingSettingsFactory = Callable[..., MessagingSettings]
ALEMBIC_INI = Path(__file__).resolve().parent.parent / "alembic.ini"


async def waiting_messages(database_url: str, report_id: uuid.UUID) -> int:
    """Messages for a report's reporter waiting for its conversation to open."""
    conn = await asyncpg.connect(asyncpg_dsn(database_url))
    try:
        count: int = await conn.fetchval(
            "SELECT count(*) FROM pending_report_messages WHERE report_id = $1", report_id
        )
    finally:
        await conn.close()
    return count


async def outbox_types(database_url: str, subject: str) -> list[str]:
    """Event types written to the outbox about ``subject``, in order."""
    conn = await asyncpg.connect(asyncpg_dsn(database_url))
    try:
        rows = await conn.fetch("SELECT event_type FROM outbox WHERE key = $1 ORDER BY id", subject)
    finally:
        await conn.close()
    return [r["event_type"] for r in rows]
