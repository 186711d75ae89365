"""Uploading evidence: streamed originals under retention, sniffed types, clean shareable
copies, limits, and refusals that leave nothing behind (in the store or the database)."""

from __future__ import annotations

import hashlib
import io
import socket
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from minio import Minio
from minio.commonconfig import GOVERNANCE
from PIL import Image

from evidence_support import (
    DERIVATIVES_BUCKET,
    EVIDENCE_BUCKET,
    MULTIPART_TYPE,
    cut_off_body,
    fetch,
    heic,
    insert_report,
    jpeg_with_gps,
    mp4,
    noisy_jpeg,
    part_head,
    pdf,
    png,
    png_bomb,
    read_object,
    remove_retained,
    s3_client,
    streamed_body,
    unfinished_uploads,
    versions_under,
    webp,
)
from peelian.testing.infra import Infra
from peelian.testing.people import People
from peelian.testing.plugin import app_client
from reporting.evidence.ingest import PART_BYTES
from reporting.main import create_app
from reporting_helpers import ReportingSettingsFactory, outbox_types

pytestmark = pytest.mark.integration

MIB = 1024 * 1024
File = tuple[str, bytes, str]


@pytest.fixture(scope="module")
def s3(infra: Infra) -> Minio:
    return s3_client(infra)


@pytest.fixture
def app_with(reporting_settings: ReportingSettingsFactory) -> Any:
    """``async with app_with(max_photo_bytes=...) as client``: an app with other settings."""

    def make(**overrides: Any) -> Any:
        return app_client(create_app(reporting_settings(**overrides)))

    return make


async def upload(
    client: httpx.AsyncClient, report_id: uuid.UUID, headers: dict[str, str], *files: File
) -> httpx.Response:
    return await client.post(
        f"/reports/{report_id}/evidence",
        files=[("file", f) for f in files],
        headers=headers,
    )


async def evidence_rows(database_url: str, report_id: uuid.UUID) -> list[Any]:
    return await fetch(database_url, "SELECT * FROM evidence WHERE report_id = $1", report_id)


async def assert_nothing_stored(s3: Minio, database_url: str, report_id: uuid.UUID) -> None:
    prefix = f"reports/{report_id}/"
    assert versions_under(s3, EVIDENCE_BUCKET, prefix) == []
    assert versions_under(s3, DERIVATIVES_BUCKET, prefix) == []
    assert await evidence_rows(database_url, report_id) == []
    assert await outbox_types(database_url, str(report_id)) == []


async def test_a_photo_is_stored_under_retention_with_a_clean_shareable_copy(
    client: httpx.AsyncClient, people: People, reporting_database_url: str, s3: Minio
) -> None:
    reporter = uuid.uuid4()
    report_id = await insert_report(reporting_database_url, reporter)
    photo = jpeg_with_gps()

    response = await upload(
        client, report_id, people.citizen(reporter), ("x.bin", photo, "text/plain")
    )

    assert response.status_code == 201, response.text
    [item] = response.json()
    assert item["media_kind"] == "photo"
    assert item["content_type"] == "image/jpeg"  # sniffed, not the declared text/plain
    assert item["sha256"] == hashlib.sha256(photo).hexdigest()
    assert item["size_bytes"] == len(photo)
    assert (item["width"], item["height"]) == (64, 48)
    assert item["derivative_status"] == "ready"
    assert item["custody"] is None  # staff only

    key = f"reports/{report_id}/{item['id']}"
    [row] = await evidence_rows(reporting_database_url, report_id)
    assert row["original_key"] == key
    assert read_object(s3, EVIDENCE_BUCKET, key) == photo
    retention = s3.get_object_retention(EVIDENCE_BUCKET, key, version_id=row["original_version_id"])
    assert retention is not None
    assert retention.mode == GOVERNANCE
    # Theft evidence is kept 2557 days.
    assert retention.retain_until_date > datetime.now(UTC) + timedelta(days=2556)
    assert abs(retention.retain_until_date - row["retain_until"]) < timedelta(seconds=1)

    shareable = read_object(s3, DERIVATIVES_BUCKET, row["derivative_key"])
    assert b"Exif" not in shareable
    assert b"taken on campus" not in shareable
    with Image.open(io.BytesIO(shareable)) as image:
        assert image.format == "JPEG"
        assert not image.getexif()
        assert "exif" not in image.info
        assert image.size == (48, 64)  # the orientation tag was applied
    with Image.open(io.BytesIO(read_object(s3, DERIVATIVES_BUCKET, row["thumbnail_key"]))) as t:
        assert max(t.size) <= 320

    [custody] = await fetch(
        reporting_database_url, "SELECT * FROM custody_events WHERE evidence_id = $1", row["id"]
    )
    assert custody["action"] == "uploaded"
    assert (custody["actor_id"], custody["actor_role"]) == (None, "reporter")
    assert custody["purpose"] == "submitted by reporter"
    [entry] = await fetch(
        reporting_database_url,
        "SELECT * FROM timeline_entries WHERE report_id = $1 AND kind = 'evidence_attached'",
        report_id,
    )
    assert entry["visibility"] == "public"
    assert await outbox_types(reporting_database_url, str(report_id)) == [
        "org.peelian.evidence.attached.v1"
    ]


