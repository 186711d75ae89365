"""The reference deployment's messaging seed: areas, students' subscriptions, publications."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

import peelian.reference as reference
from messaging.main import create_app
from messaging.publications.fanout import FanOutWorker
from messaging.publications.models import FanOut, Publication
from messaging.seed import DISCUSSION, PROPOSALS, PUBLICATIONS, seed
from messaging.subscriptions.models import Subscription
from messaging_helpers import ALEMBIC_INI, MessagingSettingsFactory
from peelian.db.engine import Database
from peelian.testing.people import People
from peelian.testing.plugin import CreateDatabase, app_client

pytestmark = pytest.mark.integration


async def test_seed_is_idempotent_and_students_receive_the_warning(
    create_database: CreateDatabase, messaging_settings: MessagingSettingsFactory, people: People
) -> None:
    url = await create_database("messaging_seed", ALEMBIC_INI)
    settings = messaging_settings(database_url=url, environment="development")

    assert await seed(settings, samples=True) == len(PUBLICATIONS)
    assert await seed(settings, samples=True) == 0

    database = Database.from_url(url)
    try:
        await FanOutWorker(database).run_pending()
        async with database.sessionmaker() as session:
            publications = await session.scalar(select(func.count()).select_from(Publication))
            subscriptions = await session.scalar(select(func.count()).select_from(Subscription))
            fan_outs = (await session.scalars(select(FanOut.status))).all()
    finally:
        await database.dispose()
    assert publications == len(PUBLICATIONS)
    assert subscriptions == reference.SAMPLE_STUDENTS
    assert list(fan_outs) == ["done", "done"]  # the appeal and the warning

    student = reference.sample_students()[0]
    async with app_client(create_app(settings)) as client:
        inbox = (await client.get("/inbox", headers=people.citizen(student.id))).json()["items"]
        feed = (await client.get("/feeds/publications", params={"kind": "advice"})).json()
        discussions = (await client.get("/discussions")).json()
    assert "Take care on the path behind the library after dark" in {
        e["publication"]["title"] for e in inbox
    }
    assert len(feed["items"]) == 6
    [walk_home] = [d for d in discussions["items"] if d["title"] == DISCUSSION.title]
    async with app_client(create_app(settings)) as client:
        detail = (await client.get(f"/discussions/{walk_home['id']}")).json()
    assert len(detail["proposals"]) == len(PROPOSALS)
    assert all(p["support"] > p["oppose"] >= 1 for p in detail["proposals"])
