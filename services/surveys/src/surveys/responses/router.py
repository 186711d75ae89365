"""Respondents' routes (/survey-links/{slug}): read a survey by its public link, take the one
response token, save and resume a partial response, submit."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, status

from peelian.auth import OptionalPrincipalDep
from peelian.db.engine import SessionDep
from peelian.errors import Unauthorized, error_responses
from surveys.builder.exceptions import SurveyNotFound, VersionNotFound
from surveys.dependencies import LanguageQuery, LinkedSurvey, TokensDep
from surveys.responses.exceptions import (
    AlreadyResponded,
    DraftNotFound,
    HiddenQuestionAnswered,
    InvalidAnswer,
    InvalidResponseToken,
    MissingAnswer,
    NotInAudience,
    RespondentsOnly,
    SignInRequired,
    SurveyClosed,
    SurveyNotOpen,
    TokenAlreadyIssued,
    UnknownOption,
    UnknownQuestion,
)
from surveys.responses.schemas import (
    DraftRead,
    DraftWrite,
    FormRead,
    Receipt,
    ResponseSubmit,
    TokenBody,
    TokenRead,
)
from surveys.responses.service import ResponseService

router = APIRouter(
    prefix="/survey-links", tags=["survey responses"], responses=error_responses(SurveyNotFound)
)


def _service(session: SessionDep, tokens: TokensDep) -> ResponseService:
    return ResponseService(session, tokens)


ResponseServiceDep = Annotated[ResponseService, Depends(_service)]
# Every error an answer can meet (the first problem's class; detail names the question).
_ANSWERS = error_responses(
    InvalidAnswer, UnknownOption, MissingAnswer, HiddenQuestionAnswered, UnknownQuestion
)
_OPEN = error_responses(SurveyNotOpen, SurveyClosed)


@router.get("/{slug}")
async def read_form(
    survey: LinkedSurvey, responses: ResponseServiceDep, language: LanguageQuery = None
) -> FormRead:
    """A published survey's live version in your language: anyone with the link may read it."""
    return await responses.form(survey, language)


@router.post(
    "/{slug}/token",
    status_code=status.HTTP_201_CREATED,
    responses={
        **_OPEN,
        **error_responses(
            Unauthorized,
            RespondentsOnly,
            SignInRequired,
            NotInAudience,
            TokenAlreadyIssued,
            AlreadyResponded,
        ),
    },
)
async def take_token(
    survey: LinkedSurvey, principal: OptionalPrincipalDep, responses: ResponseServiceDep
) -> TokenRead:
    """Take your one-time response token (signed in, or with an anonymous reporter key)."""
    return await responses.issue(survey, principal)


@router.put(
    "/{slug}/draft",
    responses={
        **_OPEN,
        **_ANSWERS,
        **error_responses(InvalidResponseToken, AlreadyResponded, VersionNotFound),
    },
)
async def save_draft(
    data: DraftWrite, survey: LinkedSurvey, responses: ResponseServiceDep
) -> DraftRead:
    """Save a partial response under your token, to finish later (replaces what was saved)."""
    return await responses.save_draft(survey, data)


@router.post(
    "/{slug}/resume",
    responses={
        **_OPEN,
        **error_responses(InvalidResponseToken, AlreadyResponded, DraftNotFound),
    },
)
async def resume(data: TokenBody, survey: LinkedSurvey, responses: ResponseServiceDep) -> DraftRead:
    """The partial response saved under your token."""
    return await responses.resume(survey, data.token)


@router.post(
    "/{slug}/responses",
    status_code=status.HTTP_201_CREATED,
    responses={
        **_OPEN,
        **_ANSWERS,
        **error_responses(
            InvalidResponseToken, AlreadyResponded, VersionNotFound, Unauthorized, SignInRequired
        ),
    },
)
async def submit_response(
    data: ResponseSubmit,
    survey: LinkedSurvey,
    principal: OptionalPrincipalDep,
    responses: ResponseServiceDep,
) -> Receipt:
    """Submit your response with your token; send no bearer token to an anonymous survey."""
    return await responses.submit(survey, principal, data)
