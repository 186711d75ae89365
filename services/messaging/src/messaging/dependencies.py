"""Request dependencies shared by the messaging service's domains."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from messaging.config import MessagingSettings
from peelian.auth import require_role
from peelian.auth.principal import Principal, Role
from peelian.state import app_state

SettingsDep = Annotated[MessagingSettings, Depends(app_state("settings"))]
StaffDep = Annotated[Principal, require_role(Role.OFFICER, Role.SUPERVISOR, Role.ADMIN)]
CitizenDep = Annotated[Principal, require_role(Role.CITIZEN)]
