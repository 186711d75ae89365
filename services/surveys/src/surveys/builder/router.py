"""Builder routes (/surveys): officers write, version, distribute, publish and close surveys."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, status

from peelian.db.engine import SessionDep
from peelian.errors import Forbidden, Unauthorized, error_responses
from peelian.pagination import InvalidCursor, Page, PageParamsDep
from surveys.builder.content import SurveyContent
from surveys.builder.exceptions import (
    InvalidDistribution,
    InvalidSurveyState,
    QuestionKindChanged,
    SurveyNotFound,
    UnknownArea,
    VersionNotFound,
    VersionPublished,
)
from surveys.builder.models import Status, SurveyVersion
from surveys.builder.schemas import (
    ResultsVisibility,
    SurveyCreate,
    SurveyRead,
    SurveySummary,
    SurveyUpdate,
    VersionRead,
)
from surveys.builder.service import SurveyService
from surveys.dependencies import StaffDep, SurveyForUpdate, SurveyOr404

router = APIRouter(
    prefix="/surveys",
    tags=["surveys"],
    responses=error_responses(Unauthorized, Forbidden, SurveyNotFound),
)


def _service(session: SessionDep) -> SurveyService:
    return SurveyService(session)


SurveyServiceDep = Annotated[SurveyService, Depends(_service)]
VersionNumber = Annotated[int, Path(ge=1, le=10_000, description="The version's number")]
_STATE = error_responses(InvalidSurveyState)


def _version(version: SurveyVersion) -> VersionRead:
    return VersionRead.model_validate(
        {
            "survey_id": version.survey_id,
            "number": version.number,
            "published": version.published_at is not None,
            "published_at": version.published_at,
            "published_by": version.published_by,
            "content": version.content,
            "created_at": version.created_at,
            "updated_at": version.updated_at,
        }
    )


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses=error_responses(InvalidDistribution, UnknownArea),
)
async def create_survey(
    principal: StaffDep, data: SurveyCreate, surveys: SurveyServiceDep
) -> SurveyRead:
    """Write a draft survey: its distribution and its first version's questions."""
    return await surveys.render(await surveys.create(principal, data))


@router.get("", responses=error_responses(InvalidCursor))
async def list_surveys(
    _: StaffDep,
    surveys: SurveyServiceDep,
    page: PageParamsDep,
    status: Annotated[Status | None, Query(description="Only surveys in this state")] = None,
) -> Page[SurveySummary]:
    """Every survey, newest first."""
    return await surveys.page(page, status)


@router.get("/{survey_id}")
async def read_survey(_: StaffDep, survey: SurveyOr404, surveys: SurveyServiceDep) -> SurveyRead:
    """A survey in any state, with its live and draft version numbers and response count."""
    return await surveys.render(survey)


@router.patch(
    "/{survey_id}", responses={**_STATE, **error_responses(InvalidDistribution, UnknownArea)}
)
async def update_survey(
    _: StaffDep, data: SurveyUpdate, survey: SurveyForUpdate, surveys: SurveyServiceDep
) -> SurveyRead:
    """Change who is asked and when (only the closing time, once published)."""
    return await surveys.render(await surveys.update(survey, data))


@router.get("/{survey_id}/versions/{number}", responses=error_responses(VersionNotFound))
async def read_version(
    _: StaffDep, number: VersionNumber, survey: SurveyOr404, surveys: SurveyServiceDep
) -> VersionRead:
    """One version's content, in every language."""
    return _version(await surveys.version(survey, number))


@router.put(
    "/{survey_id}/versions/{number}",
    responses=error_responses(VersionNotFound, VersionPublished, QuestionKindChanged),
)
async def edit_version(
    _: StaffDep,
    number: VersionNumber,
    content: SurveyContent,
    survey: SurveyForUpdate,
    surveys: SurveyServiceDep,
) -> VersionRead:
    """Replace a draft version's content; a published version is never edited in place."""
    return _version(await surveys.edit_version(survey, number, content))


@router.post(
    "/{survey_id}/versions",
    status_code=status.HTTP_201_CREATED,
    responses={**_STATE, **error_responses(QuestionKindChanged)},
)
async def new_version(
    _: StaffDep, content: SurveyContent, survey: SurveyForUpdate, surveys: SurveyServiceDep
) -> VersionRead:
    """Start the next version of a published survey (a draft until published)."""
    return _version(await surveys.new_version(survey, content))


@router.post("/{survey_id}/publish", responses={**_STATE, **error_responses(InvalidDistribution)})
async def publish_survey(
    principal: StaffDep, survey: SurveyForUpdate, surveys: SurveyServiceDep
) -> SurveyRead:
    """Publish the draft version: the survey opens, or its live version moves on."""
    return await surveys.render(await surveys.publish(principal, survey))


@router.post("/{survey_id}/close", responses=_STATE)
async def close_survey(
    principal: StaffDep, survey: SurveyForUpdate, surveys: SurveyServiceDep
) -> SurveyRead:
    """Close a survey now: it takes no more responses."""
    return await surveys.render(await surveys.close(survey, principal))


@router.put("/{survey_id}/results-visibility", responses=_STATE)
async def set_results_visibility(
    _: StaffDep, data: ResultsVisibility, survey: SurveyForUpdate, surveys: SurveyServiceDep
) -> SurveyRead:
    """Publish the aggregate results to everyone with the link, or withdraw them."""
    return await surveys.render(await surveys.set_results_public(survey, data.public))
