"""Transactional outbox: events are written with the state change and relayed to Kafka."""

from peelian.outbox.models import InboxMixin, OutboxMixin
from peelian.outbox.writer import add_event

__all__ = ["InboxMixin", "OutboxMixin", "add_event"]
