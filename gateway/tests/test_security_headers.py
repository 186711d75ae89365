"""Security headers on every response; CORS for the dashboard's origin only."""

from __future__ import annotations

import httpx
import pytest
from routing_support import RoutedGatewayFactory

from gateway.config import GatewaySettings
from gateway.routing.table import DEFAULT_ROUTES, DEFAULT_UPSTREAMS
from peelian.auth.principal import Role

pytestmark = pytest.mark.integration

DASHBOARD = GatewaySettings.model_fields["dashboard_origin"].default
API_CSP = "default-src 'none'; frame-ancestors 'none'"
PAGE_CSP = (
    "default-src 'self'; img-src 'self' data: blob: http://127.0.0.1:9000; "
    "media-src 'self' blob: http://127.0.0.1:9000; style-src 'self' 'unsafe-inline'; "
    "connect-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def _common(response: httpx.Response) -> None:
    headers = response.headers
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["cross-origin-resource-policy"] == "same-origin"
    assert "camera=()" in headers["permissions-policy"]
    assert headers.get_list("content-security-policy") == [headers["content-security-policy"]]


async def test_security_headers(routed_gateway: RoutedGatewayFactory) -> None:
    async with routed_gateway() as gw:
        client = gw.client
        local = await client.get("/healthz")
        proxied = await client.get("/echo/x")
        not_found = await client.get("/nowhere")
        refused = await client.get("/private/x")

    for response in (local, proxied, not_found, refused):
        _common(response)
        assert response.headers["content-security-policy"] == API_CSP
        assert "strict-transport-security" not in response.headers
    assert "cache-control" not in proxied.headers


async def test_pages_private_routes_and_https(routed_gateway: RoutedGatewayFactory) -> None:
    async with routed_gateway(routes=DEFAULT_ROUTES, upstreams=DEFAULT_UPSTREAMS) as gw:
        client = gw.client
        docs = await client.get("/docs")
        dashboard = await client.get("/dashboard/reports")
        jwks = await client.get("/.well-known/jwks.json")
        auth = await client.post("/auth/token", data={"grant_type": "password"})
        me = await client.get("/accounts/me", headers=gw.auth([Role.CITIZEN]))
        # TLS ends at a load balancer we trust: it says so; a client saying so is ignored.
        behind_tls = await client.get(
            "/.well-known/jwks.json", headers={"X-Forwarded-Proto": "https"}
        )
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=gw.app), base_url="https://testserver"
        ) as https_client:
            direct_tls = await https_client.get("/healthz")
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=gw.app, client=("192.0.2.1", 5000)),
            base_url="http://testserver",
        ) as untrusted_client:
            spoofing = await untrusted_client.get(
                "/healthz", headers={"X-Forwarded-Proto": "https"}
            )

    for response in (docs, dashboard):
        _common(response)
        assert response.headers["content-security-policy"] == PAGE_CSP
    for response in (auth, me):
        _common(response)
        assert response.headers["cache-control"] == "no-store"
        assert response.headers["content-security-policy"] == API_CSP
    assert "cache-control" not in jwks.headers
    assert "max-age=" in behind_tls.headers["strict-transport-security"]
    assert "max-age=" in direct_tls.headers["strict-transport-security"]
    assert "strict-transport-security" not in spoofing.headers


async def test_cors_preflight_for_the_dashboard_only(routed_gateway: RoutedGatewayFactory) -> None:
    preflight = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "Authorization, Content-Type, Idempotency-Key",
    }
    async with routed_gateway() as gw:
        allowed = await gw.client.options("/echo/x", headers={"Origin": DASHBOARD, **preflight})
        other = await gw.client.options(
            "/echo/x", headers={"Origin": "https://evil.example", **preflight}
        )
        simple = await gw.client.get("/echo/x", headers={"Origin": DASHBOARD})
        simple_other = await gw.client.get("/echo/x", headers={"Origin": "https://evil.example"})

    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == DASHBOARD
    assert allowed.headers["access-control-allow-credentials"] == "true"
    allowed_headers = allowed.headers["access-control-allow-headers"].lower()
    assert "authorization" in allowed_headers
    assert "idempotency-key" in allowed_headers
    _common(allowed)

    assert other.status_code == 400
    assert "access-control-allow-origin" not in other.headers

    assert simple.headers["access-control-allow-origin"] == DASHBOARD
    exposed = simple.headers["access-control-expose-headers"].lower()
    assert {"retry-after", "x-correlation-id", "x-request-id"} <= {
        h.strip() for h in exposed.split(",")
    }
    assert "access-control-allow-origin" not in simple_other.headers
