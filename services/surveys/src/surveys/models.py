"""The surveys service's tables: its own metadata, migrated by its own Alembic."""

from sqlalchemy.orm import DeclarativeBase

from peelian.db.models import service_metadata
from peelian.outbox import InboxMixin, OutboxMixin


class Base(DeclarativeBase):
    metadata = service_metadata()


class OutboxMessage(OutboxMixin, Base):
    pass


class InboxEntry(InboxMixin, Base):
    pass
