"""All SQL of one-click unsubscribe: subscriptions by their id."""

from __future__ import annotations

from messaging.subscriptions.models import Subscription
from peelian.db.repository import BaseRepository


class UnsubscribeRepository(BaseRepository[Subscription]):
    model = Subscription
