"""Request dependencies shared by the surveys service's domains."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends, Path, Query

from peelian.auth import require_role
from peelian.auth.principal import Principal, Role
from peelian.db.engine import Database, SessionDep, get_database
from peelian.state import app_state
from surveys.builder.models import Survey
from surveys.builder.service import SurveyService
from surveys.config import SurveysSettings
from surveys.responses.tokens import ResponseTokens

SettingsDep = Annotated[SurveysSettings, Depends(app_state("settings"))]
TokensDep = Annotated[ResponseTokens, Depends(app_state("response_tokens"))]
DatabaseDep = Annotated[Database, Depends(get_database)]
# The force's own people build surveys and read their results.
StaffDep = Annotated[Principal, require_role(Role.OFFICER, Role.SUPERVISOR, Role.ADMIN)]
LanguageQuery = Annotated[
    str | None,
    Query(
        alias="lang",
        max_length=35,
        pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$",
        description="The reader's language (BCP 47); texts fall back to the survey's default",
    ),
]


async def _survey(
    survey_id: Annotated[uuid.UUID, Path(description="The survey's id")], session: SessionDep
) -> Survey:
    return await SurveyService(session).get(survey_id)


async def _survey_for_update(
    survey_id: Annotated[uuid.UUID, Path(description="The survey's id")], session: SessionDep
) -> Survey:
    # The row lock serialises changes to one survey (versions, publishing, closing).
    return await SurveyService(session).get(survey_id, for_update=True)


async def _linked(
    slug: Annotated[str, Path(max_length=32, description="The survey's link")],
    session: SessionDep,
) -> Survey:
    return await SurveyService(session).by_slug(slug)


SurveyOr404 = Annotated[Survey, Depends(_survey)]
SurveyForUpdate = Annotated[Survey, Depends(_survey_for_update)]
# The survey a public link names, whatever its state (the services decide what it shows).
LinkedSurvey = Annotated[Survey, Depends(_linked)]
