"""Seed the reference deployment's surveys: `python -m surveys.seed`.

In development only: the university neighbourhood team's survey of students' issues and
concerns and how they want to hear from the police, published to the campus by PC Rhys Jones
(so that messaging tells the campus's subscribers when the relay publishes survey.published),
with a few hundred anonymous responses drawn from a fixed random seed, so that live results,
cross-tabulations and exports have something to show. The sample students have not answered:
they can, signed in as themselves. Idempotent: the survey has a stable id; once it exists,
nothing is done.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

import peelian.reference as reference
from peelian.auth.principal import Principal, Role
from peelian.db.engine import Database
from peelian.seeding import seed_command
from surveys.builder.repository import SurveyRepository
from surveys.builder.schemas import SurveyCreate
from surveys.builder.service import SurveyService
from surveys.config import SurveysSettings
from surveys.responses.schemas import ResponseSubmit
from surveys.responses.service import ResponseService
from surveys.responses.tokens import ResponseTokens

SURVEY_ID = reference.reference_id("survey", "students-issues-and-concerns")
OFFICER = Principal(
    subject=reference.account_id(reference.staff_email("pc.jones")),
    roles=frozenset({Role.OFFICER}),
)
RESPONSES = 320
RANDOM_SEED = 2026
OPEN_DAYS = 28


def _text(en: str, cy: str | None = None) -> dict[str, str]:
    return {"en": en} | ({"cy": cy} if cy else {})


def _options(*pairs: tuple[str, str]) -> list[dict[str, Any]]:
    return [{"value": value, "label": _text(label)} for value, label in pairs]


YEARS = ("first", "second", "third-or-later", "postgraduate")
HOMES = ("campus-halls", "student-village", "cathays", "city-centre", "elsewhere")
CONCERNS = {
    "bike-theft": "Bike theft",
    "burglary": "Burglary in student houses",
    "drugs": "Drug dealing",
    "criminal-damage": "Criminal damage",
    "anti-social-behaviour": "Anti-social behaviour and noise",
    "spiking": "Drink and needle spiking",
    "sexual-harassment": "Sexual harassment",
    "violent-crime": "Violent crime",
    "mental-health": "Friends' mental health",
    "online-fraud": "Online fraud and scams",
}
SAFETY = (
    ("very-unsafe", "Very unsafe"),
    ("fairly-unsafe", "Fairly unsafe"),
    ("neither", "Neither safe nor unsafe"),
    ("fairly-safe", "Fairly safe"),
    ("very-safe", "Very safe"),
)
WHY_NOT = (
    ("not-serious", "It did not seem serious enough"),
    ("nothing-would-happen", "I did not think anything would happen"),
    ("did-not-know-how", "I did not know how"),
    ("not-believed", "I worried I would not be believed"),
    ("told-university", "I told the university instead"),
    ("other", "Another reason"),
)
CHANNELS = {
    "app-alerts": "Alerts in this app",
    "instagram": "Instagram",
    "email": "Email",
    "tiktok": "TikTok",
    "drop-in": "Drop-in sessions on campus",
    "union-events": "Students' union events",
    "text-message": "Text message",
}

CONTENT: dict[str, Any] = {
    "default_language": "en",
    "title": _text(
        "Your safety, your say: students' concerns and how you want to hear from us",
        "Eich diogelwch, eich llais: pryderon myfyrwyr a sut rydych am glywed gennym",
    ),
    "description": _text(
        "The university neighbourhood team wants to know what worries you on and around "
        "campus, and how you would like us to keep in touch. It takes five minutes, and your "
        "answers are anonymous: nobody, not even us, can tell which answers are yours.",
        "Mae tîm cymdogaeth y brifysgol eisiau gwybod beth sy'n eich poeni. Mae eich atebion "
        "yn ddienw.",
    ),
    "sections": [
        {
            "title": _text("About you", "Amdanoch chi"),
            "questions": [
                {
                    "id": "year",
                    "kind": "single_choice",
                    "required": True,
                    "text": _text("Which year of study are you in?", "Ym mha flwyddyn astudio?"),
                    "options": _options(
                        ("first", "First year"),
                        ("second", "Second year"),
                        ("third-or-later", "Third year or later"),
                        ("postgraduate", "Postgraduate"),
                    ),
                },
                {
                    "id": "home",
                    "kind": "single_choice",
                    "required": True,
                    "text": _text("Where do you live during term?", "Ble rydych chi'n byw?"),
                    "options": _options(
                        ("campus-halls", "Halls on campus"),
                        ("student-village", "The student village"),
                        ("cathays", "A shared house in Cathays"),
                        ("city-centre", "The city centre"),
                        ("elsewhere", "Somewhere else"),
                    ),
                },
                {
                    "id": "nights-out",
                    "kind": "number",
                    "integer": True,
                    "min": 0,
                    "max": 7,
                    "text": _text("On how many nights a week do you go out in the city centre?"),
                },
            ],
        },
        {
            "title": _text("Your concerns", "Eich pryderon"),
            "questions": [
                {
                    "id": "concerns",
                    "kind": "multiple_choice",
                    "required": True,
                    "max_choices": 3,
                    "text": _text(
                        "Which of these concern you most on and around campus? Up to three.",
                        "Pa rai o'r rhain sy'n eich poeni fwyaf? Hyd at dri.",
                    ),
                    "options": _options(*CONCERNS.items()),
                },
                {
                    "id": "safe-day",
                    "kind": "likert",
                    "required": True,
                    "text": _text("How safe do you feel on campus during the day?"),
                    "options": _options(*SAFETY),
                },
                {
                    "id": "safe-night",
                    "kind": "likert",
                    "required": True,
                    "text": _text("How safe do you feel on and around campus after dark?"),
                    "options": _options(*SAFETY),
                },
                {
                    "id": "least-safe",
                    "kind": "location",
                    "text": _text("Where do you feel least safe? Drop a pin on the map."),
                    "help": _text("Optional. A rough spot is enough."),
                },
                {
                    "id": "victim",
                    "kind": "single_choice",
                    "required": True,
                    "text": _text("Since starting university, have you been a victim of crime?"),
                    "options": _options(
                        ("yes", "Yes"), ("no", "No"), ("prefer-not-to-say", "Prefer not to say")
                    ),
                },
                {
                    "id": "reported",
                    "kind": "single_choice",
                    "required": True,
                    "show_if": {"question": "victim", "any_of": ["yes"]},
                    "text": _text("Did you report it to the police?"),
                    "options": _options(("yes", "Yes"), ("no", "No")),
                },
                {
                    "id": "why-not",
                    "kind": "multiple_choice",
                    "show_if": {"question": "reported", "any_of": ["no"]},
                    "text": _text("Why not? Choose any that apply."),
                    "options": _options(*WHY_NOT),
                },
                {
                    "id": "when",
                    "kind": "date",
                    "show_if": {"question": "victim", "any_of": ["yes"]},
                    "earliest": "2023-09-01",
                    "text": _text("Roughly when did it happen?"),
                },
            ],
        },
        {
            "title": _text("Staying in touch", "Cadw mewn cysylltiad"),
            "questions": [
                {
                    "id": "confidence",
                    "kind": "rating",
                    "required": True,
                    "text": _text(
                        "How confident are you that the police would deal well with a report "
                        "from you? (1 = not at all, 5 = completely)"
                    ),
                },
                {
                    "id": "channels",
                    "kind": "ranking",
                    "ranked": 3,
                    "required": True,
                    "text": _text(
                        "How would you most like to hear from us? Put your top three in order.",
                        "Sut hoffech chi glywed gennym? Rhowch eich tri uchaf mewn trefn.",
                    ),
                    "options": _options(*CHANNELS.items()),
                },
                {
                    "id": "drop-in",
                    "kind": "single_choice",
                    "text": _text("Would you meet your community officer at a campus drop-in?"),
                    "options": _options(("yes", "Yes"), ("maybe", "Maybe"), ("no", "No")),
                },
                {
                    "id": "comments",
                    "kind": "text",
                    "max_length": 1000,
                    "text": _text("Anything else you would like us to know?"),
                },
            ],
        },
    ],
}

COMMENTS = (
    "The path behind the main library is really dark at night.",
    "Bike racks outside the Students' Union need better locks or CCTV.",
    "Please do more about spiking in the clubs on Womanby Street.",
    "I didn't know I could report things anonymously until now.",
    "More officers around Cathays at weekends would help.",
    "Our house was burgled in second year and we never heard back.",
    "Drop-ins at the Union at lunchtime would be great.",
    "Taxis are hard to find after 2am, so people walk home alone.",
    "The street lights on Salisbury Road are often out.",
    "Send safety alerts on Instagram stories, that's where we look.",
    "I feel safe on campus but not walking back from town.",
    "Scam texts about student loans are everywhere.",
    "Thanks for asking students what we think.",
    "Noise from parties is a problem for those of us with early lectures.",
)
# Where students drop pins: behind the library, Cathays Park, Womanby Street, the village.
PINS = ((51.4888, -3.1795), (51.4950, -3.1830), (51.4790, -3.1800), (51.4985, -3.1950))


def _pick(rng: random.Random, weights: dict[str, float], k: int) -> list[str]:
    """``k`` distinct keys, each drawn with probability proportional to its weight."""
    pool = dict(weights)
    chosen = []
    for _ in range(min(k, len(pool))):
        key = rng.choices(list(pool), weights=list(pool.values()))[0]
        chosen.append(key)
        del pool[key]
    return chosen


def _scale(rng: random.Random, centre: float) -> str:
    """A point on the five-point safety scale around ``centre`` (0 = very unsafe, 4 = very safe)."""
    position = min(4, max(0, round(rng.gauss(centre, 0.9))))
    return SAFETY[position][0]


def sample_answers(rng: random.Random) -> dict[str, Any]:
    """One student's plausible answers: where they live shapes their worries, having been a
    victim (and not reporting it) their safety and confidence."""
    year = rng.choices(YEARS, weights=(35, 28, 22, 15))[0]
    if year == "first":
        home = rng.choices(HOMES, weights=(60, 30, 5, 3, 2))[0]
    else:
        home = rng.choices(HOMES, weights=(3, 10, 55, 15, 17))[0]
    worries = {
        "bike-theft": 45.0,
        "burglary": 45.0 if home == "cathays" else 12.0,
        "drugs": 22.0,
        "criminal-damage": 8.0,
        "anti-social-behaviour": 35.0 if home in ("cathays", "city-centre") else 12.0,
        "spiking": 38.0 if year != "postgraduate" else 15.0,
        "sexual-harassment": 28.0,
        "violent-crime": 14.0,
        "mental-health": 18.0,
        "online-fraud": 14.0 if year != "postgraduate" else 30.0,
    }
    victim = rng.choices(("yes", "no", "prefer-not-to-say"), weights=(22, 72, 6))[0]
    answers: dict[str, Any] = {
        "year": year,
        "home": home,
        "concerns": _pick(rng, worries, rng.choice((1, 2, 3, 3))),
        "safe-day": _scale(rng, 3.3),
        "safe-night": _scale(rng, 1.6 if victim == "yes" else 2.2),
        "victim": victim,
        "channels": _pick(
            rng,
            {
                "app-alerts": 30.0,
                "instagram": 26.0,
                "email": 14.0,
                "tiktok": 10.0,
                "drop-in": 8.0,
                "union-events": 7.0,
                "text-message": 5.0,
            },
            3,
        ),
    }
    reported = None
    if victim == "yes":
        reported = "yes" if rng.random() < 0.4 else "no"
        answers["reported"] = reported
        if reported == "no":
            answers["why-not"] = _pick(rng, {value: 1.0 for value, _ in WHY_NOT}, rng.randint(1, 2))
        if rng.random() < 0.6:
            answers["when"] = (date(2026, 11, 1) - timedelta(days=rng.randint(0, 700))).isoformat()
    confidence = rng.gauss(2.4 if reported == "no" else 3.4, 1.0)
    answers["confidence"] = min(5, max(1, round(confidence)))
    if rng.random() < 0.8:
        answers["nights-out"] = min(
            7, max(0, round(rng.gauss(2.5 if year == "first" else 1.5, 1.2)))
        )
    if rng.random() < 0.4:
        latitude, longitude = rng.choice(PINS)
        answers["least-safe"] = {
            "latitude": round(latitude + rng.uniform(-0.0008, 0.0008), 5),
            "longitude": round(longitude + rng.uniform(-0.0012, 0.0012), 5),
        }
    if rng.random() < 0.85:
        answers["drop-in"] = rng.choices(("yes", "maybe", "no"), weights=(30, 45, 25))[0]
    if rng.random() < 0.2:
        answers["comments"] = rng.choice(COMMENTS)
    return answers


async def seed(settings: SurveysSettings, *, samples: bool) -> int:
    """Publish the survey and its sample responses, in one transaction, unless they exist;
    returns how many responses were added."""
    if not samples:
        return 0
    tokens = ResponseTokens(settings.token_secret.get_secret_value())
    database = Database.from_settings(settings)
    try:
        async with database.sessionmaker.begin() as session:
            if await SurveyRepository(session).get(SURVEY_ID) is not None:
                return 0
            surveys = SurveyService(session)
            closes = datetime.now(UTC) + timedelta(days=OPEN_DAYS)
            survey = await surveys.create(
                OFFICER,
                SurveyCreate.model_validate(
                    {
                        "audience": "areas",
                        "areas": ["campus"],
                        "anonymous": True,
                        "closes_at": closes,
                        "content": CONTENT,
                    }
                ),
                survey_id=SURVEY_ID,
            )
            await surveys.publish(OFFICER, survey)
            responses = ResponseService(session, tokens)
            rng = random.Random(RANDOM_SEED)  # noqa: S311 (sample data, not secrets)
            for n in range(RESPONSES):
                # Made-up respondents: the sample students are left to answer themselves.
                student = reference.reference_id("survey-respondent", str(n))
                person = Principal(subject=student, roles=frozenset({Role.CITIZEN}))
                token = (await responses.issue(survey, person)).token
                answers = ResponseSubmit(token=token, answers=sample_answers(rng))
                await responses.submit(survey, None, answers)
        return RESPONSES
    finally:
        await database.dispose()


def main() -> None:
    async def run(settings: SurveysSettings) -> str:
        added = await seed(settings, samples=settings.is_development)
        return (
            f"{added} new sample responses ({RESPONSES} in the reference deployment's "
            "survey of students' concerns)"
        )

    seed_command("surveys", __doc__, SurveysSettings, run)


if __name__ == "__main__":
    main()
