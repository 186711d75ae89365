"""What the end-to-end tests share: a gateway's settings over the test infrastructure."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from gateway.config import GatewaySettings
from gateway.routing.table import DEFAULT_UPSTREAMS
from peelian.testing.infra import Infra
from peelian.testing.tokens import TEST_AUDIENCE, TEST_ISSUER

ROOT = Path(__file__).resolve().parent.parent


def alembic_ini(folder: str) -> Path:
    """The Alembic configuration of the app in ``folder`` (e.g. "services/reporting")."""
    return ROOT / folder / "alembic.ini"


def gateway_settings(
    infra: Infra, database_url: str, upstreams: dict[str, str], **overrides: Any
) -> GatewaySettings:
    """A gateway in front of ``upstreams`` (the rest of the table keeps its defaults), with
    cheap password hashing and a Redis prefix of its own."""
    values: dict[str, Any] = {
        "environment": "test",
        "database_url": database_url,
        "redis_url": infra.redis_url,
        "redis_prefix": f"e2e:{uuid.uuid4().hex[:8]}:",
        "kafka_bootstrap_servers": infra.kafka_bootstrap,
        "jwt_issuer": TEST_ISSUER,
        "jwt_audience": TEST_AUDIENCE,
        "run_workers": False,
        "upstreams": {**DEFAULT_UPSTREAMS, **upstreams},
        "argon2_time_cost": 1,
        "argon2_memory_kib": 1024,
        "argon2_parallelism": 1,
    }
    return GatewaySettings(**{**values, **overrides})
