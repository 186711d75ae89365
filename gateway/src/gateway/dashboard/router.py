"""The dashboard at /dashboard/: its built files, and index.html for its client-side routes.

Not in the API document: these are the pages of a browser app, not API operations.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, status
from fastapi.responses import FileResponse, RedirectResponse

from gateway.dashboard.service import DashboardFiles
from peelian.state import app_state

DashboardFilesDep = Annotated[DashboardFiles, Depends(app_state("dashboard_files"))]

router = APIRouter(include_in_schema=False)


@router.api_route("/dashboard", methods=["GET", "HEAD"])
async def dashboard_root() -> RedirectResponse:
    """The dashboard's address ends in a slash: its pages and assets are relative to it."""
    return RedirectResponse("/dashboard/", status_code=status.HTTP_308_PERMANENT_REDIRECT)


@router.api_route("/dashboard/{path:path}", methods=["GET", "HEAD"])
async def dashboard_file(path: str, files: DashboardFilesDep) -> FileResponse:
    """A file of the built dashboard, or its index.html for any of the app's own routes."""
    found = files.find(path)
    return FileResponse(found.path, headers={"Cache-Control": found.cache_control})
