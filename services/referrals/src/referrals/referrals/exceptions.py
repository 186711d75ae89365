"""Typed errors of the referrals domain."""

from __future__ import annotations

import uuid

from peelian.errors import BadRequest, Conflict, NotFound


class ReferralNotFound(NotFound):
    """No such referral, or not one addressed to the caller's agency (not told apart)."""

    error = "referral_not_found"

    def __init__(self) -> None:
        super().__init__("no referral with this id is visible to you")


class UnknownPartner(BadRequest):
    """A partner id in the request names no partner agency."""

    error = "unknown_partner"

    def __init__(self, partner_ids: list[uuid.UUID]) -> None:
        super().__init__(
            "no partner agency has these ids (GET /partners lists them)",
            {"partner_ids": [str(p) for p in partner_ids]},
        )


class PartnerInactive(Conflict):
    """The partner agency takes no new referrals."""

    error = "partner_inactive"

    def __init__(self, partner_ids: list[uuid.UUID]) -> None:
        super().__init__(
            "these partner agencies are inactive and take no new referrals",
            {"partner_ids": [str(p) for p in partner_ids]},
        )


class ReferralExists(Conflict):
    """The report already has an open referral to this partner."""

    error = "referral_exists"

    def __init__(self, existing: dict[uuid.UUID, uuid.UUID]) -> None:
        super().__init__(
            "the report is already referred to these partner agencies and they have not "
            "finished with it (see the referrals named); a new referral is possible once "
            "one is declined or completed",
            {
                "referrals": [
                    {"partner_id": str(p), "referral_id": str(r)} for p, r in existing.items()
                ]
            },
        )


class ReferralDeclined(Conflict):
    """The partner declined the referral: nothing more happens on it."""

    error = "referral_declined"

    def __init__(self) -> None:
        super().__init__(
            "this referral was declined, so no outcome, update or change can be recorded on "
            "it; the force may refer the report again"
        )


class InvalidReferralState(Conflict):
    """The referral's status does not allow this."""

    error = "invalid_referral_state"
