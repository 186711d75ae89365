"""The route table: which path goes where, who may call it, and how hard it is limited.

One table classifies every request, including the gateway's own routes (``upstream`` None),
so that body limits, rate limits and coarse authorisation work the same everywhere. The
table is configuration (``GATEWAY_ROUTES``, JSON); the defaults below are the platform's
public API map.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator

from peelian.auth.principal import Role


class Access(StrEnum):
    PUBLIC = "public"  # no token needed (a token, if sent, is still verified)
    AUTHENTICATED = "authenticated"  # any valid token
    ROLES = "roles"  # a valid token holding one of `roles`


class RateClass(StrEnum):
    AUTH = "auth"  # login, registration, anonymous keys: strict
    DEFAULT = "default"
    UPLOAD = "upload"
    NONE = "none"  # health and key discovery: never limited


class BodyClass(StrEnum):
    DEFAULT = "default"
    UPLOAD = "upload"


class Route(BaseModel):
    model_config = ConfigDict(frozen=True)

    # A path prefix matched on segment boundaries; a `*` segment matches any one segment
    # ("/reports/*/evidence" matches "/reports/42/evidence/7").
    prefix: str = Field(pattern=r"^/")
    # A service name from the upstream table, or None for the gateway's own routes.
    upstream: str | None = None
    # Only these methods (upper case); None = every method.
    methods: frozenset[str] | None = None
    # Match the prefix exactly, not the paths below it.
    exact: bool = False
    access: Access = Access.AUTHENTICATED
    roles: frozenset[Role] = frozenset()
    rate_class: RateClass = RateClass.DEFAULT
    body_class: BodyClass = BodyClass.DEFAULT

    @field_validator("methods")
    @classmethod
    def _upper(cls, methods: frozenset[str] | None) -> frozenset[str] | None:
        return None if methods is None else frozenset(m.upper() for m in methods)


DEFAULT_UPSTREAMS = {
    "reporting": "http://127.0.0.1:8001",
    "messaging": "http://127.0.0.1:8002",
    "surveys": "http://127.0.0.1:8003",
    "scheduling": "http://127.0.0.1:8004",
    "referrals": "http://127.0.0.1:8005",
}

_PUBLIC = {"access": Access.PUBLIC}
_STAFF = {"access": Access.ROLES, "roles": frozenset({Role.OFFICER, Role.SUPERVISOR, Role.ADMIN})}


def _routes() -> Sequence[Route]:
    local = [
        Route(prefix="/auth", **_PUBLIC, rate_class=RateClass.AUTH),
        Route(prefix="/accounts", methods=frozenset({"POST"}), exact=True, **_PUBLIC,
              rate_class=RateClass.AUTH),
        Route(prefix="/accounts"),
        Route(prefix="/admin", access=Access.ROLES, roles=frozenset({Role.ADMIN})),
        Route(prefix="/.well-known", **_PUBLIC, rate_class=RateClass.NONE),
        Route(prefix="/openapi.json", **_PUBLIC),
        Route(prefix="/docs", **_PUBLIC),
        Route(prefix="/healthz", **_PUBLIC, rate_class=RateClass.NONE),
        Route(prefix="/readyz", **_PUBLIC, rate_class=RateClass.NONE),
        Route(prefix="/metrics", **_PUBLIC, rate_class=RateClass.NONE),
    ]  # fmt: skip
    upstream = [
        # reporting
        Route(prefix="/reports", upstream="reporting"),
        Route(prefix="/reports/*/evidence", upstream="reporting",
              rate_class=RateClass.UPLOAD, body_class=BodyClass.UPLOAD),
        Route(prefix="/categories", upstream="reporting", methods=frozenset({"GET"}), **_PUBLIC),
        Route(prefix="/categories", upstream="reporting", **_STAFF),
        # messaging
        Route(prefix="/areas", upstream="messaging", methods=frozenset({"GET"}), **_PUBLIC),
        Route(prefix="/areas", upstream="messaging", **_STAFF),
        Route(prefix="/topics", upstream="messaging", methods=frozenset({"GET"}), **_PUBLIC),
        Route(prefix="/feeds", upstream="messaging", **_PUBLIC),
        Route(prefix="/unsubscribe", upstream="messaging", **_PUBLIC),
        Route(prefix="/publications", upstream="messaging"),
        Route(prefix="/subscriptions", upstream="messaging"),
        Route(prefix="/conversations", upstream="messaging"),
        Route(prefix="/inbox", upstream="messaging"),
        # surveys
        Route(prefix="/surveys", upstream="surveys"),
        Route(prefix="/survey-links", upstream="surveys", **_PUBLIC),
        # scheduling
        Route(prefix="/meeting-types", upstream="scheduling"),
        Route(prefix="/availability", upstream="scheduling"),
        Route(prefix="/slots", upstream="scheduling"),
        Route(prefix="/meetings", upstream="scheduling"),
        Route(prefix="/calendars", upstream="scheduling", **_PUBLIC),
        # referrals
        Route(prefix="/partners", upstream="referrals"),
        Route(prefix="/referrals", upstream="referrals"),
        Route(prefix="/webhooks", upstream="referrals"),
    ]  # fmt: skip
    return [*local, *upstream]


DEFAULT_ROUTES = _routes()
