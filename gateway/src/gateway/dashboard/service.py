"""Which file of the built dashboard answers a path under /dashboard/, and for how long it may
be cached."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from gateway.dashboard.exceptions import DashboardNotBuilt
from peelian.errors import NotFound

# Vite names every file under assets/ by a hash of its content: a changed file gets a new name,
# so browsers may keep these for a year without asking again.
HASHED = "assets"
IMMUTABLE = "public, max-age=31536000, immutable"
# index.html names the current hashed files: browsers must check it on every load, or after a
# deployment they would ask for assets that no longer exist.
REVALIDATE = "no-cache"


@dataclass(frozen=True)
class DashboardFile:
    path: Path
    cache_control: str


class DashboardFiles:
    """The files of one built dashboard folder (``GATEWAY_DASHBOARD_DIR``)."""

    def __init__(self, folder: Path) -> None:
        self.root = folder.resolve()
        self.index = self.root / "index.html"

    def find(self, path: str) -> DashboardFile:
        """The file at ``path`` (relative to /dashboard/) if the build has one; otherwise
        index.html, because every other path is one of the app's own client-side routes."""
        if not self.index.is_file():
            raise DashboardNotBuilt("the dashboard is not built: run make dashboard")
        if not path:
            return DashboardFile(self.index, REVALIDATE)
        try:
            # Resolved first, so that neither ".." nor a symbolic link leads out of the folder.
            candidate = (self.root / path).resolve()
            is_file = candidate.is_file()
        except (OSError, ValueError):  # a NUL byte, a name too long for the file system
            raise NotFound("nothing is served at this path") from None
        if not candidate.is_relative_to(self.root):
            raise NotFound("nothing is served at this path")
        if is_file:
            hashed = candidate.parent == self.root / HASHED
            return DashboardFile(candidate, IMMUTABLE if hashed else REVALIDATE)
        # A missing asset is an old index.html or a typo: HTML in place of a script would only
        # fail later, with a confusing type error in the browser.
        if candidate.is_relative_to(self.root / HASHED):
            raise NotFound(f"the dashboard has no file {path}")
        return DashboardFile(self.index, REVALIDATE)
