"""The route table, the policy middleware and the streaming proxy, over real upstreams."""

from __future__ import annotations

import asyncio
import hashlib
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from routing_support import STREAM_CHUNKS, STREAM_PAUSE, RoutedGatewayFactory

from gateway.routing.table import (
    DEFAULT_ROUTES,
    DEFAULT_UPSTREAMS,
    Access,
    BodyClass,
    RateClass,
    Route,
    RouteTable,
)
from peelian.auth.principal import Role
from peelian.testing.serve import serve

pytestmark = pytest.mark.integration


def _table() -> RouteTable:
    staff = frozenset({Role.OFFICER})
    return RouteTable(
        [
            Route(prefix="/reports", upstream="reporting"),
            Route(prefix="/reports/*/evidence", upstream="reporting", body_class=BodyClass.UPLOAD),
            Route(prefix="/categories", upstream="reporting", access=Access.ROLES, roles=staff),
            Route(
                prefix="/categories",
                upstream="reporting",
                methods=frozenset({"get"}),
                access=Access.PUBLIC,
            ),
            Route(prefix="/accounts"),
            Route(
                prefix="/accounts",
                methods=frozenset({"POST"}),
                exact=True,
                access=Access.PUBLIC,
                rate_class=RateClass.AUTH,
            ),
        ],
        {"reporting": "http://127.0.0.1:1"},
    )


def _match(table: RouteTable, method: str, path: str) -> Route:
    route = table.match(method, path)
    assert route is not None, (method, path)
    return route


def test_prefixes_match_on_segment_boundaries() -> None:
    table = _table()
    assert _match(table, "GET", "/reports").prefix == "/reports"
    assert _match(table, "GET", "/reports/").prefix == "/reports"
    assert _match(table, "GET", "/reports/42").prefix == "/reports"
    assert table.match("GET", "/reportsx") is None
    assert table.match("GET", "/") is None
    assert table.match("GET", "/elsewhere") is None


def test_wildcard_segment_and_longest_prefix_win() -> None:
    table = _table()
    evidence = table.match("PUT", "/reports/42/evidence/7")
    assert evidence is not None
    assert evidence.body_class is BodyClass.UPLOAD
    assert _match(table, "PUT", "/reports/42/evidence").body_class is BodyClass.UPLOAD
    # Shorter than the wildcard route, or another third segment: the plain /reports route.
    assert _match(table, "PUT", "/reports/42").body_class is BodyClass.DEFAULT
    assert _match(table, "PUT", "/reports/42/notes").body_class is BodyClass.DEFAULT


def test_method_restricted_and_exact_routes_come_first() -> None:
    table = _table()
    assert _match(table, "GET", "/categories/3").access is Access.PUBLIC
    assert _match(table, "HEAD", "/categories").access is Access.PUBLIC
    assert _match(table, "POST", "/categories").access is Access.ROLES
    assert _match(table, "POST", "/accounts").access is Access.PUBLIC
    # exact: below /accounts, and other methods on it, are the authenticated route.
    assert _match(table, "POST", "/accounts/me").access is Access.AUTHENTICATED
    assert _match(table, "GET", "/accounts").access is Access.AUTHENTICATED


def test_the_platforms_uploads_get_the_upload_limits_and_json_does_not() -> None:
    table = RouteTable(DEFAULT_ROUTES, DEFAULT_UPSTREAMS)
    for method, path in [
        ("POST", "/reports/42/evidence"),
        ("POST", "/reports/42/evidence/uploads/7/confirm"),
        ("POST", "/reports/with-evidence"),
    ]:
        assert _match(table, method, path).body_class is BodyClass.UPLOAD, path
    for method, path in [("POST", "/reports"), ("GET", "/reports/with-evidence")]:
        assert _match(table, method, path).body_class is BodyClass.DEFAULT, path


def test_dot_segments_match_nothing() -> None:
    table = _table()
    assert table.match("GET", "/categories/../reports") is None
    assert table.match("GET", "/reports/./42") is None


def test_routes_naming_an_unknown_upstream_are_refused() -> None:
    with pytest.raises(ValueError, match="nowhere"):
        RouteTable([Route(prefix="/x", upstream="nowhere")], {"reporting": "http://x"})
    # The platform's own table is consistent.
    assert RouteTable(DEFAULT_ROUTES, DEFAULT_UPSTREAMS).match("GET", "/healthz") is not None


def _error(response: httpx.Response, status: int, error: str) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error"] == error
    message: str = body["detail"]["message"]
    return message


