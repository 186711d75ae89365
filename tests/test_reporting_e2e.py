"""End to end over real HTTP, through the gateway to the reporting service: a new student
reports a theft with a photo, an officer finds, triages and updates it, and the student reads
the update. Tokens are the gateway's own, verified by the service through the JWKS."""

from __future__ import annotations

import contextlib
import io
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from PIL import Image

from e2e_support import alembic_ini, gateway_settings
from gateway.main import create_app as create_gateway
from peelian.testing.infra import Infra
from peelian.testing.plugin import CreateDatabase
from peelian.testing.serve import bound_socket, serve
from reporting.config import ReportingSettings
from reporting.main import create_app as create_reporting
from reporting.seed import seed as seed_reporting

pytestmark = pytest.mark.integration

ADMIN_EMAIL = "e2e-admin@police.example"
PASSWORD = "amber-kettle-violin-42"


@pytest.fixture
async def gateway_url(
    infra: Infra, create_database: CreateDatabase, service_env: dict[str, Any]
) -> AsyncIterator[str]:
    """The gateway and the reporting service, each on its own port."""
    gateway_database = await create_database("e2e_gateway", alembic_ini("gateway"))
    reporting_database = await create_database("e2e_reporting", alembic_ini("services/reporting"))
    gateway_socket = bound_socket()
    gateway_base = f"http://127.0.0.1:{gateway_socket.getsockname()[1]}"
    reporting_settings = ReportingSettings(
        **{**service_env, "jwks_json": None},
        database_url=reporting_database,
        jwks_url=f"{gateway_base}/.well-known/jwks.json",
        s3_endpoint=infra.s3_endpoint,
        s3_access_key=infra.s3_access_key,
        s3_secret_key=infra.s3_secret_key,
        evidence_bucket="test-evidence",
        derivatives_bucket="test-evidence-derivatives",
        staging_bucket="test-evidence-staging",
    )
    await seed_reporting(reporting_settings, samples=False)  # the named areas
    reporting = create_reporting(reporting_settings)
    async with contextlib.AsyncExitStack() as stack:
        reporting_url = await stack.enter_async_context(serve(reporting))
        gateway = create_gateway(
            gateway_settings(
                infra,
                gateway_database,
                {"reporting": reporting_url},
                first_admin_email=ADMIN_EMAIL,
                first_admin_password=PASSWORD,
            )
        )
        yield await stack.enter_async_context(serve(gateway, sock=gateway_socket))


async def sign_in(client: httpx.AsyncClient, email: str, password: str) -> dict[str, str]:
    response = await client.post(
        "/auth/token", data={"grant_type": "password", "username": email, "password": password}
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (40, 90, 160)).save(out, "JPEG")
    return out.getvalue()


async def test_a_student_reports_and_an_officer_works_the_report(gateway_url: str) -> None:
    async with httpx.AsyncClient(base_url=gateway_url, timeout=30) as client:
        # A new student signs up and reports a stolen bike, with a photo of the cut lock.
        email = f"e2e-{uuid.uuid4().hex[:8]}@students.example.ac.uk"
        registered = await client.post(
            "/accounts", json={"email": email, "password": PASSWORD, "display_name": "Sam"}
        )
        assert registered.status_code == 201, registered.text
        student = await sign_in(client, email, PASSWORD)
        categories = (await client.get("/categories")).json()
        assert "theft" in {c["slug"] for c in categories}

        submitted = await client.post(
            "/reports",
            json={
                "category": "theft",
                "description": "My bike was stolen from the library racks; the lock was cut.",
                "occurred_at": "2026-11-20T18:30:00Z",
                "latitude": 51.4889,
                "longitude": -3.1787,
                "contact_consent": True,
            },
            headers={**student, "Idempotency-Key": str(uuid.uuid4())},
        )
        assert submitted.status_code == 201, submitted.text
        report = submitted.json()
        assert "campus" in report["areas"]
        uploaded = await client.post(
            f"/reports/{report['id']}/evidence",
            files={"file": ("lock.jpg", photo(), "image/jpeg")},
            headers=student,
        )
        assert uploaded.status_code == 201, uploaded.text

        # The admin makes an officer account; the officer finds the report on campus.
        admin = await sign_in(client, ADMIN_EMAIL, PASSWORD)
        officer_email = f"pc-{uuid.uuid4().hex[:6]}@police.example"
        made = await client.post(
            "/admin/accounts",
            json={"email": officer_email, "display_name": "PC E2E", "roles": ["officer"]},
            headers=admin,
        )
        assert made.status_code == 201, made.text
        officer = await sign_in(client, officer_email, made.json()["initial_password"])
        found = await client.get(
            "/reports", params={"area": "campus", "q": "bike lock"}, headers=officer
        )
        assert report["id"] in [r["id"] for r in found.json()["items"]]
        evidence = await client.get(f"/reports/{report['id']}/evidence", headers=officer)
        assert [e["media_kind"] for e in evidence.json()["items"]] == ["photo"]

        triaged = await client.patch(
            f"/reports/{report['id']}/triage", json={"priority": "high"}, headers=officer
        )
        assert triaged.json()["status"] == "triaged"
        update = "We have CCTV of the racks and are reviewing it."
        assert (
            await client.post(
                f"/reports/{report['id']}/updates", json={"text": update}, headers=officer
            )
        ).status_code == 201
        assert (
            await client.post(
                f"/reports/{report['id']}/notes",
                json={"text": "Suspect matches the bolt-cutter pair"},
                headers=officer,
            )
        ).status_code == 201

        # The student sees the new status and the update, never the internal note.
        mine = (await client.get("/reports/mine", headers=student)).json()["items"]
        assert mine[0]["status"] == "triaged"
        timeline = (await client.get(f"/reports/{report['id']}/timeline", headers=student)).json()
        bodies = [e["body"] for e in timeline]
        assert update in bodies
        assert not any("bolt-cutter" in (b or "") for b in bodies)
