"""Dependencies handing out what an app's lifespan built (``app.state.<name>``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import Request


def app_state(name: str) -> Callable[[Request], Any]:
    """A dependency returning ``app.state.<name>``: ``Annotated[X, Depends(app_state("x"))]``."""

    def get(request: Request) -> Any:
        return getattr(request.app.state, name)

    return get
