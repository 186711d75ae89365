"""Authorization headers for each kind of caller, signed with the tests' key."""

from __future__ import annotations

import uuid

from peelian.auth.principal import Role
from peelian.testing.tokens import TestKeys


class People:
    """``people.citizen()``, ``.anonymous()``, ``.officer()``...: headers of a fresh identity
    each time, or of ``subject`` when given."""

    def __init__(self, keys: TestKeys) -> None:
        self.keys = keys

    def citizen(self, subject: uuid.UUID | None = None) -> dict[str, str]:
        return self.keys.auth(subject or uuid.uuid4(), [Role.CITIZEN])

    def anonymous(self, subject: uuid.UUID | None = None) -> dict[str, str]:
        """An anonymous reporter (a reporter key's token)."""
        return self.keys.auth(subject or uuid.uuid4(), [Role.CITIZEN], anon=True)

    def officer(self, subject: uuid.UUID | None = None) -> dict[str, str]:
        return self.keys.auth(subject or uuid.uuid4(), [Role.OFFICER])

    def supervisor(self, subject: uuid.UUID | None = None) -> dict[str, str]:
        return self.keys.auth(subject or uuid.uuid4(), [Role.SUPERVISOR])

    def admin(self) -> dict[str, str]:
        return self.keys.auth(uuid.uuid4(), [Role.ADMIN])

    def partner(self, partner_id: uuid.UUID | None = None) -> dict[str, str]:
        return self.keys.auth(
            uuid.uuid4(), [Role.PARTNER], partner_id=str(partner_id or uuid.uuid4())
        )