async def test_unknown_path_is_a_typed_404(routed_gateway: RoutedGatewayFactory) -> None:
    async with routed_gateway() as gw:
        assert (await gw.client.get("/healthz")).status_code == 200
        response = await gw.client.get("/nowhere/at/all")
    _error(response, 404, "not_found")


async def test_proxied_request_carries_ids_and_no_client_identity(
    routed_gateway: RoutedGatewayFactory,
) -> None:
    async with routed_gateway() as gw:
        token = gw.token([Role.CITIZEN])
        response = await gw.client.get(
            "/echo/a%20b/c?x=1&y=%2F",
            headers={
                "Authorization": f"Bearer {token}",
                "X-Correlation-ID": "corr-routing-1",
                "User-Agent": "Spoofy/1.0 (Linux; a device fingerprint)",
                "X-Forwarded-For": "198.51.100.9",
                "X-Forwarded-Host": "evil.example",
                "Forwarded": "for=198.51.100.9",
                "X-Real-IP": "198.51.100.9",
                "X-User-Id": "someone-else",
                "X-Peelian-Roles": "admin",
                "X-Principal": "admin",
                "X-Auth-Request-User": "admin",
                "X-Client-IP": "198.51.100.9",
                "X-HTTP-Method-Override": "DELETE",
                "X-Request-ID": "chosen-by-client",
                "Cookie": "refresh=secret",
                "Accept": "application/json",
            },
        )
    assert response.status_code == 200, response.text
    seen = response.json()
    headers = dict(seen["headers"])
    assert seen["method"] == "GET"
    assert seen["path"] == "/echo/a b/c"
    assert seen["query"] == "x=1&y=%2F"
    assert headers["authorization"] == f"Bearer {token}"
    assert headers["x-correlation-id"] == "corr-routing-1"
    assert headers["accept"] == "application/json"
    request_id = headers["x-request-id"]
    assert uuid.UUID(request_id).version == 4
    assert response.headers.get_list("x-correlation-id") == ["corr-routing-1"]
    assert response.headers.get_list("x-request-id") == [request_id]
    # Hop-by-hop headers of the upstream's connection stay there; its own headers come back.
    assert response.headers["x-upstream"] == "echo"
    assert "x-hop-secret" not in response.headers
    assert "keep-alive" not in response.headers
    assert "connection" not in response.headers
    leaked = {
        "user-agent",
        "x-forwarded-for",
        "x-forwarded-host",
        "forwarded",
        "x-real-ip",
        "x-user-id",
        "x-peelian-roles",
        "x-principal",
        "x-auth-request-user",
        "x-client-ip",
        "x-http-method-override",
        "cookie",
    } & set(headers)
    assert not leaked
    assert [v for k, v in seen["headers"] if k == "x-request-id"] == [request_id]
    assert "198.51.100.9" not in str(seen)


async def test_proxied_post_streams_the_body_through(routed_gateway: RoutedGatewayFactory) -> None:
    payload = b'{"title": "broken streetlight"}' * 100
    async with routed_gateway() as gw:
        response = await gw.client.post(
            "/echo/reports", content=payload, headers={"Content-Type": "application/json"}
        )
        empty = await gw.client.post("/echo/empty")
    assert response.status_code == 200, response.text
    seen = response.json()
    assert seen["method"] == "POST"
    assert seen["size"] == len(payload)
    assert dict(seen["headers"])["content-type"] == "application/json"
    assert seen["sha256"] == hashlib.sha256(payload).hexdigest()
    assert empty.json()["size"] == 0


async def test_access_classes(routed_gateway: RoutedGatewayFactory) -> None:
    async with routed_gateway() as gw:
        client = gw.client
        anonymous = await client.get("/private/thing")
        assert _error(anonymous, 401, "unauthorized") == "authentication required"
        assert anonymous.headers["www-authenticate"] == "Bearer"
        garbage = await client.get("/private/thing", headers={"Authorization": "Bearer nope"})
        assert _error(garbage, 401, "unauthorized") == "malformed token"
        basic = await client.get("/private/thing", headers={"Authorization": "Basic dTpw"})
        assert _error(basic, 401, "unauthorized") == "a bearer token is required"
        # A token sent to a public route is verified all the same.
        public_bad = await client.get("/echo/x", headers={"Authorization": "Bearer nope"})
        _error(public_bad, 401, "unauthorized")

        citizen = gw.auth([Role.CITIZEN])
        assert (await client.get("/private/thing", headers=citizen)).status_code == 200
        forbidden = await client.get("/staff/queue", headers=citizen)
        message = _error(forbidden, 403, "forbidden")
        assert "officer" in message
        assert "supervisor" in message
        officer = gw.auth([Role.OFFICER])
        assert (await client.get("/staff/queue", headers=officer)).status_code == 200


