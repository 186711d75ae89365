"""Domain logic of answering: who may take a token, saving and resuming, submitting once."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from peelian.auth.principal import Principal, Role
from peelian.errors import Unauthorized
from peelian.events.contracts.surveys import SurveyResponseSubmittedV1
from surveys.builder.exceptions import SurveyNotFound
from surveys.builder.models import Audience, Status, Survey
from surveys.builder.service import SurveyService
from surveys.events import emit
from surveys.responses.answers import check
from surveys.responses.exceptions import (
    AlreadyResponded,
    DraftNotFound,
    InvalidResponseToken,
    NotInAudience,
    RespondentsOnly,
    SignInRequired,
    SurveyClosed,
    SurveyNotOpen,
    TokenAlreadyIssued,
)
from surveys.responses.repository import ResponseRepository
from surveys.responses.schemas import (
    DraftRead,
    DraftWrite,
    FormRead,
    Receipt,
    ResponseSubmit,
    TokenRead,
)
from surveys.responses.tokens import ResponseTokens
from surveys.results.cells import encode
from surveys.results.repository import ResultsRepository


def is_open(survey: Survey, now: datetime) -> bool:
    return (
        survey.status == Status.PUBLISHED
        and (survey.opens_at is None or survey.opens_at <= now)
        and (survey.closes_at is None or survey.closes_at > now)
    )


def check_open(survey: Survey, now: datetime) -> None:
    if survey.status == Status.DRAFT:
        raise SurveyNotOpen("this survey is not published", detail={"status": survey.status})
    if survey.status == Status.CLOSED or (survey.closes_at and survey.closes_at <= now):
        raise SurveyClosed(
            "this survey has closed and takes no more responses",
            detail={"closed_at": (survey.closed_at or survey.closes_at or now).isoformat()},
        )
    if survey.opens_at is not None and survey.opens_at > now:
        raise SurveyNotOpen(
            f"this survey opens at {survey.opens_at.isoformat()}",
            detail={"opens_at": survey.opens_at.isoformat()},
        )


class ResponseService:
    def __init__(self, session: AsyncSession, tokens: ResponseTokens) -> None:
        self.session = session
        self.tokens = tokens
        self.responses = ResponseRepository(session)
        self.surveys = SurveyService(session)

    async def form(self, survey: Survey, language: str | None) -> FormRead:
        """The live version in the reader's language; drafts are not found."""
        if survey.status == Status.DRAFT:
            raise SurveyNotFound("no survey at this link")
        form = await self.surveys.form(survey)
        return FormRead.of(
            survey, form.content, language, is_open=is_open(survey, datetime.now(UTC))
        )

    async def issue(self, survey: Survey, principal: Principal | None) -> TokenRead:
        """The caller's one response token. For an anonymous survey it is issued once, ever:
        the service cannot tell whether a lost token was used. For an identified one it is
        issued again until the person has answered (their response bears their id)."""
        check_open(survey, datetime.now(UTC))
        person = self._respondent(survey, principal)
        key = self.tokens.respondent_key(person.subject)
        first = await self.responses.add_respondent(survey.id, key)
        if not first:
            if survey.anonymous:
                raise TokenAlreadyIssued(
                    "you already took this survey's response token: one response per person"
                )
            if await self.responses.answered(survey.id, person.subject):
                raise AlreadyResponded("you have answered this survey")
        return TokenRead(
            survey_id=survey.id, token=self.tokens.issue(survey.id), anonymous=survey.anonymous
        )

    async def save_draft(self, survey: Survey, data: DraftWrite) -> DraftRead:
        check_open(survey, datetime.now(UTC))
        token_hash = await self._unspent(survey, data.token)
        form = await self.surveys.form(survey, data.version)
        answers = check(form, data.answers, complete=False)
        await self.responses.save_draft(survey.id, token_hash, form.version, answers)
        return DraftRead(
            version=form.version, current_version=survey.current_version, answers=answers
        )

    async def resume(self, survey: Survey, token: str) -> DraftRead:
        check_open(survey, datetime.now(UTC))
        draft = await self.responses.draft(survey.id, await self._unspent(survey, token))
        if draft is None:
            raise DraftNotFound("nothing was saved with this token")
        return DraftRead(
            version=draft.version, current_version=survey.current_version, answers=draft.answers
        )

    async def submit(
        self, survey: Survey, principal: Principal | None, data: ResponseSubmit
    ) -> Receipt:
        """Record a complete response once per token (and per person, when identified)."""
        now = datetime.now(UTC)
        check_open(survey, now)
        token_hash = self._verify(survey, data.token)
        # An anonymous response needs no bearer token at all (the response token is enough),
        # so that not even this request knows who answered.
        respondent_id = None if survey.anonymous else self._identified(principal).subject
        form = await self.surveys.form(survey, data.version)
        answers = check(form, data.answers, complete=True)
        cells = encode(form, answers)
        recorded = await self.responses.record(
            survey.id,
            token_hash,
            {
                "id": uuid.uuid4(),
                "version": form.version,
                "submitted_day": now.replace(hour=0, minute=0, second=0, microsecond=0),
                "respondent_id": respondent_id,
                "answers": answers,
            },
            cells,
        )
        if not recorded.spent:
            raise AlreadyResponded("this response token was used: one response per respondent")
        if recorded.response_id is None:
            raise AlreadyResponded("you have answered this survey")
        await ResultsRepository(self.session).tally(survey.id, form.version, cells)
        # Last: the event takes the survey's outbox key lock, so submissions to one survey
        # commit one at a time from here (the tallies above are sharded and do not wait).
        await emit(
            self.session,
            SurveyResponseSubmittedV1(
                survey_id=survey.id,
                version=form.version,
                anonymous=survey.anonymous,
                respondent_id=respondent_id,
            ),
            survey.id,
        )
        return Receipt(survey_id=survey.id, version=form.version, anonymous=survey.anonymous)

    def _respondent(self, survey: Survey, principal: Principal | None) -> Principal:
        if principal is None:
            raise Unauthorized(
                "sign in, or get an anonymous reporter key (POST /auth/anonymous), to answer"
            )
        if not principal.has_any(Role.CITIZEN):
            raise RespondentsOnly("surveys are answered by citizens")
        if not survey.anonymous:
            self._identified(principal)
        if survey.audience == Audience.ACCOUNTS and principal.subject not in survey.account_ids:
            raise NotInAudience("this survey asks a list of people, and you are not one of them")
        return principal

    def _identified(self, principal: Principal | None) -> Principal:
        if principal is None:
            raise Unauthorized("this survey records who answers: sign in to answer it")
        if principal.anonymous or not principal.has_any(Role.CITIZEN):
            raise SignInRequired(
                "this survey records who answers: sign in with an account to answer it"
            )
        return principal

    def _verify(self, survey: Survey, token: str) -> bytes:
        token_hash = self.tokens.verify(survey.id, token)
        if token_hash is None:
            raise InvalidResponseToken("this is not a response token for this survey")
        return token_hash

    async def _unspent(self, survey: Survey, token: str) -> bytes:
        token_hash = self._verify(survey, token)
        if await self.responses.spent(survey.id, token_hash):
            raise AlreadyResponded("this response token was used: one response per respondent")
        return token_hash
