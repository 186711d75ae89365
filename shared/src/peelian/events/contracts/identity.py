"""Events published by the gateway, which owns identity."""

from __future__ import annotations

import uuid

from peelian.events.envelope import EventPayload, registry

ACCOUNT_TOPIC = "gateway.account"


@registry.event("org.peelian.account.erased.v1", topic=ACCOUNT_TOPIC)
class AccountErasedV1(EventPayload):
    """A person erased their account: every service erases or anonymises their data."""

    account_id: uuid.UUID
