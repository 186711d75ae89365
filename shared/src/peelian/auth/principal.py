"""Who is calling: the verified claims of an access token."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Role(StrEnum):
    CITIZEN = "citizen"
    OFFICER = "officer"
    SUPERVISOR = "supervisor"
    PARTNER = "partner"
    ADMIN = "admin"


@dataclass(frozen=True, slots=True)
class Principal:
    subject: uuid.UUID
    roles: frozenset[Role]
    anonymous: bool = False
    partner_id: uuid.UUID | None = None
    token_id: str | None = None

    def has_any(self, *roles: Role) -> bool:
        return not self.roles.isdisjoint(roles)

    @property
    def is_staff(self) -> bool:
        """Officers, supervisors and admins: the force's own people."""
        return self.has_any(Role.OFFICER, Role.SUPERVISOR, Role.ADMIN)

    @classmethod
    def from_claims(cls, claims: dict[str, Any]) -> Principal:
        partner = claims.get("partner_id")
        return cls(
            subject=uuid.UUID(claims["sub"]),
            roles=frozenset(Role(r) for r in claims.get("roles", ())),
            anonymous=bool(claims.get("anon", False)),
            partner_id=uuid.UUID(partner) if partner else None,
            token_id=claims.get("jti"),
        )
