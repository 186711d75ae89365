"""Direct uploads: a presigned POST to the staging bucket, then a confirmation that checks the
file like a streamed one before it becomes evidence."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

import httpx
import pytest
from minio import Minio
from minio.error import S3Error

from evidence_support import (
    EVIDENCE_BUCKET,
    STAGING_BUCKET,
    fetch,
    insert_report,
    mp4,
    read_object,
    s3_client,
    versions_under,
)
from peelian.testing.infra import Infra
from peelian.testing.people import People
from reporting_helpers import outbox_types

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def s3(infra: Infra) -> Minio:
    return s3_client(infra)


async def presign(
    client: httpx.AsyncClient,
    report_id: uuid.UUID,
    headers: dict[str, str],
    media_kind: str,
    size: int,
) -> httpx.Response:
    return await client.post(
        f"/reports/{report_id}/evidence/uploads",
        json={"media_kind": media_kind, "size_bytes": size},
        headers=headers,
    )


async def post_to_store(upload: dict[str, Any], data: bytes) -> httpx.Response:
    async with httpx.AsyncClient() as store:
        return await store.post(
            upload["url"], data=upload["fields"], files={"file": ("clip.mp4", data)}
        )


def staged_exists(s3: Minio, key: str) -> bool:
    try:
        s3.stat_object(STAGING_BUCKET, key)
    except S3Error as exc:
        if exc.code == "NoSuchKey":
            return False
        raise
    return True


async def upload_status(database_url: str, upload_id: str) -> str:
    [row] = await fetch(
        database_url, "SELECT status FROM direct_uploads WHERE id = $1", uuid.UUID(upload_id)
    )
    status: str = row["status"]
    return status


async def test_a_file_posted_to_the_store_becomes_evidence_when_confirmed(
    client: httpx.AsyncClient, people: People, reporting_database_url: str, s3: Minio
) -> None:
    reporter = uuid.uuid4()
    report_id = await insert_report(reporting_database_url, reporter)
    headers = people.citizen(reporter)
    video = mp4(300 * 1024)

    presigned = await presign(client, report_id, headers, "video", len(video))
    assert presigned.status_code == 201, presigned.text
    upload = presigned.json()
    assert upload["max_bytes"] == len(video)
    stored = await post_to_store(upload, video)
    assert stored.status_code == 204, stored.text
    confirm_url = f"/reports/{report_id}/evidence/uploads/{upload['upload_id']}/confirm"
    confirmed = await client.post(confirm_url, headers=headers)
    again = await client.post(confirm_url, headers=headers)

    assert confirmed.status_code == 201, confirmed.text
    evidence = confirmed.json()
    assert evidence["sha256"] == hashlib.sha256(video).hexdigest()
    assert (evidence["media_kind"], evidence["content_type"]) == ("video", "video/mp4")
    assert read_object(s3, EVIDENCE_BUCKET, f"reports/{report_id}/{evidence['id']}") == video
    assert not staged_exists(s3, upload["fields"]["key"])
    assert await upload_status(reporting_database_url, upload["upload_id"]) == "confirmed"
    assert (again.status_code, again.json()["id"]) == (200, evidence["id"])
    assert await outbox_types(reporting_database_url, str(report_id)) == [
        "org.peelian.evidence.attached.v1"
    ]
    [custody] = await fetch(
        reporting_database_url,
        "SELECT detail->>'via' AS via FROM custody_events WHERE evidence_id = $1",
        uuid.UUID(evidence["id"]),
    )
    assert custody["via"] == "direct_upload"


async def test_the_store_refuses_more_than_the_declared_size(
    client: httpx.AsyncClient, people: People, reporting_database_url: str, s3: Minio
) -> None:
    reporter = uuid.uuid4()
    report_id = await insert_report(reporting_database_url, reporter)
    upload = (await presign(client, report_id, people.citizen(reporter), "video", 1000)).json()

    stored = await post_to_store(upload, mp4(5000))

    assert stored.status_code == 400
    assert "EntityTooLarge" in stored.text
    assert not staged_exists(s3, upload["fields"]["key"])


async def test_a_spoofed_staged_file_is_rejected_and_deleted(
    client: httpx.AsyncClient, people: People, reporting_database_url: str, s3: Minio
) -> None:
    reporter = uuid.uuid4()
    report_id = await insert_report(reporting_database_url, reporter)
    headers = people.citizen(reporter)
    fake = b"<html><body>not a video</body></html>" * 20
    upload = (await presign(client, report_id, headers, "video", len(fake))).json()
    assert (await post_to_store(upload, fake)).status_code == 204
    confirm_url = f"/reports/{report_id}/evidence/uploads/{upload['upload_id']}/confirm"

    refused = await client.post(confirm_url, headers=headers)
    again = await client.post(confirm_url, headers=headers)

    assert (refused.status_code, refused.json()["error"]) == (415, "unsupported_media_type")
    assert not staged_exists(s3, upload["fields"]["key"])
    # The refusal is kept although the request failed.
    assert await upload_status(reporting_database_url, upload["upload_id"]) == "rejected"
    assert (again.status_code, again.json()["error"]) == (409, "upload_rejected")
    assert versions_under(s3, EVIDENCE_BUCKET, f"reports/{report_id}/") == []
    assert (
        await fetch(
            reporting_database_url, "SELECT id FROM evidence WHERE report_id = $1", report_id
        )
        == []
    )


async def test_confirming_before_the_file_arrived_changes_nothing(
    client: httpx.AsyncClient, people: People, reporting_database_url: str
) -> None:
    reporter = uuid.uuid4()
    report_id = await insert_report(reporting_database_url, reporter)
    headers = people.citizen(reporter)
    upload = (await presign(client, report_id, headers, "audio", 1000)).json()
    confirm_url = f"/reports/{report_id}/evidence/uploads/{upload['upload_id']}/confirm"

    early = await client.post(confirm_url, headers=headers)
    stranger = await client.post(confirm_url, headers=people.citizen())

    assert (early.status_code, early.json()["error"]) == (409, "upload_not_received")
    assert await upload_status(reporting_database_url, upload["upload_id"]) == "pending"
    assert stranger.status_code == 404


async def test_a_direct_upload_larger_than_the_limits_is_not_presigned(
    client: httpx.AsyncClient, people: People, reporting_database_url: str
) -> None:
    reporter = uuid.uuid4()
    report_id = await insert_report(reporting_database_url, reporter)

    response = await presign(client, report_id, people.citizen(reporter), "photo", 10**9)

    assert response.status_code == 413
    assert response.json()["detail"]["context"]["limit"] == "max_photo_bytes"
