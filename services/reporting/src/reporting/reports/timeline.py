"""Recording what happened to a report: every domain writes its timeline through here."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from peelian.auth.principal import Principal, Role
from reporting.reports.models import EntryKind, TimelineEntry, Visibility

REPORTER = "reporter"
SYSTEM = "system"


def actor_of(principal: Principal | None) -> tuple[uuid.UUID | None, str]:
    """(id, role) as recorded: staff by name, a reporter by role only, events as the system.

    A reporter's id stays on the report alone, so that erasing them touches one row.
    """
    if principal is None:
        return None, SYSTEM
    for role in (Role.ADMIN, Role.SUPERVISOR, Role.OFFICER):
        if role in principal.roles:
            return principal.subject, role.value
    return None, REPORTER


async def record(
    session: AsyncSession,
    report_id: uuid.UUID,
    kind: EntryKind,
    *,
    actor: Principal | None,
    visibility: Visibility = Visibility.INTERNAL,
    body: str | None = None,
    data: dict[str, Any] | None = None,
) -> TimelineEntry:
    actor_id, actor_role = actor_of(actor)
    entry = TimelineEntry(
        report_id=report_id,
        kind=kind,
        visibility=visibility,
        actor_id=actor_id,
        actor_role=actor_role,
        body=body,
        data=data or {},
    )
    session.add(entry)
    await session.flush()
    return entry
