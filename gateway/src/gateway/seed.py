"""Seed the reference deployment's identities: `python -m gateway.seed`.

An admin, the university neighbourhood team (a supervisor and officers), sample students, and
per partner agency a duty desk account (its staff, in the dashboard) and a client (its case
system). Idempotent: existing accounts are kept. Passwords and client secrets are generated,
written to a credentials file only readable by its owner, and printed, in development only;
the seed refuses to run in production, where the first admin comes from configuration and
everything else is made through the admin API.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import sys
import uuid
from pathlib import Path

import orjson
from sqlalchemy.ext.asyncio import AsyncSession

import peelian.reference as reference
from gateway.accounts.models import Account, AccountStatus
from gateway.accounts.repository import AccountRepository
from gateway.accounts.service import normalise_email
from gateway.clients.models import PartnerClient
from gateway.clients.service import CLIENT_SECRET_PREFIX
from gateway.config import GatewaySettings
from gateway.credentials import Passwords, digest, generate
from peelian.auth.principal import Role
from peelian.db.engine import Database
from peelian.logging import configure_logging

STAFF = (
    ("admin", "Platform Administrator", [Role.ADMIN], None),
    ("sgt.patel", "Sergeant Priya Patel", [Role.SUPERVISOR], reference.NEIGHBOURHOOD_TEAM),
    ("pc.jones", "PC Rhys Jones", [Role.OFFICER], reference.NEIGHBOURHOOD_TEAM),
    ("pc.okafor", "PC Chidi Okafor", [Role.OFFICER], reference.NEIGHBOURHOOD_TEAM),
    ("pcso.williams", "PCSO Megan Williams", [Role.OFFICER], reference.NEIGHBOURHOOD_TEAM),
)


class Seeder:
    def __init__(self, session: AsyncSession, passwords: Passwords, known: dict[str, str]):
        self.session = session
        self.passwords = passwords
        self.accounts = AccountRepository(session)
        # Credentials from earlier runs, so that a re-run prints the same ones.
        self.known = known
        self.credentials: dict[str, str] = {}

    async def account(
        self,
        email: str,
        display_name: str,
        roles: list[Role],
        *,
        team: str | None = None,
        partner_id: uuid.UUID | None = None,
        language: str = "en",
        areas: list[str] | None = None,
    ) -> None:
        email = normalise_email(email)
        existing = await self.accounts.by_email(email)
        password = self.known.get(email)
        if existing is not None and password is not None:
            self.credentials[email] = password
            return
        # A new account, or one whose password was lost with the credentials file: (re)set it.
        password = secrets.token_urlsafe(12)
        hashed = await self.passwords.hash(password)
        if existing is None:
            await self.accounts.create(
                Account(
                    # Stable ids: other services' seeds give these people sample data.
                    id=reference.account_id(email),
                    email=email,
                    password_hash=hashed,
                    display_name=display_name,
                    preferred_language=language,
                    home_areas=areas or [],
                    roles=sorted(roles),
                    team=team,
                    partner_id=partner_id,
                    status=AccountStatus.ACTIVE,
                )
            )
        else:
            existing.password_hash = hashed
        self.credentials[email] = password

    async def partner_client(self, agency: reference.PartnerAgency) -> None:
        client_id = f"pc_{agency.slug}"
        existing = await self.session.get(PartnerClient, agency.id)
        secret = self.known.get(client_id)
        if existing is not None and secret is not None:
            self.credentials[client_id] = secret
            return
        secret = generate(CLIENT_SECRET_PREFIX)
        if existing is None:
            self.session.add(
                PartnerClient(
                    id=agency.id,
                    client_id=client_id,
                    partner_id=agency.id,
                    name=f"{agency.name} (case system)",
                    secret_hash=digest(secret),
                )
            )
        else:
            existing.secret_hash = digest(secret)
        self.credentials[client_id] = secret


async def seed(settings: GatewaySettings, known: dict[str, str]) -> dict[str, str]:
    """Create what is missing; returns every seeded sign-in and its password or secret."""
    database = Database.from_settings(settings)
    try:
        async with database.sessionmaker() as session, session.begin():
            seeder = Seeder(session, Passwords(settings), known)
            for local, name, roles, team in STAFF:
                email = reference.staff_email(local)
                await seeder.account(email, name, roles, team=team)
            for student in reference.sample_students():
                await seeder.account(
                    student.email,
                    student.display_name,
                    [Role.CITIZEN],
                    language=student.language,
                    areas=list(student.areas),
                )
            for agency in reference.PARTNER_AGENCIES:
                await seeder.account(
                    reference.partner_staff_email(agency),
                    f"{agency.name} duty desk",
                    [Role.PARTNER],
                    partner_id=agency.id,
                )
                await seeder.partner_client(agency)
    finally:
        await database.dispose()
    return seeder.credentials


def _write_private(path: Path, credentials: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(orjson.dumps(credentials, option=orjson.OPT_INDENT_2))


def _print(credentials: dict[str, str], credentials_file: Path) -> None:
    out = sys.stdout.write
    out(f"\nReference deployment: {reference.FORCE_NAME} (development credentials)\n")
    out(f"  {'sign-in (email or partner client id)':<44} password / client secret\n")
    for name, secret in credentials.items():
        if name.startswith("student") and not name.startswith("student01@"):
            continue
        out(f"  {name:<44} {secret}\n")
    out(
        f"  ... and {reference.SAMPLE_STUDENTS - 1} more sample students "
        f"(student02..{reference.SAMPLE_STUDENTS:02d})\n"
    )
    out(f"  all of them: {credentials_file}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--credentials-file", type=Path, default=Path(".run/seed-credentials.json"))
    args = parser.parse_args()
    settings = GatewaySettings()
    configure_logging("gateway-seed", settings.log_level, settings.log_json)
    if not settings.is_development:
        sys.exit(f"refusing to seed sample accounts in the {settings.environment} environment")
    path: Path = args.credentials_file
    known = orjson.loads(path.read_bytes()) if path.exists() else {}
    credentials = asyncio.run(seed(settings, known))
    _write_private(path, credentials)
    _print(credentials, args.credentials_file)


if __name__ == "__main__":
    main()
