"""Rate limits in the real Redis: per client address, per principal, across replicas."""

from __future__ import annotations

import asyncio
import uuid

import httpx
import pytest
import redis.asyncio as redis
from routing_support import RoutedGatewayFactory, closed_port

from peelian.auth.principal import Role
from peelian.testing.infra import Infra

pytestmark = pytest.mark.integration

# Strict: three requests, then one per third of a second; a full burst again after 1 s.
STRICT = "3/1"


def _from(ip: str, **headers: str) -> dict[str, str]:
    # The in-process client connects from 127.0.0.1, a trusted proxy in these tests.
    return {"X-Forwarded-For": ip, **headers}


async def _statuses(client: httpx.AsyncClient, n: int, headers: dict[str, str]) -> list[int]:
    return [(await client.get("/strict/x", headers=headers)).status_code for _ in range(n)]


async def test_limit_per_client_address(routed_gateway: RoutedGatewayFactory) -> None:
    async with routed_gateway(rate_limit_auth=STRICT) as gw:
        assert await _statuses(gw.client, 3, _from("203.0.113.7")) == [200, 200, 200]
        refused = await gw.client.get("/strict/x", headers=_from("203.0.113.7"))
        assert refused.status_code == 429
        assert refused.json()["error"] == "rate_limited"
        assert "auth routes" in refused.json()["detail"]["message"]
        assert int(refused.headers["retry-after"]) >= 1
        # Another address has its own allowance; other route classes are counted apart.
        assert await _statuses(gw.client, 3, _from("203.0.113.8")) == [200, 200, 200]
        assert (await gw.client.get("/echo/x", headers=_from("203.0.113.7"))).status_code == 200
        # The spoofed left part of X-Forwarded-For does not make a new client.
        spoofed = _from("10.9.9.9, 203.0.113.7")
        assert (await gw.client.get("/strict/x", headers=spoofed)).status_code == 429

        await asyncio.sleep(1.05)
        assert await _statuses(gw.client, 3, _from("203.0.113.7")) == [200, 200, 200]


async def test_limit_per_principal(routed_gateway: RoutedGatewayFactory) -> None:
    async with routed_gateway(rate_limit_auth=STRICT) as gw:
        alice = gw.auth([Role.CITIZEN])
        assert await _statuses(gw.client, 3, _from("203.0.113.10", **alice)) == [200, 200, 200]
        # A fresh address does not help a principal who used up its allowance ...
        moved = await gw.client.get("/strict/x", headers=_from("203.0.113.11", **alice))
        assert moved.status_code == 429
        assert moved.headers["retry-after"]
        # ... while someone else on another address is not affected.
        bob = gw.auth([Role.CITIZEN])
        assert await _statuses(gw.client, 3, _from("203.0.113.12", **bob)) == [200, 200, 200]


async def test_replicas_share_the_count(routed_gateway: RoutedGatewayFactory, infra: Infra) -> None:
    prefix = f"test:{uuid.uuid4().hex[:8]}:"
    async with (
        routed_gateway(rate_limit_auth=STRICT, redis_prefix=prefix) as one,
        routed_gateway(rate_limit_auth=STRICT, redis_prefix=prefix) as two,
    ):
        ip = _from("203.0.113.20")
        assert (await one.client.get("/strict/x", headers=ip)).status_code == 200
        assert (await two.client.get("/strict/x", headers=ip)).status_code == 200
        assert (await one.client.get("/strict/x", headers=ip)).status_code == 200
        assert (await two.client.get("/strict/x", headers=ip)).status_code == 429
        assert (await one.client.get("/strict/x", headers=ip)).status_code == 429

    client = redis.Redis.from_url(infra.redis_url)
    try:
        keys = [k.decode() async for k in client.scan_iter(match=f"{prefix}*")]
    finally:
        await client.aclose()
    # The address is counted under a keyed hash, never in the clear.
    assert len(keys) == 1
    assert keys[0].startswith(f"{prefix}rl:auth:ip:")
    assert "203.0.113.20" not in keys[0]
    assert len(keys[0].rsplit(":", 1)[1]) == 32


async def test_keys_hold_no_client_address(routed_gateway: RoutedGatewayFactory) -> None:
    async with routed_gateway(rate_limit_auth=STRICT) as gw:
        subject = uuid.uuid4()
        headers = _from("198.51.100.77", **gw.auth([Role.CITIZEN], subject=subject))
        assert (await gw.client.get("/strict/x", headers=headers)).status_code == 200
        assert (await gw.client.get("/echo/x", headers=headers)).status_code == 200
        assert (await gw.client.get("/healthz", headers=headers)).status_code == 200
        prefix = gw.app.state.settings.redis_prefix
        client: redis.Redis = gw.app.state.redis
        keys = sorted([k.decode() async for k in client.scan_iter(match=f"{prefix}*")])
        values = [await client.get(k) for k in keys]
    # auth and default classes, address and principal each; class none is not counted.
    assert [k.removeprefix(prefix).rsplit(":", 1)[0] for k in keys] == [
        "rl:auth:ip",
        "rl:auth:sub",
        "rl:default:ip",
        "rl:default:sub",
    ]
    assert keys[1].endswith(str(subject))
    assert not any("198.51.100.77" in k or "127.0.0.1" in k for k in keys)
    assert all(v is not None and b"198.51" not in v for v in values)


async def test_redis_down_fails_open(
    routed_gateway: RoutedGatewayFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    dead = f"redis://127.0.0.1:{closed_port()}/0"
    async with routed_gateway(rate_limit_auth="1/60", redis_url=dead) as gw:
        headers = _from("192.0.2.55")
        statuses = [
            (await gw.client.get("/strict/x", headers=headers)).status_code for _ in range(5)
        ]
    assert statuses == [200] * 5
    logged = capsys.readouterr().out
    assert "rate_limiter_unavailable" in logged
    assert "192.0.2.55" not in logged
