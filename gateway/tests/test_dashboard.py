"""The dashboard at /dashboard/: its built files with the right caching, index.html for its
client-side routes, nothing outside its folder, a clear error when it was never built, and a
page policy that lets evidence from the object store show."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from gateway.config import GatewaySettings
from gateway.dashboard.service import DashboardFiles
from gateway.main import create_app
from peelian.errors import NotFound
from peelian.testing.plugin import app_client

pytestmark = pytest.mark.integration

INDEX = "<!doctype html><title>Peelian dashboard</title>"
SCRIPT = "console.log('dashboard');"
REPORT = "reports/0b9c4d4e-3f5a-4a7e-9d2c-1e8f7a6b5c4d"

Dashboard = Callable[..., AbstractAsyncContextManager[httpx.AsyncClient]]


@pytest.fixture
def built(tmp_path: Path) -> Path:
    """A built dashboard as Vite leaves it, and a secret beside it that must stay there."""
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text(INDEX)
    (dist / "assets" / "index-Bx7f3k9Q.js").write_text(SCRIPT)
    (dist / "favicon.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (tmp_path / "secret.txt").write_text("not for browsers")
    (dist / "leak.txt").symlink_to(tmp_path / "secret.txt")
    return dist


@pytest.fixture
def dashboard(gateway_settings: Callable[..., GatewaySettings]) -> Dashboard:
    """``async with dashboard(folder, **settings) as client``: a gateway serving ``folder``."""

    @asynccontextmanager
    async def start(folder: Path, **overrides: Any) -> AsyncIterator[httpx.AsyncClient]:
        app = create_app(gateway_settings(dashboard_dir=folder, **overrides))
        async with app_client(app) as client:
            yield client

    return start


async def test_the_app_and_its_client_side_routes_get_index_html(
    dashboard: Dashboard, built: Path
) -> None:
    async with dashboard(built) as client:
        bare = await client.get("/dashboard")
        root = await client.get("/dashboard/")
        deep = await client.get(f"/dashboard/{REPORT}")
        head = await client.head(f"/dashboard/{REPORT}")

    assert bare.status_code == 308
    assert bare.headers["location"] == "/dashboard/"
    for page in (root, deep):
        assert page.status_code == 200
        assert page.text == INDEX
        assert page.headers["content-type"].startswith("text/html")
        # index.html names the current hashed assets: checked again on every load.
        assert page.headers["cache-control"] == "no-cache"
    assert head.status_code == 200
    assert head.content == b""


async def test_built_files_are_served_with_their_type_and_cache_lifetime(
    dashboard: Dashboard, built: Path
) -> None:
    async with dashboard(built) as client:
        script = await client.get("/dashboard/assets/index-Bx7f3k9Q.js")
        icon = await client.get("/dashboard/favicon.svg")
        stale = await client.get("/dashboard/assets/index-OLD.js")

    assert script.status_code == 200
    assert script.text == SCRIPT
    assert script.headers["content-type"].startswith("text/javascript")
    assert script.headers["cache-control"] == "public, max-age=31536000, immutable"
    # Not hashed: its name stays when its content changes.
    assert icon.status_code == 200
    assert icon.headers["content-type"].startswith("image/svg+xml")
    assert icon.headers["cache-control"] == "no-cache"
    # An asset an old index.html names is missing, not an HTML page in a script's place.
    assert stale.status_code == 404
    assert stale.json()["error"] == "not_found"


@pytest.mark.parametrize(
    "path",
    [
        "/dashboard/%2e%2e/secret.txt",
        "/dashboard/..%2fsecret.txt",
        "/dashboard//etc/passwd",
        "/dashboard/leak.txt",
        "/dashboard/assets/%00.js",
        "/dashboard/" + "x" * 4096,
    ],
)
async def test_nothing_outside_the_folder_is_served(
    dashboard: Dashboard, built: Path, path: str
) -> None:
    async with dashboard(built) as client:
        response = await client.get(path)

    assert response.status_code == 404, response.text
    assert "not for browsers" not in response.text
    assert "root:" not in response.text


def test_paths_resolve_inside_the_folder_only(built: Path) -> None:
    files = DashboardFiles(built)
    for path in ("../secret.txt", "assets/../../secret.txt", "/etc/passwd", "leak.txt"):
        with pytest.raises(NotFound):
            files.find(path)
    assert files.find("assets/../favicon.svg").path == built.resolve() / "favicon.svg"


@pytest.mark.parametrize("state", ["no folder", "no index"])
async def test_a_dashboard_never_built_says_how_to_build_it(
    dashboard: Dashboard, tmp_path: Path, state: str
) -> None:
    folder = tmp_path / "dist"
    if state == "no index":
        (folder / "assets").mkdir(parents=True)
    async with dashboard(folder) as client:
        root = await client.get("/dashboard/")
        deep = await client.get(f"/dashboard/{REPORT}")

    for response in (root, deep):
        assert response.status_code == 503
        assert response.json() == {
            "error": "dashboard_not_built",
            "detail": {"message": "the dashboard is not built: run make dashboard"},
        }


async def test_the_page_policy_lets_evidence_show_from_the_object_store(
    dashboard: Dashboard, built: Path
) -> None:
    async with dashboard(built, evidence_origin="https://evidence.example.org/") as client:
        page = await client.get(f"/dashboard/{REPORT}")
        api = await client.get("/healthz")

    policy = dict(
        directive.strip().split(" ", 1)
        for directive in page.headers["content-security-policy"].split(";")
    )
    assert policy["img-src"] == "'self' data: blob: https://evidence.example.org"
    assert policy["media-src"] == "'self' blob: https://evidence.example.org"
    # Vite's build has no inline script: scripts come from the gateway's own files only.
    assert policy["default-src"] == "'self'"
    assert "script-src" not in policy
    assert policy["connect-src"] == "'self'"
    assert "evidence.example.org" not in api.headers["content-security-policy"]


@pytest.mark.parametrize(
    "origin",
    [
        "http://127.0.0.1:9000; script-src *",
        "https://evidence.example.org/bucket",
        "ftp://evidence.example.org",
        "evidence.example.org",
    ],
)
def test_the_evidence_origin_must_be_a_bare_origin(origin: str) -> None:
    with pytest.raises(ValidationError):
        GatewaySettings(evidence_origin=origin)
