"""Domain logic of results: live aggregates from the tallies, cross-tabulations from the cells,
free-text answers, exports; what citizens may see once an officer publishes the results."""

from __future__ import annotations

from collections.abc import AsyncIterator

from sqlalchemy.ext.asyncio import AsyncSession

from peelian.db.engine import Database
from peelian.pagination import Page, PageParams
from surveys.areas import AREA_NAMES, ELSEWHERE
from surveys.builder.content import Rating, SurveyContent, WithOptions, pick, resolve
from surveys.builder.models import Survey
from surveys.builder.service import SurveyService
from surveys.results import aggregate, export
from surveys.results.aggregate import MARKED, Shown
from surveys.results.exceptions import InvalidQuestion, ResultsNotPublic
from surveys.results.repository import ResultsRepository
from surveys.results.schemas import ResultsRead, TextAnswer

# Kinds a cross-tabulation can group respondents by.
GROUPING = frozenset({"single_choice", "multiple_choice", "likert", "location", "rating"})


class ResultsService:
    def __init__(self, session: AsyncSession, suppress_below: int) -> None:
        self.session = session
        self.k = suppress_below
        self.results = ResultsRepository(session)
        self.surveys = SurveyService(session)

    async def read(
        self,
        survey: Survey,
        *,
        language: str | None,
        version: int | None = None,
        by: str | None = None,
    ) -> ResultsRead:
        """Every question's results, for one version or all, cross-tabulated by question
        ``by`` if given."""
        if version is not None:
            await self.surveys.form(survey, version)  # refuses a version not published
        contents = await self.surveys.published_contents(survey)
        shown = self._shown(survey, contents, language)
        grouping = None
        if by is not None:
            grouping = next((q for q in shown if q.key == by), None)
            if grouping is None or grouping.kind not in GROUPING:
                raise InvalidQuestion(
                    f"results cannot be broken down by {by!r}: name a choice, likert, "
                    "location or rating question",
                    detail={"question": by},
                )
        histogram = await self.results.histogram(survey.id, version)
        responses, questions = aggregate.results(shown, histogram, self.k)
        if grouping is not None:
            cross = await self.results.cross(
                survey.id, grouping.number, version, marked=grouping.kind in MARKED
            )
            aggregate.cross_tabulate(questions, shown, grouping, cross, self.k)
        default = contents[0].default_language if contents else "en"
        return ResultsRead(
            survey_id=survey.id,
            title=pick(contents[0].title, language, default) if contents else "",
            language=resolve(language, contents[0].languages(), default) if contents else default,
            version=version,
            by=by,
            responses=responses,
            suppress_below=self.k,
            questions=questions,
        )

    async def public(self, survey: Survey, language: str | None) -> ResultsRead:
        """The results as citizens read them, once published (aggregates only)."""
        if not survey.results_public:
            raise ResultsNotPublic("the force has not published this survey's results")
        return await self.read(survey, language=language)

    async def texts(self, survey: Survey, question: str, params: PageParams) -> Page[TextAnswer]:
        entry = next((e for e in survey.layout if e["key"] == question), None)
        if entry is None or entry["kind"] != "text":
            raise InvalidQuestion(
                f"{question!r} is not a free-text question of this survey",
                detail={"question": question},
            )
        rows = await self.results.texts(survey.id, question, params)
        return Page[TextAnswer](
            items=[
                TextAnswer(
                    response_id=r.id,
                    version=r.version,
                    submitted_day=r.submitted_day,
                    respondent_id=r.respondent_id,
                    text=r.answers[question],
                )
                for r in rows.items
            ],
            next_cursor=rows.next_cursor,
        )

    def export_csv(self, survey: Survey, database: Database) -> AsyncIterator[bytes]:
        return export.csv_rows(database, survey.id, survey.layout)

    async def export_json(self, survey: Survey, database: Database) -> AsyncIterator[bytes]:
        contents = await self.surveys.published_contents(survey)
        questions = [
            {
                "key": q.key,
                "kind": q.kind,
                "text": q.text,
                "options": [{"value": v, "label": label} for _, v, label in q.options],
            }
            for q in self._shown(survey, contents, None)
        ]
        return export.json_document(database, survey.id, survey.layout, questions)

    def _shown(
        self, survey: Survey, contents: list[SurveyContent], language: str | None
    ) -> list[Shown]:
        """Each question of the layout as the newest version asking it words it (an option
        no longer offered keeps its last label)."""
        texts: dict[str, str] = {}
        labels: dict[tuple[str, str], str] = {}
        scales: dict[str, tuple[int, int]] = {}
        for content in reversed(contents):  # oldest first: newer wording wins
            default = content.default_language
            for question in content.questions():
                texts[question.id] = pick(question.text, language, default)
                if isinstance(question, WithOptions):
                    for option in question.options:
                        labels[question.id, option.value] = pick(option.label, language, default)
                if isinstance(question, Rating):
                    scales[question.id] = (question.min, question.max)
        shown = []
        for number, entry in enumerate(survey.layout, 1):
            key, kind = entry["key"], entry["kind"]
            if kind == "rating":
                low, high = scales[key]
                options = tuple((0, str(v), str(v)) for v in range(low, high + 1))
            else:
                options = tuple(
                    (n, value, labels.get((key, value)) or _area_label(value))
                    for n, value in enumerate(entry["options"], 1)
                )
            shown.append(Shown(number, key, kind, texts[key], options))
        return shown


def _area_label(slug: str) -> str:
    return AREA_NAMES.get(slug, "Elsewhere" if slug == ELSEWHERE else slug)
