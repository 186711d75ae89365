"""A report and its files in one request (POST /reports/with-evidence): all or nothing."""

from __future__ import annotations

import json
import socket
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from minio import Minio

from evidence_support import EVIDENCE_BUCKET, jpeg_with_gps, s3_client, versions_under
from peelian.testing.infra import Infra
from peelian.testing.people import People
from peelian.testing.plugin import app_client
from reporting.main import create_app
from reporting_helpers import ReportingSettingsFactory, outbox_types, report_body

pytestmark = pytest.mark.integration

PDF = b"%PDF-1.4\n% a written statement\n%%EOF\n"


def form(report: dict[str, Any], *files: tuple[str, bytes, str]) -> list[Any]:
    """The multipart parts: the report first, then the files."""
    return [
        ("report", (None, json.dumps(report), "application/json")),
        *(("file", f) for f in files),
    ]


def versions(client: Minio) -> int:
    """Every object version in the evidence bucket (refused files are removed by version)."""
    return len(versions_under(client, EVIDENCE_BUCKET, "reports/"))


@pytest.fixture
def store(infra: Infra) -> Minio:
    return s3_client(infra)


async def test_a_report_arrives_with_its_photo_and_statement(
    client: httpx.AsyncClient, people: People, reporting_database_url: str
) -> None:
    reporter = people.citizen()

    response = await client.post(
        "/reports/with-evidence",
        files=form(
            report_body(),
            ("lock.jpg", jpeg_with_gps(), "image/jpeg"),
            ("statement.pdf", PDF, "application/pdf"),
        ),
        headers=reporter,
    )

    assert response.status_code == 201, response.text
    submitted = response.json()
    assert submitted["status"] == "received"
    assert [e["media_kind"] for e in submitted["evidence"]] == ["photo", "document"]
    listed = await client.get(f"/reports/{submitted['id']}/evidence", headers=reporter)
    assert len(listed.json()["items"]) == 2
    assert await outbox_types(reporting_database_url, submitted["id"]) == [
        "org.peelian.report.submitted.v1",
        "org.peelian.evidence.attached.v1",
        "org.peelian.evidence.attached.v1",
    ]


async def test_a_report_alone_is_fine_too(client: httpx.AsyncClient, people: People) -> None:
    response = await client.post(
        "/reports/with-evidence", files=form(report_body()), headers=people.citizen()
    )

    assert response.status_code == 201, response.text
    assert response.json()["evidence"] == []


async def test_a_refused_second_file_leaves_no_report_and_no_object(
    client: httpx.AsyncClient, people: People, store: Minio
) -> None:
    reporter = people.citizen()
    before = versions(store)

    response = await client.post(
        "/reports/with-evidence",
        files=form(
            report_body(),
            ("lock.jpg", jpeg_with_gps(), "image/jpeg"),
            ("photo.jpg", b"<html><script>alert(1)</script></html>" * 10, "image/jpeg"),
        ),
        headers=reporter,
    )

    assert response.status_code == 415, response.text
    assert (await client.get("/reports/mine", headers=reporter)).json()["items"] == []
    assert versions(store) == before


async def test_the_store_down_gives_503_and_no_report(
    reporting_settings: ReportingSettingsFactory, people: People
) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed_port = s.getsockname()[1]
    reporter = people.citizen()
    app = create_app(reporting_settings(s3_endpoint=f"127.0.0.1:{closed_port}"))

    async with app_client(app) as down:
        response = await down.post(
            "/reports/with-evidence",
            files=form(report_body(), ("lock.jpg", jpeg_with_gps(), "image/jpeg")),
            headers=reporter,
        )
        mine = await down.get("/reports/mine", headers=reporter)

    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0
    assert mine.json()["items"] == []


async def test_a_cut_off_body_leaves_no_report_and_no_object(
    client: httpx.AsyncClient, people: People, store: Minio
) -> None:
    reporter = people.citizen()
    boundary = uuid.uuid4().hex
    before = versions(store)

    async def cut_off() -> AsyncIterator[bytes]:
        yield (
            f'--{boundary}\r\nContent-Disposition: form-data; name="report"\r\n\r\n'
            f"{json.dumps(report_body())}\r\n--{boundary}\r\nContent-Disposition: form-data; "
            f'name="file"; filename="a.jpg"\r\n\r\n'
        ).encode()
        yield jpeg_with_gps()[:2000]  # and then the connection drops

    response = await client.post(
        "/reports/with-evidence",
        content=cut_off(),
        headers={**reporter, "Content-Type": f"multipart/form-data; boundary={boundary}"},
    )

    assert response.status_code == 400
    assert (await client.get("/reports/mine", headers=reporter)).json()["items"] == []
    assert versions(store) == before


@pytest.mark.parametrize(
    ("files", "status", "says"),
    [
        ([("file", ("a.jpg", jpeg_with_gps(), "image/jpeg"))], 400, "first part must be named"),
        (
            [("report", (None, json.dumps(report_body(category="nope")), "application/json"))],
            400,
            "unknown category",
        ),
        (
            [("report", (None, json.dumps(report_body(latitude=91.0)), "application/json"))],
            422,
            "less than or equal to 90",
        ),
    ],
)
async def test_a_bad_report_part_is_refused_before_any_file(
    client: httpx.AsyncClient, people: People, files: list[Any], status: int, says: str
) -> None:
    response = await client.post("/reports/with-evidence", files=files, headers=people.citizen())

    assert response.status_code == status, response.text
    assert says in response.text


async def test_a_retry_returns_the_first_report_and_its_files(
    client: httpx.AsyncClient, people: People
) -> None:
    headers = {**people.citizen(), "Idempotency-Key": str(uuid.uuid4())}
    body = form(report_body(), ("lock.jpg", jpeg_with_gps(), "image/jpeg"))

    first = await client.post("/reports/with-evidence", files=body, headers=headers)
    retry = await client.post("/reports/with-evidence", files=body, headers=headers)

    assert first.status_code == retry.status_code == 201
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert retry.json()["id"] == first.json()["id"]
    assert [e["id"] for e in retry.json()["evidence"]] == [
        e["id"] for e in first.json()["evidence"]
    ]
