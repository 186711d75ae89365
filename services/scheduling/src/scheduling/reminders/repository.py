"""All SQL of reminders."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from scheduling.reminders.models import REMINDER_HOURS, Reminder, ReminderState


class ReminderRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def arm(self, booking_id: uuid.UUID, starts_at: datetime, now: datetime) -> None:
        """(Re)set a booking's reminders for a meeting at ``starts_at``: each is pending again,
        unless its time has passed already (a meeting booked for tomorrow morning gets no
        24-hour reminder)."""
        rows = []
        for hours in REMINDER_HOURS:
            due_at = starts_at - timedelta(hours=hours)
            state = ReminderState.PENDING if due_at > now else ReminderState.DROPPED
            rows.append(
                {"booking_id": booking_id, "hours_before": hours, "due_at": due_at, "state": state}
            )
        stmt = insert(Reminder).values(rows)
        stmt = stmt.on_conflict_do_update(
            index_elements=[Reminder.booking_id, Reminder.hours_before],
            set_={"due_at": stmt.excluded.due_at, "state": stmt.excluded.state, "handled_at": None},
        )
        await self.session.execute(stmt)

    async def disarm(self, booking_id: uuid.UUID, now: datetime) -> None:
        await self.session.execute(
            update(Reminder)
            .where(Reminder.booking_id == booking_id, Reminder.state == ReminderState.PENDING)
            .values(state=ReminderState.DROPPED, handled_at=now)
        )

    async def claim(self, now: datetime, size: int) -> Sequence[Reminder]:
        """Due reminders, locked for this transaction; those another worker holds are skipped,
        so that each goes out once however many workers run."""
        stmt = (
            select(Reminder)
            .where(Reminder.state == ReminderState.PENDING, Reminder.due_at <= now)
            .order_by(Reminder.due_at)
            .limit(size)
            .with_for_update(skip_locked=True)
        )
        return (await self.session.scalars(stmt)).all()
