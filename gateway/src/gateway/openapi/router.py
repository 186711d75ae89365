"""The API document at /openapi.json, and Swagger UI at /docs from local files only.

No CDN (users may have no internet) and no inline script (the pages run under a
Content-Security-Policy of ``script-src 'self'``): the start-up script is a file of its own.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request, Response
from fastapi.responses import FileResponse
from swagger_ui_bundle import swagger_ui_path  # type: ignore[import-untyped]

from gateway.openapi.document import ApiDocument
from peelian.errors import NotFound

STATIC = Path(__file__).resolve().parent / "static"
SWAGGER_UI = Path(str(swagger_ui_path))

# Everything /docs/static/ serves, by name: a fixed list, so no path reaches the disk.
ASSETS: dict[str, Path] = {
    "swagger-init.js": STATIC / "swagger-init.js",
    **{
        name: SWAGGER_UI / name
        for name in (
            "swagger-ui.css",
            "swagger-ui-bundle.js",
            "oauth2-redirect.html",
            "oauth2-redirect.js",
            "favicon-16x16.png",
            "favicon-32x32.png",
        )
    },
}

router = APIRouter(include_in_schema=False)


@router.get("/openapi.json")
async def openapi_document(request: Request) -> Response:
    """The platform's OpenAPI 3.1 document: the gateway's and every service's public routes."""
    document: ApiDocument = request.app.state.api_document
    return Response(await document.render(), media_type="application/json")


@router.get("/docs")
async def swagger_ui() -> FileResponse:
    """Swagger UI over the platform's OpenAPI document, served from the gateway itself."""
    return FileResponse(STATIC / "docs.html", media_type="text/html; charset=utf-8")


@router.get("/docs/static/{name}")
async def swagger_ui_asset(name: str) -> FileResponse:
    """One file of Swagger UI or of its start-up, from a fixed list."""
    path = ASSETS.get(name)
    if path is None:
        raise NotFound(f"no such file: {name}")
    return FileResponse(path, headers={"Cache-Control": "public, max-age=3600"})