async def test_png_webp_pdf_and_video_in_one_request(
    client: httpx.AsyncClient, people: People, reporting_database_url: str
) -> None:
    reporter = uuid.uuid4()
    report_id = await insert_report(reporting_database_url, reporter, anonymous=True)
    files = [
        ("screenshot.png", png(), "image/png"),
        ("photo.webp", webp(lossless=True), "image/webp"),
        ("statement.pdf", pdf(), "application/pdf"),
        ("clip.mp4", mp4(), "video/mp4"),
        ("IMG_0001.HEIC", heic(), "image/heic"),
    ]

    response = await upload(client, report_id, people.anonymous(reporter), *files)

    assert response.status_code == 201, response.text
    stored = response.json()
    assert [(e["media_kind"], e["content_type"], e["derivative_status"]) for e in stored] == [
        ("photo", "image/png", "ready"),
        ("photo", "image/webp", "ready"),
        ("document", "application/pdf", "not_available"),
        ("video", "video/mp4", "not_available"),
        # No decoder here: stored as it came, without a shareable copy (see docs/evidence.md).
        ("photo", "image/heic", "not_available"),
    ]
    assert [e["sha256"] for e in stored] == [hashlib.sha256(f[1]).hexdigest() for f in files]
    assert (stored[1]["width"], stored[1]["height"]) == (40, 30)
    assert stored[4]["width"] is None
    assert len(await outbox_types(reporting_database_url, str(report_id))) == 5


async def test_a_large_file_goes_up_in_parts_and_keeps_its_hash(
    client: httpx.AsyncClient, people: People, reporting_database_url: str, s3: Minio
) -> None:
    reporter = uuid.uuid4()
    report_id = await insert_report(reporting_database_url, reporter)
    video = mp4(2 * PART_BYTES + 12345)

    response = await client.post(
        f"/reports/{report_id}/evidence",
        content=streamed_body("long.mp4", video),
        headers={**people.citizen(reporter), "Content-Type": MULTIPART_TYPE},
    )

    assert response.status_code == 201, response.text
    [item] = response.json()
    key = f"reports/{report_id}/{item['id']}"
    try:
        assert item["sha256"] == hashlib.sha256(video).hexdigest()
        stat = s3.stat_object(EVIDENCE_BUCKET, key)
        assert stat.size == len(video)
        assert stat.etag.endswith("-3")  # a multipart upload of three parts
        assert s3.get_object_retention(EVIDENCE_BUCKET, key) is not None
    finally:
        remove_retained(s3, EVIDENCE_BUCKET, key)