async def test_remembered_tokens_still_expire(routed_gateway: RoutedGatewayFactory) -> None:
    async with routed_gateway() as gw:
        settings = gw.app.state.settings
        now = int(time.time())
        token = gw.app.state.key_ring.sign(
            {
                "iss": settings.jwt_issuer,
                "aud": settings.jwt_audience,
                "sub": str(uuid.uuid4()),
                "roles": ["citizen"],
                "iat": now,
                "exp": now + 2,
            }
        )
        headers = {"Authorization": f"Bearer {token}"}
        assert (await gw.client.get("/private/x", headers=headers)).status_code == 200
        assert (await gw.client.get("/private/x", headers=headers)).status_code == 200
        await asyncio.sleep(now + 2 - time.time() + 0.1)
        expired = await gw.client.get("/private/x", headers=headers)
    assert _error(expired, 401, "unauthorized") == "token has expired"


async def test_upstream_failures_are_typed(routed_gateway: RoutedGatewayFactory) -> None:
    async with routed_gateway(upstream_read_timeout=0.5) as gw:
        down = await gw.client.get("/down/anything")
        started = time.monotonic()
        slow = await gw.client.get("/echo/slow")
        slow_elapsed = time.monotonic() - started
        broken = await gw.client.get("/broken/anything")
        post_broken = await gw.client.post("/broken/anything", content=b"data")
    assert "down" in _error(down, 503, "dependency_unavailable")
    assert down.headers["retry-after"]
    assert "echo" in _error(slow, 504, "gateway_timeout")
    assert slow_elapsed < 1.4
    assert "broken" in _error(broken, 502, "bad_gateway")
    _error(post_broken, 502, "bad_gateway")


async def test_streamed_response_arrives_chunk_by_chunk(
    routed_gateway: RoutedGatewayFactory,
) -> None:
    # In-process httpx buffers whole responses; a real server in front shows the streaming.
    async with (
        routed_gateway() as gw,
        serve(gw.app, lifespan="off") as url,
        httpx.AsyncClient(base_url=url) as client,
        client.stream("GET", "/echo/stream") as response,
    ):
        arrivals: list[tuple[float, bytes]] = []
        async for chunk in response.aiter_raw():
            arrivals.append((time.monotonic(), chunk))
    assert response.status_code == 200
    assert b"".join(c for _, c in arrivals) == b"".join(
        f"chunk-{i}\n".encode() for i in range(STREAM_CHUNKS)
    )
    assert len(arrivals) >= STREAM_CHUNKS
    # The first chunk came while the upstream was still pausing before the next ones.
    spread = arrivals[-1][0] - arrivals[0][0]
    assert spread >= STREAM_PAUSE * (STREAM_CHUNKS - 1) * 0.8


async def _chunks(total: int, size: int = 64 * 1024) -> AsyncIterator[bytes]:
    sent = 0
    while sent < total:
        chunk = b"x" * min(size, total - sent)
        sent += len(chunk)
        yield chunk


async def test_bodies_over_the_limit_get_413(routed_gateway: RoutedGatewayFactory) -> None:
    mib = 1024 * 1024
    async with routed_gateway(body_limit_default=mib, body_limit_upload=2 * mib) as gw:
        client = gw.client
        declared = await client.post("/echo/x", content=b"x" * (mib + 1))
        chunked = await client.post("/echo/x", content=_chunks(mib + 64 * 1024))
        on_upload_route = await client.post("/uploads/x", content=_chunks(mib + 64 * 1024))
        too_big_upload = await client.post("/uploads/x", content=_chunks(2 * mib + 1))
        at_limit = await client.post("/echo/x", content=b"x" * mib)

    message = _error(declared, 413, "payload_too_large")
    assert message == "the request body exceeds the 1 MiB limit of default routes"
    assert _error(chunked, 413, "payload_too_large") == message
    assert on_upload_route.status_code == 200, on_upload_route.text
    assert on_upload_route.json()["size"] == mib + 64 * 1024
    assert "2 MiB limit of upload routes" in _error(too_big_upload, 413, "payload_too_large")
    assert at_limit.status_code == 200


async def test_chunked_body_over_the_limit_on_a_local_route(
    routed_gateway: RoutedGatewayFactory,
) -> None:
    # The gateway's own routes get the same limit (FastAPI's own answer would be a 400).
    routes: list[Any] = [Route(prefix="/auth", access=Access.PUBLIC)]
    async with routed_gateway(routes=routes, body_limit_default=1024) as gw:
        response = await gw.client.post(
            "/auth/token",
            content=_chunks(4096, size=512),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
    _error(response, 413, "payload_too_large")
