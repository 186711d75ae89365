"""Merging the gateway's OpenAPI document with the services' into the platform's one.

Pure functions over parsed JSON: no I/O and no clock, and the inputs are never changed.
The route table decides what is public: a service's operation is kept only where the table
sends that method and path to that service, and its access class decides the operation's
security requirement.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from gateway.routing.table import Access, Route

Document = dict[str, Any]
# (method, path) -> the route that classifies it, None where no route does.
RouteMatch = Callable[[str, str], Route | None]

OPENAPI_VERSION = "3.1.0"
GATEWAY = "gateway"
UNAVAILABLE_EXTENSION = "x-peelian-unavailable-services"
ROLES_EXTENSION = "x-peelian-roles"
OAUTH2 = "OAuth2"
BEARER = "BearerJWT"
TOKEN_URL = "/auth/token"  # noqa: S105 (an endpoint, not a secret)
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# The gateway's operational endpoints that are not part of the API.
GATEWAY_HIDDEN_PATHS = frozenset({"/metrics"})

PLATFORM_DESCRIPTION = (
    "Peelian, the community-policing engagement platform: reports from citizens, messages "
    "and conversations, surveys, meetings with officers and referrals to partner agencies.\n\n"
    "Every call goes through the gateway. Operations with a lock need an access token from "
    "`POST /auth/token` (OAuth2 password grant for people, client credentials for partner "
    "systems), sent as `Authorization: Bearer <token>`."
)

SECURITY_SCHEMES: dict[str, Any] = {
    OAUTH2: {
        "type": "oauth2",
        "description": "Access tokens issued by the gateway's token endpoint.",
        "flows": {
            "password": {"tokenUrl": TOKEN_URL, "refreshUrl": TOKEN_URL, "scopes": {}},
            "clientCredentials": {"tokenUrl": TOKEN_URL, "refreshUrl": TOKEN_URL, "scopes": {}},
        },
    },
    BEARER: {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "An access token (a JWT signed by the gateway) obtained earlier.",
    },
}

_COMPONENT_REF = re.compile(r"^#/components/([^/]+)/([^/]+)$")
_NOT_A_NAME = re.compile(r"[^A-Za-z0-9_]")


def merge_documents(
    gateway: Document,
    upstreams: Mapping[str, Document],
    match: RouteMatch,
    *,
    unavailable: Sequence[str] = (),
) -> Document:
    """The platform's document from the gateway's own and each upstream's (by service name).

    Components of one name but different content are renamed ``<Service>_<Name>`` in the
    later source, with its ``$ref``s rewritten; identical ones are kept once.
    """
    paths: dict[str, dict[str, Any]] = {}
    components: dict[str, dict[str, Any]] = {}
    tags: list[dict[str, str]] = []
    operation_ids: set[str] = set()
    sources: list[tuple[str, Document, str | None]] = [(GATEWAY, gateway, None)]
    sources += [(name, document, name) for name, document in upstreams.items()]
    for name, source, upstream in sources:
        operations = _select_operations(source, upstream, match)
        if not operations:
            continue
        renames = _merge_components(components, _reachable_components(source, operations), name)
        tags.append({"name": name, "description": source.get("info", {}).get("description", "")})
        for operation in operations:
            body: dict[str, Any] = _rewrite_refs(operation.body, renames)
            body["tags"] = [name]
            body["operationId"] = _unique_operation_id(operation, upstream, operation_ids)
            _secure(body, operation.route)
            paths.setdefault(operation.path, {})[operation.method] = body
    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": "Peelian API",
            "version": str(gateway.get("info", {}).get("version", "0.1.0")),
            "summary": "The public API of the Peelian platform, through its gateway.",
            "description": PLATFORM_DESCRIPTION,
        },
        "servers": [{"url": "/", "description": "The Peelian gateway"}],
        "tags": tags,
        "paths": dict(sorted(paths.items())),
        "components": {
            **{kind: dict(sorted(entries.items())) for kind, entries in sorted(components.items())},
            "securitySchemes": copy.deepcopy(SECURITY_SCHEMES),
        },
        UNAVAILABLE_EXTENSION: sorted(unavailable),
    }


@dataclass(frozen=True)
class _Operation:
    path: str
    method: str
    body: dict[str, Any]
    route: Route | None


def _select_operations(
    source: Document, upstream: str | None, match: RouteMatch
) -> list[_Operation]:
    """The operations of ``source`` that the route table sends to it."""
    selected: list[_Operation] = []
    for path, item in source.get("paths", {}).items():
        if upstream is None and path in GATEWAY_HIDDEN_PATHS:
            continue
        shared_parameters: list[Any] = item.get("parameters", [])
        for method in HTTP_METHODS:
            if method not in item:
                continue
            route = match(method.upper(), path)
            destination = None if route is None else route.upstream
            if destination != upstream:
                continue
            body = dict(item[method])
            if shared_parameters:
                # Path-level parameters move into the operation: two sources may share a path.
                body["parameters"] = _combine_parameters(shared_parameters, body.get("parameters"))
            selected.append(_Operation(path, method, body, route))
    return selected


def _combine_parameters(shared: list[Any], own: list[Any] | None) -> list[Any]:
    def key(parameter: Any) -> Any:
        if isinstance(parameter, dict) and "$ref" not in parameter:
            return (parameter.get("name"), parameter.get("in"))
        return repr(parameter)

    own = own or []
    overridden = {key(p) for p in own}
    return [p for p in shared if key(p) not in overridden] + own


def _component_refs(value: Any) -> Iterator[tuple[str, str]]:
    """Every ``(kind, name)`` of a component that ``value`` refers to."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "$ref" and isinstance(item, str):
                if found := _COMPONENT_REF.match(item):
                    yield found[1], found[2]
            elif key == "discriminator" and isinstance(item, dict):
                for target in (item.get("mapping") or {}).values():
                    if isinstance(target, str) and (found := _COMPONENT_REF.match(target)):
                        yield found[1], found[2]
            else:
                yield from _component_refs(item)
    elif isinstance(value, list):
        for item in value:
            yield from _component_refs(item)


