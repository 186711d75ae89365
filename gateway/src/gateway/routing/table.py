"""The route table: which path goes where, who may call it, and how hard it is limited.

One table classifies every request, including the gateway's own routes (``upstream`` None),
so that body limits, rate limits and coarse authorisation work the same everywhere. The
table is configuration (``GATEWAY_ROUTES``, JSON); the defaults below are the platform's
public API map.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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

    @property
    def path(self) -> str:
        """The metrics label of a proxied request (``MetricsMiddleware`` reads ``route.path``):
        the prefix, so that label cardinality stays bounded by the table."""
        return self.prefix


class _Compiled:
    """A route split into segments once, with its rank among overlapping routes."""

    __slots__ = ("exact", "methods", "route", "segments", "size")

    def __init__(self, route: Route) -> None:
        self.route = route
        self.segments = tuple(_segments(route.prefix))
        self.size = len(self.segments)
        self.exact = route.exact
        methods = route.methods
        # A route open to GET answers HEAD too, as every HTTP server does.
        if methods is not None and "GET" in methods:
            methods = methods | {"HEAD"}
        self.methods = methods

    @property
    def rank(self) -> tuple[int, int, bool, bool]:
        # Longest prefix first; among equally long ones, literal segments beat `*`, exact beats
        # prefix, and method-restricted beats unrestricted.
        literal = sum(1 for s in self.segments if s != "*")
        return (self.size, literal, self.exact, self.methods is not None)

    def matches(self, method: str, parts: list[str]) -> bool:
        if len(parts) < self.size or (self.exact and len(parts) != self.size):
            return False
        if self.methods is not None and method not in self.methods:
            return False
        for want, got in zip(self.segments, parts, strict=False):
            if want != got and want != "*":
                return False
        return True


def _segments(path: str) -> list[str]:
    parts = path.split("/")[1:]
    # "/reports/" is "/reports": a trailing slash is not a segment of its own.
    if parts and parts[-1] == "":
        parts.pop()
    return parts


class RouteTable:
    """The compiled route table: ``match(method, path)`` gives the most specific route.

    Candidates are bucketed by their first segment, so a match looks at the few routes under
    one top-level prefix (plus any that start with `*`), already sorted most specific first.
    """

    def __init__(self, routes: Sequence[Route], upstreams: Mapping[str, str]) -> None:
        unknown = sorted({r.upstream for r in routes if r.upstream and r.upstream not in upstreams})
        if unknown:
            raise ValueError(f"routes name upstreams that are not configured: {unknown}")
        compiled = sorted((_Compiled(r) for r in routes), key=lambda c: c.rank, reverse=True)
        # Routes whose first segment is `*` (or that have none: "/") fit any first segment.
        anywhere = [c for c in compiled if not c.segments or c.segments[0] == "*"]
        self._anywhere = tuple(anywhere)
        firsts = {c.segments[0] for c in compiled if c.segments and c.segments[0] != "*"}
        self._by_first: dict[str, tuple[_Compiled, ...]] = {
            first: tuple(c for c in compiled if c in anywhere or c.segments[0] == first)
            for first in firsts
        }
        self.routes = tuple(routes)

    def match(self, method: str, path: str) -> Route | None:
        parts = _segments(path)
        if not parts:
            candidates = self._anywhere
        else:
            if "." in parts or ".." in parts:
                # Dot segments would be resolved differently by the upstream's URL handling
                # than by this table (classified as /categories, served as /reports): refuse.
                return None
            candidates = self._by_first.get(parts[0], self._anywhere)
        for candidate in candidates:
            if candidate.matches(method, parts):
                return candidate.route
        return None


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
        # The dashboard's own files (the API calls it makes are classified on their own):
        # static and cheap, and a page load should not spend an office's API allowance.
        Route(prefix="/dashboard", methods=frozenset({"GET"}), **_PUBLIC,
              rate_class=RateClass.NONE),
        Route(prefix="/healthz", **_PUBLIC, rate_class=RateClass.NONE),
        Route(prefix="/readyz", **_PUBLIC, rate_class=RateClass.NONE),
        Route(prefix="/metrics", **_PUBLIC, rate_class=RateClass.NONE),
    ]  # fmt: skip
    upstream = [
        # reporting
        Route(prefix="/reports", upstream="reporting"),
        Route(prefix="/reports/*/evidence", upstream="reporting",
              rate_class=RateClass.UPLOAD, body_class=BodyClass.UPLOAD),
        Route(prefix="/reports/with-evidence", upstream="reporting", methods=frozenset({"POST"}),
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
        Route(prefix="/notifications", upstream="messaging"),
        Route(prefix="/discussions", upstream="messaging", methods=frozenset({"GET"}), **_PUBLIC),
        Route(prefix="/discussions", upstream="messaging"),
        Route(prefix="/complaints", upstream="messaging"),
        # surveys: the force builds them and reads results; respondents use the public link
        # (reading needs no token; taking a response token does, submitting may not)
        Route(prefix="/surveys", upstream="surveys", **_STAFF),
        Route(prefix="/survey-links", upstream="surveys", **_PUBLIC),
        # scheduling
        Route(prefix="/meeting-types", upstream="scheduling"),
        Route(prefix="/meeting-locations", upstream="scheduling"),
        Route(prefix="/availability", upstream="scheduling", **_STAFF),
        Route(prefix="/slots", upstream="scheduling"),
        Route(prefix="/meetings", upstream="scheduling"),
        Route(prefix="/calendars", upstream="scheduling", methods=frozenset({"GET"}), **_PUBLIC),
        Route(prefix="/calendar-feeds", upstream="scheduling", **_STAFF),
        # referrals
        Route(prefix="/partners", upstream="referrals"),
        Route(prefix="/referrals", upstream="referrals"),
        Route(prefix="/webhooks", upstream="referrals"),
    ]  # fmt: skip
    return [*local, *upstream]


DEFAULT_ROUTES = _routes()
