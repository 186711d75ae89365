"""Domain logic of the builder: drafts, versions, distribution, publishing and closing."""

from __future__ import annotations

import secrets
import uuid
from collections import OrderedDict
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from peelian.auth.principal import Principal
from peelian.events.contracts.surveys import SurveyClosedV1, SurveyPublishedV1
from peelian.pagination import Page, PageParams
from surveys.areas import AREA_SLUGS
from surveys.builder.content import SurveyContent, pick
from surveys.builder.exceptions import (
    InvalidDistribution,
    InvalidSurveyState,
    SurveyNotFound,
    UnknownArea,
    VersionNotFound,
    VersionPublished,
)
from surveys.builder.layout import Form, check_kinds, extend
from surveys.builder.models import Audience, Status, Survey, SurveyVersion
from surveys.builder.repository import SurveyRepository, VersionRepository
from surveys.builder.schemas import SurveyCreate, SurveyRead, SurveySummary, SurveyUpdate
from surveys.events import emit
from surveys.responses.repository import ResponseRepository
from surveys.results.repository import ResultsRepository

LINKS = "/survey-links"
# Published versions never change, so their forms are kept (the submission path reads one
# per response).
_FORMS: OrderedDict[tuple[uuid.UUID, int], Form] = OrderedDict()
_FORMS_KEPT = 256


_SURVEY_FIELDS = [name for name in SurveyRead.model_fields if name in Survey.__table__.columns]
_SUMMARY_FIELDS = [name for name in SurveySummary.model_fields if name in Survey.__table__.columns]


def link(survey: Survey) -> str:
    """Where a respondent answers the survey, under the platform's public address."""
    return f"{LINKS}/{survey.slug}"