async def test_a_photo_no_copy_can_be_made_of_is_kept_without_one(
    client: httpx.AsyncClient, people: People, reporting_database_url: str, s3: Minio
) -> None:
    reporter = uuid.uuid4()
    report_id = await insert_report(reporting_database_url, reporter)
    photo = noisy_jpeg()
    truncated = photo[: len(photo) // 2]  # a sound header, half the picture

    response = await upload(client, report_id, people.citizen(reporter), ("p.jpg", truncated, ""))

    assert response.status_code == 201, response.text
    [item] = response.json()
    assert item["derivative_status"] == "failed"
    assert (item["width"], item["height"]) == (400, 300)
    key = f"reports/{report_id}/{item['id']}"
    assert read_object(s3, EVIDENCE_BUCKET, key) == truncated
    assert versions_under(s3, DERIVATIVES_BUCKET, f"reports/{report_id}/") == []


async def test_a_staff_upload_is_internal_and_names_the_officer(
    client: httpx.AsyncClient, people: People, reporting_database_url: str
) -> None:
    officer = uuid.uuid4()
    report_id = await insert_report(reporting_database_url, uuid.uuid4())

    response = await upload(client, report_id, people.officer(officer), ("cctv.mp4", mp4(), ""))

    assert response.status_code == 201, response.text
    [row] = await evidence_rows(reporting_database_url, report_id)
    assert (row["uploaded_by"], row["uploader_role"]) == (None, "officer")
    [custody] = await fetch(
        reporting_database_url, "SELECT * FROM custody_events WHERE evidence_id = $1", row["id"]
    )
    assert (custody["actor_id"], custody["purpose"]) == (officer, "added by officer")
    [entry] = await fetch(
        reporting_database_url,
        "SELECT visibility FROM timeline_entries WHERE report_id = $1 AND kind = $2",
        report_id,
        "evidence_attached",
    )
    assert entry["visibility"] == "internal"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("photo.jpg", b"<!doctype html><html><script>alert(1)</script></html>" * 10),
        ("photo.jpg", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 500),  # a Windows EXE
        ("empty.jpg", b""),
    ],
)
async def test_a_file_whose_bytes_are_not_an_accepted_type_is_refused(
    client: httpx.AsyncClient,
    people: People,
    reporting_database_url: str,
    s3: Minio,
    name: str,
    data: bytes,
) -> None:
    reporter = uuid.uuid4()
    report_id = await insert_report(reporting_database_url, reporter)

    response = await upload(client, report_id, people.citizen(reporter), (name, data, "image/jpeg"))

    assert response.status_code == 415, response.text
    assert response.json()["error"] == "unsupported_media_type"
    await assert_nothing_stored(s3, reporting_database_url, report_id)


async def test_a_refusal_of_the_second_file_removes_the_first(
    client: httpx.AsyncClient, people: People, reporting_database_url: str, s3: Minio
) -> None:
    reporter = uuid.uuid4()
    report_id = await insert_report(reporting_database_url, reporter)

    response = await upload(
        client,
        report_id,
        people.citizen(reporter),
        ("photo.jpg", jpeg_with_gps(), "image/jpeg"),
        ("page.html", b"<html></html>", "text/html"),
    )

    assert response.status_code == 415
    await assert_nothing_stored(s3, reporting_database_url, report_id)


