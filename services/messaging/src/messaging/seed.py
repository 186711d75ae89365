"""Seed the reference deployment's messaging data: `python -m messaging.seed`.

The named areas (from ``peelian.reference``) always; in development also the sample
students' subscriptions (their home areas) and the force's publications: crime-prevention
advice on the reference deployment's themes, a news item, an appeal and a warning to the
campus, published by the neighbourhood team's sergeant (the running service's fan-out then
delivers the appeal and the warning to the students' inboxes), and a public discussion on the
walk home with the students' proposals and votes. Idempotent: publications have stable ids,
the discussion is known by its title, and what exists is left alone.
"""

from __future__ import annotations

from typing import Any

import peelian.reference as reference
from messaging.config import MessagingSettings
from messaging.discussions.schemas import DiscussionCreate, DiscussionFilters, VoteStance
from messaging.discussions.service import DiscussionService
from messaging.publications.repository import PublicationRepository
from messaging.publications.schemas import PublicationCreate
from messaging.publications.service import PublicationService
from messaging.subscriptions.schemas import SubscriptionWrite
from messaging.subscriptions.service import SubscriptionService
from peelian.areas import AreaRepository
from peelian.auth.principal import Principal, Role
from peelian.db.engine import Database
from peelian.pagination import PageParams
from peelian.seeding import seed_command

SERGEANT = Principal(
    subject=reference.account_id(reference.staff_email("sgt.patel")),
    roles=frozenset({Role.SUPERVISOR}),
)


def _text(title: str, body: str, welsh: tuple[str, str] | None = None) -> list[dict[str, str]]:
    texts = [{"language": "en", "title": title, "body": body}]
    if welsh is not None:
        texts.append({"language": "cy", "title": welsh[0], "body": welsh[1]})
    return texts


# (slug, the publication): advice articles on the reference deployment's themes, then news,
# an appeal and a warning.
PUBLICATIONS: tuple[tuple[str, dict[str, Any]], ...] = (
    (
        "advice-personal-safety",
        {
            "kind": "advice",
            "topics": ["personal-safety"],
            "areas": [],
            "translations": _text(
                "Getting home safely after a night out",
                "Plan your route home before you go out, stay with friends, keep your phone "
                "charged and use licensed taxis. If you feel followed, go into a shop or bar and "
                "ask staff to call us. In an emergency call 999.",
                ("Cyrraedd adref yn ddiogel", "Cynlluniwch eich ffordd adref cyn mynd allan."),
            ),
        },
    ),
    (
        "advice-property-security",
        {
            "kind": "advice",
            "topics": ["property-security"],
            "areas": [],
            "translations": _text(
                "Keep your bike and your room secure",
                "Use two good locks (a D-lock and a cable), lock the frame to the rack, register "
                "your bike, and keep windows and doors locked in shared houses, even when you pop "
                "out for a minute. Mark your laptop and note its serial number.",
            ),
        },
    ),
    (
        "advice-responsible-drinking",
        {
            "kind": "advice",
            "topics": ["nightlife"],
            "areas": ["city-centre"],
            "translations": _text(
                "Responsible drinking and licensed premises",
                "Eat before you drink, alternate with water, never leave your drink unattended. "
                "Licensed premises must not serve people who are drunk; staff can help you get "
                "home safely.",
            ),
        },
    ),
    (
        "advice-alcohol-violence",
        {
            "kind": "advice",
            "topics": ["alcohol-related-violence"],
            "areas": ["city-centre"],
            "translations": _text(
                "Walk away from trouble",
                "Most violence in the night-time economy starts with a small argument. Walk away, "
                "tell door staff, and call 999 if someone is hurt. One punch can kill.",
            ),
        },
    ),
    (
        "advice-sexual-offences",
        {
            "kind": "advice",
            "topics": ["sexual-offences"],
            "areas": [],
            "translations": _text(
                "Spiking and sexual assault: help is here",
                "If you think you have been spiked or assaulted, tell venue staff, stay with "
                "friends and contact us or the sexual assault referral centre. You will be "
                "believed. Reports can be made anonymously in this app.",
            ),
        },
    ),
    (
        "advice-student-support",
        {
            "kind": "advice",
            "topics": ["mental-health"],
            "areas": ["campus"],
            "translations": _text(
                "Student support and mental health services",
                "The university's student support service and the mental health crisis team are "
                "there around the clock. If you are worried about a friend, talk to them: you can "
                "also report a concern here and we will pass it on with their consent.",
            ),
        },
    ),
    (
        "news-bike-marking",
        {
            "kind": "news",
            "topics": ["property-security"],
            "areas": ["campus"],
            "translations": _text(
                "Free bike marking at the students' union on Saturday",
                "The neighbourhood team will mark and register bikes for free from 10am to 2pm "
                "outside the students' union. Bring proof of ownership.",
                ("Marcio beiciau am ddim ddydd Sadwrn", "Dewch â'ch beic i undeb y myfyrwyr."),
            ),
        },
    ),
    (
        "appeal-missing-student",
        {
            "kind": "appeal",
            "topics": ["missing-persons"],
            "areas": ["campus", "cathays"],
            "translations": _text(
                "Appeal: have you seen Rhian?",
                "Rhian, 19, a first-year student, was last seen on Salisbury Road on Thursday "
                "evening wearing a yellow raincoat. If you have any information, reply to this "
                "appeal or call 101.",
            ),
        },
    ),
    (
        "warning-campus-path",
        {
            "kind": "warning",
            "severity": "advisory",
            "requires_acknowledgement": True,
            "topics": ["personal-safety"],
            "areas": ["campus"],
            "translations": _text(
                "Take care on the path behind the library after dark",
                "We have had reports of a man approaching students on the unlit path behind the "
                "main library. Use the lit route along Park Place, walk with friends, and call 999 "
                "if you feel threatened. Tap 'seen' to let us know you got this.",
                ("Byddwch yn ofalus ar y llwybr", "Defnyddiwch y llwybr golau ar hyd Park Place."),
            ),
        },
    ),
)