def _reachable_components(
    source: Document, operations: Sequence[_Operation]
) -> dict[str, dict[str, Any]]:
    """The components of ``source`` that the kept operations need, directly or not."""
    available: dict[str, dict[str, Any]] = source.get("components", {})
    kept: dict[str, dict[str, Any]] = {}
    pending = [ref for operation in operations for ref in _component_refs(operation.body)]
    while pending:
        kind, name = pending.pop()
        # The gateway's own security schemes replace every source's.
        if kind == "securitySchemes" or name in kept.get(kind, {}):
            continue
        component = available.get(kind, {}).get(name)
        if component is None:
            continue
        kept.setdefault(kind, {})[name] = component
        pending.extend(_component_refs(component))
    return kept


def _merge_components(
    merged: dict[str, dict[str, Any]], incoming: dict[str, dict[str, Any]], service: str
) -> dict[tuple[str, str], str]:
    """Add ``incoming`` to ``merged``; returns the renames, ``(kind, name) -> new name``."""
    renames: dict[tuple[str, str], str] = {}
    # A component that is identical by itself may refer to one that had to be renamed and so
    # differ after all: repeat until no new rename appears.
    changed = True
    while changed:
        changed = False
        for kind, entries in incoming.items():
            for name, component in entries.items():
                if (kind, name) in renames:
                    continue
                existing = merged.get(kind, {}).get(name)
                if existing is not None and existing != _rewrite_refs(component, renames):
                    renames[kind, name] = _free_name(kind, name, service, merged, incoming, renames)
                    changed = True
    for kind, entries in incoming.items():
        target = merged.setdefault(kind, {})
        for name, component in entries.items():
            target.setdefault(renames.get((kind, name), name), _rewrite_refs(component, renames))
    return renames


def _free_name(
    kind: str,
    name: str,
    service: str,
    merged: dict[str, dict[str, Any]],
    incoming: dict[str, dict[str, Any]],
    renames: dict[tuple[str, str], str],
) -> str:
    prefix = _NOT_A_NAME.sub("_", service)
    base = f"{prefix[:1].upper()}{prefix[1:]}_{name}"
    taken = set(merged.get(kind, {})) | set(incoming.get(kind, {}))
    taken |= {new for (k, _), new in renames.items() if k == kind}
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}_{n}", n + 1
    return candidate


def _renamed(ref: str, renames: Mapping[tuple[str, str], str]) -> str:
    found = _COMPONENT_REF.match(ref)
    if found is None or (found[1], found[2]) not in renames:
        return ref
    return f"#/components/{found[1]}/{renames[found[1], found[2]]}"


def _rewrite_refs(value: Any, renames: Mapping[tuple[str, str], str]) -> Any:
    """A deep copy of ``value`` with every reference to a renamed component rewritten."""
    if isinstance(value, dict):
        result: dict[str, Any] = {}
        for key, item in value.items():
            if key == "$ref" and isinstance(item, str):
                result[key] = _renamed(item, renames)
            elif key == "discriminator" and isinstance(item, dict):
                result[key] = _rewrite_refs(item, renames)
                if isinstance(item.get("mapping"), dict):
                    result[key]["mapping"] = {
                        k: _renamed(v, renames) if isinstance(v, str) else v
                        for k, v in item["mapping"].items()
                    }
            else:
                result[key] = _rewrite_refs(item, renames)
        return result
    if isinstance(value, list):
        return [_rewrite_refs(item, renames) for item in value]
    return value


def _unique_operation_id(operation: _Operation, upstream: str | None, taken: set[str]) -> str:
    """The operation's id, prefixed with its service's name, made unique in ``taken``.

    The prefix keeps a service's ids stable whatever another service adds.
    """
    own = operation.body.get("operationId") or _NOT_A_NAME.sub(
        "_", f"{operation.method}{operation.path}"
    )
    base = str(own) if upstream is None else f"{upstream}_{own}"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}_{n}", n + 1
    taken.add(candidate)
    return candidate


def _secure(operation: dict[str, Any], route: Route | None) -> None:
    """Set the operation's security requirement from the access class of its route."""
    access = Access.AUTHENTICATED if route is None else route.access
    operation.pop("security", None)
    operation.pop(ROLES_EXTENSION, None)
    if access is Access.PUBLIC:
        return
    operation["security"] = [{OAUTH2: []}, {BEARER: []}]
    responses = operation.setdefault("responses", {})
    responses.setdefault("401", {"description": "No valid access token was sent."})
    if access is Access.ROLES and route is not None:
        roles = sorted(str(role) for role in route.roles)
        operation[ROLES_EXTENSION] = roles
        responses.setdefault(
            "403", {"description": f"The token holds none of the roles: {', '.join(roles)}."}
        )
