"""Results routes: the force's live results, free text and exports (/surveys/{id}/...), and
the results citizens may read once published (/survey-links/{slug}/results)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import StreamingResponse

from peelian.db.engine import SessionDep
from peelian.errors import Forbidden, Unauthorized, error_responses
from peelian.pagination import InvalidCursor, Page, PageParamsDep
from surveys.builder.content import Slug
from surveys.builder.exceptions import SurveyNotFound, VersionNotFound
from surveys.builder.models import Survey
from surveys.dependencies import (
    DatabaseDep,
    LanguageQuery,
    LinkedSurvey,
    SettingsDep,
    StaffDep,
    SurveyOr404,
)
from surveys.results.exceptions import InvalidQuestion, ResultsNotPublic
from surveys.results.schemas import ResultsRead, TextAnswer
from surveys.results.service import ResultsService

router = APIRouter(
    prefix="/surveys",
    tags=["survey results"],
    responses=error_responses(Unauthorized, Forbidden, SurveyNotFound),
)
public = APIRouter(prefix="/survey-links", tags=["survey responses"])


def _service(session: SessionDep, settings: SettingsDep) -> ResultsService:
    return ResultsService(session, settings.suppress_below)


ResultsServiceDep = Annotated[ResultsService, Depends(_service)]


@router.get("/{survey_id}/results", responses=error_responses(InvalidQuestion, VersionNotFound))
async def read_results(
    _: StaffDep,
    survey: SurveyOr404,
    results: ResultsServiceDep,
    language: LanguageQuery = None,
    version: Annotated[int | None, Query(ge=1, description="Only this version's responses")] = None,
    by: Annotated[Slug | None, Query(description="Cross-tabulate by this question")] = None,
) -> ResultsRead:
    """Live results per question; small breakdowns are suppressed."""
    return await results.read(survey, language=language, version=version, by=by)


@router.get(
    "/{survey_id}/results/text/{question}",
    responses=error_responses(InvalidQuestion, InvalidCursor),
)
async def list_text_answers(
    _: StaffDep,
    question: Slug,
    survey: SurveyOr404,
    results: ResultsServiceDep,
    page: PageParamsDep,
) -> Page[TextAnswer]:
    """The answers to a free-text question, the latest day first."""
    return await results.texts(survey, question, page)


@router.get(
    "/{survey_id}/export.csv",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/csv": {}}, "description": "Every response, as CSV"}},
)
async def export_csv(
    _: StaffDep, survey: SurveyOr404, results: ResultsServiceDep, database: DatabaseDep
) -> StreamingResponse:
    """Every response as CSV: fixed columns, then one per question in the order first asked."""
    return _download(results.export_csv(survey, database), survey, "csv", "text/csv; charset=utf-8")


@router.get(
    "/{survey_id}/export.json",
    response_class=StreamingResponse,
    responses={200: {"content": {"application/json": {}}, "description": "Every response"}},
)
async def export_json(
    _: StaffDep, survey: SurveyOr404, results: ResultsServiceDep, database: DatabaseDep
) -> StreamingResponse:
    """Every response as JSON, with the questions and the same columns as the CSV."""
    body = await results.export_json(survey, database)
    return _download(body, survey, "json", "application/json")


def _download(
    body: AsyncIterator[bytes], survey: Survey, extension: str, media_type: str
) -> StreamingResponse:
    """A streamed export, saved by browsers as survey-<slug>.<extension>."""
    disposition = f'attachment; filename="survey-{survey.slug}.{extension}"'
    return StreamingResponse(
        body, media_type=media_type, headers={"Content-Disposition": disposition}
    )


@public.get("/{slug}/results", responses=error_responses(SurveyNotFound, ResultsNotPublic))
async def read_public_results(
    survey: LinkedSurvey, results: ResultsServiceDep, language: LanguageQuery = None
) -> ResultsRead:
    """A survey's aggregate results, once the force has published them."""
    return await results.public(survey, language)