async def test_an_oversized_file_is_refused_before_or_while_it_streams(
    app_with: Any,
    people: People,
    reporting_database_url: str,
    s3: Minio,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reporter = uuid.uuid4()
    report_id = await insert_report(reporting_database_url, reporter)
    begun: list[str] = []
    create_multipart_upload = Minio._create_multipart_upload

    def spy(self: Minio, bucket: str, key: str, headers: Any) -> str:
        begun.append(key)
        return create_multipart_upload(self, bucket, key, headers)

    monkeypatch.setattr(Minio, "_create_multipart_upload", spy)

    async with app_with(max_photo_bytes=500, max_video_bytes=40 * MIB) as client:
        small = await upload(
            client, report_id, people.citizen(reporter), ("p.jpg", jpeg_with_gps(), "")
        )
        # Well past the head, the buffer and the first part: refused mid-stream.
        large = await client.post(
            f"/reports/{report_id}/evidence",
            content=streamed_body("v.mp4", mp4(48 * MIB)),
            headers={**people.citizen(reporter), "Content-Type": MULTIPART_TYPE},
        )

    assert small.status_code == 413
    assert small.json()["error"] == "file_too_large"
    assert small.json()["detail"]["context"] == {"limit": "max_photo_bytes", "limit_bytes": 500}
    assert large.status_code == 413
    assert large.json()["detail"]["context"]["limit"] == "max_video_bytes"
    # The multipart upload the store had begun was aborted, not left incomplete.
    [key] = begun
    assert key.startswith(f"reports/{report_id}/")
    assert unfinished_uploads(s3, EVIDENCE_BUCKET, key) == []
    await assert_nothing_stored(s3, reporting_database_url, report_id)


async def test_a_report_holds_at_most_max_report_bytes(
    app_with: Any, people: People, reporting_database_url: str
) -> None:
    reporter = uuid.uuid4()
    report_id = await insert_report(reporting_database_url, reporter)
    headers = people.citizen(reporter)

    async with app_with(max_report_bytes=5000) as client:
        first = await upload(client, report_id, headers, ("a.mp4", mp4(3000), ""))
        second = await upload(client, report_id, headers, ("b.mp4", mp4(3000), ""))
        third = await upload(client, report_id, headers, ("c.mp4", mp4(2000), ""))

    assert first.status_code == 201
    assert second.status_code == 413
    assert second.json()["error"] == "evidence_quota_exceeded"
    assert second.json()["detail"]["context"] == {"limit": "max_report_bytes", "bytes_left": 2000}
    assert third.status_code == 201
    assert len(await evidence_rows(reporting_database_url, report_id)) == 2


async def test_an_uploader_may_store_at_most_max_uploader_bytes_per_day(
    app_with: Any, people: People, reporting_database_url: str
) -> None:
    reporter = uuid.uuid4()
    first_report = await insert_report(reporting_database_url, reporter)
    second_report = await insert_report(reporting_database_url, reporter)
    headers = people.citizen(reporter)

    async with app_with(max_uploader_bytes_per_day=5000) as client:
        first = await upload(client, first_report, headers, ("a.mp4", mp4(3000), ""))
        second = await upload(client, second_report, headers, ("b.mp4", mp4(3000), ""))
        # Staff have no daily limit.
        staff = await upload(client, second_report, people.officer(), ("c.mp4", mp4(3000), ""))

    assert first.status_code == 201
    assert second.status_code == 413
    assert second.json()["detail"]["context"]["limit"] == "max_uploader_bytes_per_day"
    assert staff.status_code == 201


async def test_a_decompression_bomb_is_refused_from_its_header(
    app_with: Any, people: People, reporting_database_url: str, s3: Minio
) -> None:
    reporter = uuid.uuid4()
    report_id = await insert_report(reporting_database_url, reporter)
    bomb = png_bomb()  # 400 megapixels in a few kilobytes
    assert len(bomb) < 256 * 1024

    async with app_with() as client:
        png_response = await upload(
            client, report_id, people.citizen(reporter), ("b.png", bomb, "")
        )
    async with app_with(max_image_pixels=1000) as client:
        webp_response = await upload(
            client, report_id, people.citizen(reporter), ("w.webp", webp(), "")
        )

    assert png_response.status_code == 413
    assert png_response.json()["error"] == "image_too_large"
    assert png_response.json()["detail"]["context"]["limit"] == "max_image_pixels"
    assert webp_response.status_code == 413
    assert webp_response.json()["detail"]["context"]["max_pixels"] == 1000
    await assert_nothing_stored(s3, reporting_database_url, report_id)


@pytest.mark.parametrize("keep", [1000, 600 * 1024])
async def test_a_cut_off_upload_leaves_nothing(
    client: httpx.AsyncClient, people: People, reporting_database_url: str, s3: Minio, keep: int
) -> None:
    reporter = uuid.uuid4()
    report_id = await insert_report(reporting_database_url, reporter)
    headers = {**people.citizen(reporter), "Content-Type": MULTIPART_TYPE}

    response = await client.post(
        f"/reports/{report_id}/evidence", content=cut_off_body(mp4(MIB), keep), headers=headers
    )

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_upload"
    await assert_nothing_stored(s3, reporting_database_url, report_id)


async def test_an_upload_whose_sender_fails_mid_file_leaves_nothing(
    client: httpx.AsyncClient, people: People, reporting_database_url: str, s3: Minio
) -> None:
    reporter = uuid.uuid4()
    report_id = await insert_report(reporting_database_url, reporter)
    headers = {**people.citizen(reporter), "Content-Type": MULTIPART_TYPE}

    async def failing() -> AsyncIterator[bytes]:
        yield part_head("video.mp4", "video/mp4")
        yield mp4(512 * 1024)
        raise ConnectionResetError("the phone lost its signal")

    with pytest.raises(ConnectionResetError):
        await client.post(f"/reports/{report_id}/evidence", content=failing(), headers=headers)

    await assert_nothing_stored(s3, reporting_database_url, report_id)


async def test_a_body_that_is_not_multipart_or_has_other_fields_is_refused(
    client: httpx.AsyncClient, people: People, reporting_database_url: str
) -> None:
    reporter = uuid.uuid4()
    report_id = await insert_report(reporting_database_url, reporter)
    headers = people.citizen(reporter)

    raw = await client.post(
        f"/reports/{report_id}/evidence",
        content=jpeg_with_gps(),
        headers={**headers, "Content-Type": "image/jpeg"},
    )
    other = await client.post(
        f"/reports/{report_id}/evidence",
        files=[("attachment", ("p.jpg", jpeg_with_gps(), "image/jpeg"))],
        headers=headers,
    )
    none = await client.post(f"/reports/{report_id}/evidence", data={}, files={}, headers=headers)

    assert [r.status_code for r in (raw, other, none)] == [400, 400, 400]
    assert {r.json()["error"] for r in (raw, other, none)} == {"invalid_upload"}


async def test_an_unreachable_store_is_a_503_and_leaves_no_rows(
    app_with: Any, people: People, reporting_database_url: str
) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    reporter = uuid.uuid4()
    report_id = await insert_report(reporting_database_url, reporter)

    async with app_with(s3_endpoint=f"127.0.0.1:{closed_port}") as client:
        response = await upload(
            client, report_id, people.citizen(reporter), ("p.jpg", jpeg_with_gps(), "")
        )

    assert response.status_code == 503
    assert response.json()["error"] == "dependency_unavailable"
    assert int(response.headers["Retry-After"]) > 0
    assert await evidence_rows(reporting_database_url, report_id) == []
    assert await outbox_types(reporting_database_url, str(report_id)) == []


@pytest.mark.parametrize("ended", ["resolved", "closed", "withdrawn"])
async def test_no_evidence_can_be_added_to_an_ended_report(
    client: httpx.AsyncClient, people: People, reporting_database_url: str, ended: str
) -> None:
    reporter = uuid.uuid4()
    report_id = await insert_report(reporting_database_url, reporter, status=ended)

    response = await upload(client, report_id, people.citizen(reporter), ("a.pdf", pdf(), ""))

    assert response.status_code == 409
    assert response.json()["error"] == "report_ended"


async def test_only_the_reporter_and_staff_may_upload(
    client: httpx.AsyncClient, people: People, reporting_database_url: str
) -> None:
    report_id = await insert_report(reporting_database_url, uuid.uuid4())

    other = await upload(client, report_id, people.citizen(), ("a.pdf", pdf(), ""))
    partner = await upload(client, report_id, people.partner(), ("a.pdf", pdf(), ""))
    nobody = await upload(client, report_id, {}, ("a.pdf", pdf(), ""))
    missing = await upload(client, uuid.uuid4(), people.officer(), ("a.pdf", pdf(), ""))

    assert (other.status_code, other.json()["error"]) == (404, "report_not_found")
    assert (partner.status_code, partner.json()["error"]) == (403, "partner_forbidden")
    assert nobody.status_code == 401
    assert missing.status_code == 404
