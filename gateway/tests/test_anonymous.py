"""Anonymous reporters: a key shown once, exchanged later for tokens, and nothing about the
person (address, user agent) in any row, Redis key or log line."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import jwt
import pytest
import redis.asyncio as redis
from sqlalchemy import text

from gateway.main import create_app
from gateway.tokens.router import REPORTER_KEY_GRANT
from gateway_helpers import bearer
from peelian.testing.plugin import app_client

pytestmark = pytest.mark.integration

CLIENT_IP = "203.0.113.77"
FORWARDED_IP = "198.51.100.23"


async def test_anonymous_reporter_gets_a_key_and_comes_back_with_it(
    gateway: httpx.AsyncClient,
) -> None:
    created = await gateway.post("/auth/anonymous")
    assert created.status_code == 201
    body = created.json()
    assert body["reporter_key"].startswith("prk_")
    assert len(body["reporter_key"]) >= 40
    claims = jwt.decode(body["access_token"], options={"verify_signature": False})
    assert claims["sub"] == body["reporter_id"]
    assert claims["anon"] is True
    assert claims["roles"] == ["citizen"]

    # Later, on another device: the key alone signs the reporter in as the same principal.
    again = await gateway.post(
        "/auth/token", data={"grant_type": REPORTER_KEY_GRANT, "reporter_key": body["reporter_key"]}
    )
    assert again.status_code == 200
    again_claims = jwt.decode(again.json()["access_token"], options={"verify_signature": False})
    assert again_claims["sub"] == body["reporter_id"]
    refreshed = await gateway.post(
        "/auth/token",
        data={"grant_type": "refresh_token", "refresh_token": again.json()["refresh_token"]},
    )
    assert refreshed.status_code == 200

    wrong = await gateway.post(
        "/auth/token", data={"grant_type": REPORTER_KEY_GRANT, "reporter_key": "prk_guess"}
    )
    assert wrong.status_code == 400
    assert wrong.json()["error"] == "invalid_grant"


async def _every_row_as_text(app: Any) -> str:
    async with app.state.database.engine.connect() as conn:
        tables = (
            await conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))
        ).scalars()
        dump = []
        for table in list(tables):
            rows = await conn.execute(text(f'SELECT t::text FROM "{table}" t'))  # noqa: S608
            dump.extend(r[0] for r in rows)
    return "\n".join(dump)


async def test_nothing_about_the_person_is_stored_or_logged(
    gateway_settings: Any, capfd: pytest.CaptureFixture[str]
) -> None:
    settings = gateway_settings()
    user_agent = f"PeelianApp/3.1 (Pixel 9; Android 16) probe-{uuid.uuid4().hex}"
    app = create_app(settings)
    async with app_client(app):
        transport = httpx.ASGITransport(app=app, client=(CLIENT_IP, 40123))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            headers = {"User-Agent": user_agent, "X-Forwarded-For": FORWARDED_IP}
            created = await client.post("/auth/anonymous", headers=headers)
            assert created.status_code == 201
            body = created.json()
            exchanged = await client.post(
                "/auth/token",
                headers=headers,
                data={"grant_type": REPORTER_KEY_GRANT, "reporter_key": body["reporter_key"]},
            )
            assert exchanged.status_code == 200
            await client.get("/accounts/me", headers={**headers, **bearer(body)})

        rows = await _every_row_as_text(app)
        assert body["reporter_id"] in rows  # the dump does see the reporter's row...
        for secret in (CLIENT_IP, FORWARDED_IP, user_agent, "Pixel 9", body["reporter_key"]):
            assert secret not in rows  # ... and nothing about the person, nor the key itself

        store = redis.Redis.from_url(settings.redis_url)
        try:
            keys = [k.decode() async for k in store.scan_iter(f"{settings.redis_prefix}*")]
            values = [str(await store.dump(k)) for k in keys]
        finally:
            await store.aclose()
        for secret in (CLIENT_IP, FORWARDED_IP, user_agent):
            assert not any(secret in item for item in keys + values)

    logged = capfd.readouterr()
    output = logged.out + logged.err
    assert '"path":"/auth/anonymous"' in output  # the calls were logged...
    for secret in (CLIENT_IP, FORWARDED_IP, user_agent, body["reporter_key"]):
        assert secret not in output  # ... without the person's address, agent or key
