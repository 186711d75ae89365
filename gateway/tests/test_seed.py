"""The reference deployment's identities: seeded once, idempotent, and able to sign in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

import peelian.reference as reference
from gateway.accounts.models import Account
from gateway.clients.models import PartnerClient
from gateway.main import create_app
from gateway.seed import STAFF, seed
from peelian.db.engine import Database
from peelian.testing.plugin import CreateDatabase, app_client

pytestmark = pytest.mark.integration


async def test_seed_is_idempotent_and_its_credentials_work(
    gateway_settings: Any, create_database: CreateDatabase
) -> None:
    url = await create_database("gateway_seed", Path(__file__).parent.parent / "alembic.ini")
    settings = gateway_settings(database_url=url, environment="development")
    first = await seed(settings, {})
    second = await seed(settings, first)
    assert second == first  # a re-run keeps (and reprints) the same credentials
    # Lost credentials are reset rather than left unknown.
    lost = {k: v for k, v in first.items() if k != "pc.jones@police.example"}
    third = await seed(settings, lost)
    assert third["pc.jones@police.example"] != first["pc.jones@police.example"]

    database = Database.from_url(url)
    try:
        async with database.sessionmaker() as session:
            accounts = await session.scalar(select(func.count()).select_from(Account))
            ids = {e: i for e, i in await session.execute(select(Account.email, Account.id))}
            partner_staff = {
                email: (name, roles, partner)
                for email, name, roles, partner in await session.execute(
                    select(
                        Account.email, Account.display_name, Account.roles, Account.partner_id
                    ).where(Account.partner_id.is_not(None))
                )
            }
            clients = await session.scalar(select(func.count()).select_from(PartnerClient))
    finally:
        await database.dispose()
    assert accounts == len(STAFF) + reference.SAMPLE_STUDENTS + len(reference.PARTNER_AGENCIES)
    # Each agency's duty desk works its referrals in the dashboard as partner staff.
    assert partner_staff == {
        reference.partner_staff_email(agency): (f"{agency.name} duty desk", ["partner"], agency.id)
        for agency in reference.PARTNER_AGENCIES
    }
    # Other services' seeds find the seeded people by these ids.
    assert ids[reference.sample_student_email(7)] == reference.account_id(
        "student07@" + reference.STUDENT_EMAIL_DOMAIN
    )
    assert ids["pc.jones@police.example"] == reference.account_id("PC.Jones@police.example")
    for student in reference.sample_students():
        assert len(student.areas) == len(set(student.areas))
    assert clients == len(reference.PARTNER_AGENCIES)

    async with app_client(create_app(settings)) as client:
        officer = await client.post(
            "/auth/token",
            data={
                "grant_type": "password",
                "username": "pc.jones@police.example",
                "password": third["pc.jones@police.example"],
            },
        )
        assert officer.status_code == 200
        victim_support = reference.PARTNER_AGENCIES[3]
        partner = await client.post(
            "/auth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": f"pc_{victim_support.slug}",
                "client_secret": third[f"pc_{victim_support.slug}"],
            },
        )
        assert partner.status_code == 200
        duty_desk = reference.partner_staff_email(victim_support)
        staff = await client.post(
            "/auth/token",
            data={"grant_type": "password", "username": duty_desk, "password": third[duty_desk]},
        )
        assert staff.status_code == 200
