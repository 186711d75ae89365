"""Errors, validation, correlation ids and pagination, on a small app over the real database."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Annotated

import httpx
import pytest
from fastapi import Depends, FastAPI
from pydantic import BaseModel, Field
from sqlalchemy.ext.asyncio import AsyncSession

from peelian.auth import PrincipalDep, Role, require_role
from peelian.auth.verifier import JWKSSource, JWTVerifier
from peelian.db.engine import SessionDep
from peelian.db.repository import BaseRepository
from peelian.errors import NotFound, install_error_handlers
from peelian.logging import CorrelationIdMiddleware, current_correlation_id
from peelian.pagination import Page, PageParamsDep
from peelian.testing.plugin import use_session
from peelian.testing.tokens import TEST_AUDIENCE, TEST_ISSUER, TestKeys
from widgets import Widget

pytestmark = pytest.mark.integration


class WidgetCreate(BaseModel):
    name: str = Field(min_length=1, max_length=100)


class WidgetRead(BaseModel):
    id: uuid.UUID
    name: str


class WidgetRepository(BaseRepository[Widget]):
    model = Widget


def build_app(keys: TestKeys) -> FastAPI:
    app = FastAPI()
    install_error_handlers(app)
    app.add_middleware(CorrelationIdMiddleware)
    app.state.verifier = JWTVerifier(
        JWKSSource.from_json(keys.jwks_json), issuer=TEST_ISSUER, audience=TEST_AUDIENCE
    )

    @app.post("/widgets", status_code=201)
    async def create(body: WidgetCreate, session: SessionDep, _: PrincipalDep) -> WidgetRead:
        widget = await WidgetRepository(session).add(Widget(name=body.name))
        return WidgetRead.model_validate(widget, from_attributes=True)

    @app.get("/widgets")
    async def list_(session: SessionDep, page: PageParamsDep) -> Page[WidgetRead]:
        repo = WidgetRepository(session)
        return Page.of(await repo.paginate(repo.select(), page), WidgetRead)

    @app.get("/widgets/{widget_id}")
    async def get(widget_id: uuid.UUID, session: SessionDep) -> WidgetRead:
        widget = await WidgetRepository(session).get(widget_id)
        if widget is None:
            raise NotFound("no widget with this id")
        return WidgetRead.model_validate(widget, from_attributes=True)

    @app.get("/admin-only", dependencies=[require_role(Role.ADMIN)])
    async def admin_only() -> dict[str, str | None]:
        return {"correlation_id": current_correlation_id()}

    @app.get("/boom")
    async def boom(_: Annotated[None, Depends(lambda: None)]) -> None:
        raise RuntimeError("secret internals")

    return app


@pytest.fixture
async def client(session: AsyncSession, test_keys: TestKeys) -> AsyncIterator[httpx.AsyncClient]:
    app = build_app(test_keys)
    use_session(app, session)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        yield c


async def test_typed_errors_and_validation_share_one_shape(
    client: httpx.AsyncClient, test_keys: TestKeys
) -> None:
    missing = await client.get(f"/widgets/{uuid.uuid4()}")
    assert missing.status_code == 404
    assert missing.json() == {"error": "not_found", "detail": {"message": "no widget with this id"}}

    invalid = await client.post("/widgets", json={"name": ""}, headers=test_keys.auth())
    assert invalid.status_code == 422
    body = invalid.json()
    assert body["error"] == "validation_error"
    assert body["detail"]["errors"][0]["loc"] == ["body", "name"]
    assert "input" not in body["detail"]["errors"][0], "inputs are never echoed back"

    unauthenticated = await client.post("/widgets", json={"name": "x"})
    assert unauthenticated.status_code == 401
    assert unauthenticated.headers["www-authenticate"] == "Bearer"

    forbidden = await client.get("/admin-only", headers=test_keys.auth(roles=[Role.CITIZEN]))
    assert forbidden.status_code == 403
    assert "admin" in forbidden.json()["detail"]["message"]

    crash = await client.get("/boom")
    assert crash.status_code == 500
    assert "secret internals" not in crash.text


async def test_correlation_id_is_kept_or_created(
    client: httpx.AsyncClient, test_keys: TestKeys
) -> None:
    admin = test_keys.auth(roles=[Role.ADMIN])
    given = await client.get("/admin-only", headers={**admin, "X-Correlation-ID": "abc-123"})
    assert given.headers["x-correlation-id"] == "abc-123"
    assert given.json()["correlation_id"] == "abc-123"
    spoofed = await client.get("/admin-only", headers={**admin, "X-Correlation-ID": "bad\nid"})
    assert spoofed.headers["x-correlation-id"] != "bad\nid"
    assert uuid.UUID(spoofed.headers["x-correlation-id"])


async def test_keyset_pagination_walks_every_row_once(
    client: httpx.AsyncClient, test_keys: TestKeys
) -> None:
    auth = test_keys.auth()
    created = {
        (await client.post("/widgets", json={"name": f"w{i}"}, headers=auth)).json()["id"]
        for i in range(7)
    }
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        page = (await client.get("/widgets", params=params)).json()
        seen.extend(item["id"] for item in page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert set(seen) == created
    assert len(seen) == 7

    bad = await client.get("/widgets", params={"cursor": "not-a-cursor"})
    assert bad.status_code == 400
    assert bad.json()["error"] == "invalid_cursor"
    too_many = await client.get("/widgets", params={"limit": 1000})
    assert too_many.status_code == 422


async def test_transactional_isolation_leaves_no_rows(client: httpx.AsyncClient) -> None:
    # The previous test created widgets; each test's transaction is rolled back.
    assert (await client.get("/widgets")).json()["items"] == []
