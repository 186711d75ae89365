"""Request dependencies shared by the reporting service's domains."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from peelian.auth import require_role
from peelian.auth.principal import Principal, Role
from peelian.state import app_state
from peelian.storage import ObjectStore
from reporting.config import ReportingSettings

SettingsDep = Annotated[ReportingSettings, Depends(app_state("settings"))]
ObjectStoreDep = Annotated[ObjectStore, Depends(app_state("object_store"))]

# The force's own people: officers, supervisors and admins.
StaffDep = Annotated[Principal, require_role(Role.OFFICER, Role.SUPERVISOR, Role.ADMIN)]
AdminDep = Annotated[Principal, require_role(Role.ADMIN)]