class SurveyService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.surveys = SurveyRepository(session)
        self.versions = VersionRepository(session)

    async def create(
        self, principal: Principal, data: SurveyCreate, *, survey_id: uuid.UUID | None = None
    ) -> Survey:
        distribution = data.model_dump(exclude={"content"})
        _check_distribution(distribution)
        survey = await self.surveys.add(
            Survey(
                id=survey_id or uuid.uuid4(),
                slug=secrets.token_urlsafe(9),
                status=Status.DRAFT,
                current_version=0,
                layout=[],
                created_by=principal.subject,
                results_public=False,
                **distribution,
            )
        )
        await self.versions.add(
            SurveyVersion(survey_id=survey.id, number=1, content=_json(data.content))
        )
        return survey

    async def get(self, survey_id: uuid.UUID, *, for_update: bool = False) -> Survey:
        survey = await self.surveys.get(survey_id, for_update=for_update)
        if survey is None:
            raise SurveyNotFound("no survey with this id")
        return survey

    async def by_slug(self, slug: str) -> Survey:
        survey = await self.surveys.by_slug(slug)
        if survey is None:
            raise SurveyNotFound("no survey at this link")
        return survey

    async def page(self, params: PageParams, status: Status | None) -> Page[SurveySummary]:
        """A page of surveys, each with its title and response count (two reads per page)."""
        rows = await self.surveys.page(params, status)
        # A draft survey has only version 1: a published one's next version starts after it.
        titles = await self.versions.titles([(s.id, s.current_version or 1) for s in rows.items])
        responses = await ResultsRepository(self.session).responses_of([s.id for s in rows.items])
        items = [
            SurveySummary.model_validate(
                {
                    **{name: getattr(survey, name) for name in _SUMMARY_FIELDS},
                    "title": titles[survey.id],
                    "responses": responses.get(survey.id, 0),
                }
            )
            for survey in rows.items
        ]
        return Page[SurveySummary](items=items, next_cursor=rows.next_cursor)

    async def update(self, survey: Survey, data: SurveyUpdate) -> Survey:
        changes = data.model_dump(exclude_unset=True)
        if survey.status == Status.CLOSED:
            raise InvalidSurveyState("a closed survey cannot be changed")
        if survey.status == Status.PUBLISHED and set(changes) - {"closes_at"}:
            raise InvalidSurveyState(
                "once published only closes_at can change: the audience was told, and "
                "respondents were promised how their answers would be kept",
                detail={"fields": sorted(set(changes) - {"closes_at"})},
            )
        distribution = {
            name: getattr(survey, name)
            for name in ("audience", "areas", "topics", "account_ids", "opens_at", "closes_at")
        } | changes
        _check_distribution(distribution, published_at=survey.published_at)
        for name, value in changes.items():
            setattr(survey, name, value)
        await self.session.flush()
        return survey

    async def version(self, survey: Survey, number: int) -> SurveyVersion:
        version = await self.versions.get(survey.id, number)
        if version is None:
            raise VersionNotFound(f"this survey has no version {number}")
        return version

    async def edit_version(
        self, survey: Survey, number: int, content: SurveyContent
    ) -> SurveyVersion:
        """Change a draft version in place; a published one is refused."""
        version = await self.version(survey, number)
        if version.published_at is not None:
            raise VersionPublished(
                f"version {number} is published and never changes: start version "
                f"{survey.current_version + 1} (POST /surveys/{survey.id}/versions) and publish it",
                detail={"version": number, "next": survey.current_version + 1},
            )
        check_kinds(survey.layout, content)
        version.content = _json(content)
        # Set here rather than by the column's onupdate, which would leave it to be reloaded.
        version.updated_at = datetime.now(UTC)
        await self.session.flush()
        return version

    async def new_version(self, survey: Survey, content: SurveyContent) -> SurveyVersion:
        """Start the next version of a published survey, as a draft."""
        if survey.status != Status.PUBLISHED:
            raise InvalidSurveyState(
                f"a {survey.status} survey takes no new version"
                + (
                    ": edit version 1 until it is published"
                    if survey.status == Status.DRAFT
                    else ""
                )
            )
        latest = await self.versions.latest(survey.id)
        assert latest is not None
        if latest.published_at is None:
            raise InvalidSurveyState(
                f"version {latest.number} is already being drafted: edit it",
                detail={"version": latest.number},
            )
        check_kinds(survey.layout, content)
        return await self.versions.add(
            SurveyVersion(survey_id=survey.id, number=latest.number + 1, content=_json(content))
        )

    async def publish(self, principal: Principal, survey: Survey) -> Survey:
        """Publish the draft version: the survey opens (at ``opens_at``), or its live version
        moves on."""
        if survey.status == Status.CLOSED:
            raise InvalidSurveyState("a closed survey cannot be published again")
        draft = await self.versions.latest(survey.id)
        assert draft is not None
        if draft.published_at is not None:
            raise InvalidSurveyState(
                f"version {draft.number} is already published: there is no draft to publish"
            )
        now = datetime.now(UTC)
        content = SurveyContent.model_validate(draft.content)
        survey.layout = extend(survey.layout, content)
        draft.published_at, draft.published_by = now, principal.subject
        survey.current_version = draft.number
        if survey.status == Status.DRAFT:
            if survey.closes_at is not None and survey.closes_at <= now:
                raise InvalidDistribution("closes_at has passed: set a later one first")
            survey.status = Status.PUBLISHED
            survey.published_at, survey.published_by = now, principal.subject
            survey.opens_at = survey.opens_at or now
        await self.session.flush()
        await emit(self.session, self._published(survey, content, principal.subject), survey.id)
        return survey

    async def close(self, survey: Survey, principal: Principal | None) -> Survey:
        """Stop taking responses. Partial responses, and the record of who took a token and
        which tokens were spent, are deleted: nobody can answer any more."""
        if survey.status != Status.PUBLISHED:
            raise InvalidSurveyState(f"a {survey.status} survey cannot be closed")
        survey.status = Status.CLOSED
        survey.closed_at = datetime.now(UTC)
        survey.closed_by = principal.subject if principal else None
        await ResponseRepository(self.session).forget_tokens(survey.id)
        await self.session.flush()
        await emit(
            self.session,
            SurveyClosedV1(
                survey_id=survey.id,
                version=survey.current_version,
                closed_at=survey.closed_at,
                closed_by=survey.closed_by,
                responses=await ResultsRepository(self.session).responses(survey.id),
            ),
            survey.id,
        )
        return survey

    async def close_due(self) -> int:
        """Close the open surveys whose closing time has passed; returns how many."""
        due = await self.surveys.due_for_closing(datetime.now(UTC))
        for survey in due:
            await self.close(survey, None)
        return len(due)

    async def set_results_public(self, survey: Survey, public: bool) -> Survey:
        if public and survey.status == Status.DRAFT:
            raise InvalidSurveyState("a draft survey has no results to publish")
        survey.results_public = public
        await self.session.flush()
        return survey

    async def form(self, survey: Survey, number: int | None = None) -> Form:
        """A published version's form (by default the live one's)."""
        number = number or survey.current_version
        key = (survey.id, number)
        if key in _FORMS:
            _FORMS.move_to_end(key)
            return _FORMS[key]
        if not 1 <= number <= survey.current_version:
            raise VersionNotFound(
                f"version {number} of this survey is not published; the live one is "
                f"{survey.current_version}",
                detail={"version": number, "current_version": survey.current_version},
            )
        version = await self.version(survey, number)
        form = Form(number, SurveyContent.model_validate(version.content), survey.layout)
        _FORMS[key] = form
        if len(_FORMS) > _FORMS_KEPT:
            _FORMS.popitem(last=False)
        return form

    async def published_contents(self, survey: Survey) -> list[SurveyContent]:
        """Every published version's content, newest first."""
        return [
            SurveyContent.model_validate(v.content)
            for v in await self.versions.published(survey.id)
        ]

    async def render(self, survey: Survey) -> SurveyRead:
        latest = await self.versions.latest(survey.id)
        assert latest is not None
        current = latest
        if latest.published_at is None and survey.current_version:
            current = await self.version(survey, survey.current_version)
        content = current.content
        return SurveyRead.model_validate(
            {
                # The fields that are the survey's own columns, then what is worked out.
                **{name: getattr(survey, name) for name in _SURVEY_FIELDS},
                "link": link(survey),
                "title": pick(content["title"], None, content["default_language"]),
                "default_language": content["default_language"],
                "draft_version": latest.number if latest.published_at is None else None,
                "responses": await ResultsRepository(self.session).responses(survey.id),
            }
        )

    async def forget_account(self, account_id: uuid.UUID) -> None:
        await self.surveys.drop_account(account_id)

    def _published(
        self, survey: Survey, content: SurveyContent, officer: uuid.UUID
    ) -> SurveyPublishedV1:
        language = content.default_language
        assert survey.opens_at is not None
        return SurveyPublishedV1(
            survey_id=survey.id,
            version=survey.current_version,
            published_by=officer,
            title=content.title[language],
            description=content.description[language],
            language=language,
            audience=survey.audience,
            areas=survey.areas,
            topics=survey.topics,
            account_ids=survey.account_ids,
            path=link(survey),
            opens_at=survey.opens_at,
            closes_at=survey.closes_at,
        )