DISCUSSION = DiscussionCreate(
    title="The walk home from the city centre",
    question="How can we make the walk home from the city centre safer?",
    body="Tell us what would make you feel safer between the city centre and the campus and "
    "Cathays at night, and support or oppose others' ideas. We will publish what we heard and "
    "what we will do.",
    areas=["city-centre", "cathays", "campus"],
)
PROPOSALS = (
    "More street lights on the path through Alexandra Gardens",
    "A late-night safety bus from Womanby Street to the student village on weekends",
    "Police and street pastors visible on Queen Street after 2am",
)


async def seed_discussion(database: Database) -> bool:
    """Open the sample discussion with proposals and votes from the sample students, once."""
    async with database.sessionmaker.begin() as session:
        discussions = DiscussionService(session)
        existing = await discussions.search(DiscussionFilters(), PageParams(limit=100, cursor=None))
        if any(d.title == DISCUSSION.title for d in existing.items):
            return False
        discussion = await discussions.open(SERGEANT, DISCUSSION)
        students = [
            Principal(subject=s.id, roles=frozenset({Role.CITIZEN}))
            for s in reference.sample_students()
        ]
        for n, text in enumerate(PROPOSALS):
            proposal = await discussions.propose(students[n], discussion.id, text)
            # Most support each idea, a few oppose: a live-looking tally.
            for voter in students[n + 1 :: 2]:
                await discussions.vote(voter, discussion.id, proposal.id, VoteStance.SUPPORT)
            await discussions.vote(students[-1 - n], discussion.id, proposal.id, VoteStance.OPPOSE)
        return True


async def seed_areas(database: Database) -> None:
    async with database.sessionmaker.begin() as session:
        await AreaRepository(session).upsert(reference.AREAS)


async def seed_subscriptions(database: Database) -> None:
    async with database.sessionmaker.begin() as session:
        subscriptions = SubscriptionService(session)
        for student in reference.sample_students():
            person = Principal(subject=student.id, roles=frozenset({Role.CITIZEN}))
            await subscriptions.put(
                person, SubscriptionWrite(areas=list(student.areas), language=student.language)
            )


async def seed_publications(database: Database) -> int:
    """Publish what is missing; returns how many were new."""
    new = 0
    for slug, body in PUBLICATIONS:
        publication_id = reference.reference_id("publication", slug)
        async with database.sessionmaker.begin() as session:
            if await PublicationRepository(session).get(publication_id) is not None:
                continue
            publications = PublicationService(session)
            publication = await publications.create(
                SERGEANT, PublicationCreate.model_validate(body), publication_id=publication_id
            )
            await publications.publish(SERGEANT, publication)
            new += 1
    return new


async def seed(settings: MessagingSettings, *, samples: bool) -> int:
    database = Database.from_settings(settings)
    try:
        await seed_areas(database)
        if not samples:
            return 0
        await seed_subscriptions(database)
        await seed_discussion(database)
        return await seed_publications(database)
    finally:
        await database.dispose()


def main() -> None:
    async def run(settings: MessagingSettings) -> str:
        new = await seed(settings, samples=settings.is_development)
        return (
            f"{len(reference.AREAS)} areas; {reference.SAMPLE_STUDENTS} students' "
            f"subscriptions; {new} new publications ({len(PUBLICATIONS)} in the reference "
            "deployment)"
        )

    seed_command("messaging", __doc__, MessagingSettings, run)


if __name__ == "__main__":
    main()
