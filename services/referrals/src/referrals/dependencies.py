"""Request dependencies shared by the referrals service's domains: who may call what."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends

from peelian.auth import PrincipalDep, require_role
from peelian.auth.principal import Principal, Role
from peelian.errors import Forbidden
from peelian.state import app_state
from referrals.config import ReferralsSettings
from referrals.partners.topics import PartnerTopics
from referrals.webhooks.signing import SecretBox

SettingsDep = Annotated[ReferralsSettings, Depends(app_state("settings"))]
PartnerTopicsDep = Annotated[PartnerTopics, Depends(app_state("partner_topics"))]
SecretBoxDep = Annotated[SecretBox, Depends(app_state("secret_box"))]

StaffDep = Annotated[Principal, require_role(Role.OFFICER, Role.SUPERVISOR, Role.ADMIN)]
AdminDep = Annotated[Principal, require_role(Role.ADMIN)]


class NotForCitizens(Forbidden):
    """Referrals are the force's and partner agencies' business."""

    error = "referrals_forbidden"

    def __init__(self) -> None:
        super().__init__(
            "referrals are for the force and partner agencies; a reporter follows what became "
            "of their report on its timeline (GET /reports/{id}/timeline)"
        )


class PartnerWithoutId(Forbidden):
    """A partner token must name its agency."""

    error = "partner_id_missing"

    def __init__(self) -> None:
        super().__init__("this partner token carries no partner_id claim: ask an admin")


def partner_of(principal: Principal) -> uuid.UUID | None:
    """The agency a partner principal acts for; None for the force's staff."""
    if principal.is_staff:
        return None
    if not principal.has_any(Role.PARTNER):
        raise NotForCitizens()
    if principal.partner_id is None:
        raise PartnerWithoutId()
    return principal.partner_id


def _reader(principal: PrincipalDep) -> Principal:
    partner_of(principal)
    return principal


def _partner(principal: PrincipalDep) -> Principal:
    if partner_of(principal) is None:
        raise Forbidden("only the partner agency a referral is addressed to can do this")
    return principal


# Staff, or a partner agency (its system or its staff) acting for its own partner_id.
ReaderDep = Annotated[Principal, Depends(_reader)]
PartnerDep = Annotated[Principal, Depends(_partner)]