def _json(content: SurveyContent) -> dict[str, Any]:
    return content.model_dump(mode="json", exclude_none=True)


def _check_distribution(values: dict[str, Any], published_at: datetime | None = None) -> None:
    audience = Audience(values["audience"])
    areas, topics, accounts = values["areas"], values["topics"], values["account_ids"]
    if audience == Audience.AREAS and not areas:
        raise InvalidDistribution("a survey for areas needs at least one area")
    if audience != Audience.AREAS and areas:
        raise InvalidDistribution("areas are only for the areas audience")
    if audience == Audience.ACCOUNTS and not accounts:
        raise InvalidDistribution("a survey for accounts needs at least one account id")
    if audience != Audience.ACCOUNTS and accounts:
        raise InvalidDistribution("account_ids are only for the accounts audience")
    if topics and audience not in (Audience.AREAS, Audience.CITIZENS):
        raise InvalidDistribution("topics narrow an areas or citizens survey's announcement")
    unknown = sorted(set(areas) - set(AREA_SLUGS))
    if unknown:
        raise UnknownArea(
            f"unknown area(s): {', '.join(unknown)}", detail={"areas": list(AREA_SLUGS)}
        )
    opens, closes = values["opens_at"], values["closes_at"]
    if closes is not None:
        if closes <= (opens or published_at or datetime.now(UTC)):
            raise InvalidDistribution("closes_at must be after the survey opens")
        if closes <= datetime.now(UTC):
            raise InvalidDistribution("closes_at must be in the future")
