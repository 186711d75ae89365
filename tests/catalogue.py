"""Every deployable app of the platform, for tests that cover them all alike."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI

import gateway.config
import gateway.main
import messaging.config
import messaging.main
import referrals.config
import referrals.main
import reporting.config
import reporting.main
import scheduling.config
import scheduling.main
import surveys.config
import surveys.main
from peelian.settings import BaseServiceSettings

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class App:
    name: str
    create_app: Callable[[Any], FastAPI]
    settings: type[BaseServiceSettings]
    alembic_ini: Path


APPS = [
    App(
        "gateway",
        gateway.main.create_app,
        gateway.config.GatewaySettings,
        ROOT / "gateway/alembic.ini",
    ),
    App(
        "reporting",
        reporting.main.create_app,
        reporting.config.ReportingSettings,
        ROOT / "services/reporting/alembic.ini",
    ),
    App(
        "messaging",
        messaging.main.create_app,
        messaging.config.MessagingSettings,
        ROOT / "services/messaging/alembic.ini",
    ),
    App(
        "surveys",
        surveys.main.create_app,
        surveys.config.SurveysSettings,
        ROOT / "services/surveys/alembic.ini",
    ),
    App(
        "scheduling",
        scheduling.main.create_app,
        scheduling.config.SchedulingSettings,
        ROOT / "services/scheduling/alembic.ini",
    ),
    App(
        "referrals",
        referrals.main.create_app,
        referrals.config.ReferralsSettings,
        ROOT / "services/referrals/alembic.ini",
    ),
]
