"""The command line every service's seed module shares: `python -m <app>.seed`.

deploy/native/services.sh seeds each app the same way and passes ``--credentials-file`` to all
of them; only the gateway's seed makes credentials (it has a command of its own), the others
accept and ignore it.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, TypeVar

from peelian.logging import configure_logging
from peelian.settings import BaseServiceSettings

S = TypeVar("S", bound=BaseServiceSettings)


def seed_command(
    app: str, doc: str, settings: Callable[[], S], run: Callable[[S], Coroutine[Any, Any, str]]
) -> None:
    """Parse the seeding convention's arguments, run ``run`` with the app's settings and print
    the one-line summary it returns."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument(
        "--credentials-file", type=Path, help="the gateway's seed writes it; this one makes none"
    )
    parser.parse_args()
    loaded = settings()
    # Warnings only: a line per sample would bury `make up`'s summary.
    configure_logging(f"{app}-seed", "WARNING", loaded.log_json)
    sys.stdout.write(f"{app}: {asyncio.run(run(loaded))}\n")
