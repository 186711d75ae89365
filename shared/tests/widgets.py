"""A tiny domain used only by the library's tests: widgets, their events and a handler."""

from __future__ import annotations

import uuid

from sqlalchemy import String, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from peelian.db.models import TimestampMixin, UUIDPrimaryKeyMixin, service_metadata
from peelian.events import CloudEvent, EventPayload, registry
from peelian.outbox import InboxMixin, OutboxMixin

WIDGET_TOPIC = "peelian-test.widget"


class Base(DeclarativeBase):
    metadata = service_metadata()


class OutboxMessage(OutboxMixin, Base):
    pass


class InboxEntry(InboxMixin, Base):
    pass


class Widget(UUIDPrimaryKeyMixin, TimestampMixin, Base):
    __tablename__ = "widget"

    name: Mapped[str] = mapped_column(String(100))
    times_seen: Mapped[int] = mapped_column(default=0)


@registry.event("org.peelian.widget.changed.v1", topic=WIDGET_TOPIC)
class WidgetChangedV1(EventPayload):
    widget_id: uuid.UUID
    sequence: int = 0


def widget_event(widget_id: uuid.UUID, sequence: int = 0) -> CloudEvent:
    return CloudEvent.wrap(
        WidgetChangedV1(widget_id=widget_id, sequence=sequence),
        service="widgets",
        subject=str(widget_id),
    )


async def count_widget(session: AsyncSession, event: CloudEvent) -> None:
    """Handler: bump the widget's counter, so a double application would show."""
    payload = event.payload()
    assert isinstance(payload, WidgetChangedV1)
    widget = await session.scalar(select(Widget).where(Widget.id == payload.widget_id))
    if widget is None:
        session.add(Widget(id=payload.widget_id, name="from-event", times_seen=1))
    else:
        widget.times_seen += 1
