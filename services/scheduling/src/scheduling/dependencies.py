"""Request dependencies shared by the scheduling service's domains."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from peelian.auth import require_role
from peelian.auth.principal import Principal, Role
from peelian.state import app_state
from scheduling.config import SchedulingSettings

SettingsDep = Annotated[SchedulingSettings, Depends(app_state("settings"))]
# The force's own people: officers, supervisors and admins.
StaffDep = Annotated[Principal, require_role(Role.OFFICER, Role.SUPERVISOR, Role.ADMIN)]
# Those who keep the catalogue and other people's schedules.
ManagerDep = Annotated[Principal, require_role(Role.SUPERVISOR, Role.ADMIN)]
# Whoever books: citizens, signed in or with a reporter key.
CitizenDep = Annotated[Principal, require_role(Role.CITIZEN)]
