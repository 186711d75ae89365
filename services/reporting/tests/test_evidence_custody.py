"""Who sees evidence, downloads through presigned URLs, the chain of custody, and the export
that re-verifies an original's hash (and raises the alarm when it no longer matches)."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

import httpx
import orjson
import pytest

from evidence_support import execute, fetch, insert_report, jpeg_with_gps, pdf
from peelian.testing.people import People

pytestmark = pytest.mark.integration


async def add_evidence(
    client: httpx.AsyncClient, report_id: uuid.UUID, headers: dict[str, str], *files: Any
) -> list[dict[str, Any]]:
    response = await client.post(
        f"/reports/{report_id}/evidence", files=[("file", f) for f in files], headers=headers
    )
    assert response.status_code == 201, response.text
    stored: list[dict[str, Any]] = response.json()
    return stored


async def custody_rows(database_url: str, evidence_id: str) -> list[dict[str, Any]]:
    rows = await fetch(
        database_url,
        "SELECT * FROM custody_events WHERE evidence_id = $1 ORDER BY at, id",
        uuid.UUID(evidence_id),
    )
    return [{**row, "detail": orjson.loads(row["detail"])} for row in rows]


async def test_reporters_see_their_own_uploads_and_staff_see_everything(
    client: httpx.AsyncClient, people: People, reporting_database_url: str
) -> None:
    reporter = uuid.uuid4()
    report_id = await insert_report(reporting_database_url, reporter)
    [mine] = await add_evidence(
        client, report_id, people.citizen(reporter), ("p.jpg", jpeg_with_gps(), "")
    )
    [cctv] = await add_evidence(client, report_id, people.officer(), ("c.pdf", pdf(), ""))

    as_reporter = await client.get(
        f"/reports/{report_id}/evidence", headers=people.citizen(reporter)
    )
    as_staff = await client.get(f"/reports/{report_id}/evidence", headers=people.officer())
    as_other = await client.get(f"/reports/{report_id}/evidence", headers=people.citizen())
    as_partner = await client.get(f"/reports/{report_id}/evidence", headers=people.partner())

    assert as_reporter.status_code == 200
    assert [e["id"] for e in as_reporter.json()["items"]] == [mine["id"]]
    assert as_reporter.json()["items"][0]["custody"] is None
    staff_items = as_staff.json()["items"]
    assert [e["id"] for e in staff_items] == [cctv["id"], mine["id"]]  # newest first
    assert staff_items[1]["custody"]["custody_events"] == 1
    assert staff_items[1]["custody"]["uploader_role"] == "reporter"
    assert staff_items[1]["custody"]["integrity_alarm"] is False
    assert as_other.status_code == 404
    assert as_partner.status_code == 403


async def test_staff_opening_evidence_give_a_purpose_and_are_recorded(
    client: httpx.AsyncClient, people: People, reporting_database_url: str
) -> None:
    reporter, officer = uuid.uuid4(), uuid.uuid4()
    report_id = await insert_report(reporting_database_url, reporter)
    [item] = await add_evidence(client, report_id, people.citizen(reporter), ("a.pdf", pdf(), ""))
    url = f"/reports/{report_id}/evidence/{item['id']}"

    without = await client.get(url, headers=people.officer(officer))
    viewed = await client.get(
        url, params={"purpose": "triage of the report"}, headers=people.officer(officer)
    )
    by_reporter = await client.get(url, headers=people.citizen(reporter))
    by_other = await client.get(url, headers=people.citizen())

    assert (without.status_code, without.json()["error"]) == (400, "purpose_required")
    assert viewed.status_code == 200
    assert viewed.json()["custody"]["custody_events"] == 2
    assert by_reporter.status_code == 200
    assert (by_other.status_code, by_other.json()["error"]) == (404, "report_not_found")
    rows = await custody_rows(reporting_database_url, item["id"])
    assert [(r["action"], r["actor_id"], r["purpose"]) for r in rows] == [
        ("uploaded", None, "submitted by reporter"),
        ("viewed", officer, "triage of the report"),
    ]


async def test_staff_download_the_original_through_a_short_lived_url(
    client: httpx.AsyncClient, people: People, reporting_database_url: str
) -> None:
    reporter, officer = uuid.uuid4(), uuid.uuid4()
    report_id = await insert_report(reporting_database_url, reporter)
    photo = jpeg_with_gps()
    [item] = await add_evidence(client, report_id, people.citizen(reporter), ("p.jpg", photo, ""))

    response = await client.post(
        f"/reports/{report_id}/evidence/{item['id']}/download",
        json={"variant": "original", "purpose": "forensic review"},
        headers=people.officer(officer),
    )

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["content_type"] == "image/jpeg"
    async with httpx.AsyncClient() as store:
        fetched = await store.get(body["url"])
    assert fetched.status_code == 200
    assert fetched.content == photo
    assert fetched.headers["content-disposition"].startswith("attachment")
    last = (await custody_rows(reporting_database_url, item["id"]))[-1]
    assert (last["action"], last["actor_id"], last["actor_role"]) == (
        "downloaded",
        officer,
        "officer",
    )
    assert last["purpose"] == "forensic review"
    assert last["detail"]["variant"] == "original"


async def test_reporters_may_download_the_shareable_copy_of_their_own_upload_only(
    client: httpx.AsyncClient, people: People, reporting_database_url: str
) -> None:
    reporter = uuid.uuid4()
    report_id = await insert_report(reporting_database_url, reporter)
    [photo] = await add_evidence(
        client, report_id, people.citizen(reporter), ("p.jpg", jpeg_with_gps(), "")
    )
    [statement] = await add_evidence(
        client, report_id, people.citizen(reporter), ("s.pdf", pdf(), "")
    )
    base = f"/reports/{report_id}/evidence"

    shareable = await client.post(
        f"{base}/{photo['id']}/download",
        json={"variant": "shareable"},
        headers=people.citizen(reporter),
    )
    original = await client.post(
        f"{base}/{photo['id']}/download",
        json={"variant": "original"},
        headers=people.citizen(reporter),
    )
    no_copy = await client.post(
        f"{base}/{statement['id']}/download",
        json={"variant": "thumbnail"},
        headers=people.citizen(reporter),
    )
    stranger = await client.post(
        f"{base}/{photo['id']}/download", json={"variant": "shareable"}, headers=people.citizen()
    )
    staff_without_purpose = await client.post(
        f"{base}/{photo['id']}/download", json={"variant": "thumbnail"}, headers=people.officer()
    )

    assert shareable.status_code == 200
    async with httpx.AsyncClient() as store:
        copy = await store.get(shareable.json()["url"])
    assert copy.status_code == 200
    assert copy.content.startswith(b"\xff\xd8")
    assert b"Exif" not in copy.content
    assert (original.status_code, original.json()["error"]) == (403, "download_forbidden")
    assert (no_copy.status_code, no_copy.json()["error"]) == (409, "variant_not_available")
    assert stranger.status_code == 404
    assert staff_without_purpose.status_code == 400
    last = (await custody_rows(reporting_database_url, photo["id"]))[-1]
    assert (last["action"], last["actor_role"], last["detail"]["variant"]) == (
        "downloaded",
        "reporter",
        "shareable",
    )


async def test_an_export_re_verifies_the_hash_and_returns_the_chain_of_custody(
    client: httpx.AsyncClient, people: People, reporting_database_url: str
) -> None:
    reporter, officer = uuid.uuid4(), uuid.uuid4()
    report_id = await insert_report(reporting_database_url, reporter)
    photo = jpeg_with_gps()
    [item] = await add_evidence(client, report_id, people.citizen(reporter), ("p.jpg", photo, ""))
    base = f"/reports/{report_id}/evidence/{item['id']}"
    await client.get(base, params={"purpose": "triage"}, headers=people.officer(officer))
    await client.post(
        f"{base}/download",
        json={"variant": "thumbnail", "purpose": "appeal draft"},
        headers=people.officer(officer),
    )

    export = await client.post(
        f"{base}/export", json={"purpose": "CPS file 14/2291"}, headers=people.officer(officer)
    )
    custody = await client.get(f"{base}/custody", headers=people.officer())
    by_reporter = await client.get(f"{base}/custody", headers=people.citizen(reporter))

    assert export.status_code == 200, export.text
    body = export.json()
    assert body["sha256"] == hashlib.sha256(photo).hexdigest()
    assert body["size_bytes"] == len(photo)
    async with httpx.AsyncClient() as store:
        assert (await store.get(body["url"])).content == photo
    chain = [(e["action"], e["purpose"]) for e in body["custody"]]
    assert chain == [
        ("uploaded", "submitted by reporter"),
        ("viewed", "triage"),
        ("downloaded", "appeal draft"),
        ("exported", "CPS file 14/2291"),
    ]
    assert all(e["actor_id"] == str(officer) for e in body["custody"][1:])
    assert custody.status_code == 200
    assert [(e["action"], e["purpose"]) for e in custody.json()] == chain
    assert by_reporter.status_code == 403


async def test_an_export_that_finds_the_original_changed_raises_the_alarm(
    client: httpx.AsyncClient, people: People, reporting_database_url: str
) -> None:
    reporter, officer = uuid.uuid4(), uuid.uuid4()
    report_id = await insert_report(reporting_database_url, reporter)
    [item] = await add_evidence(client, report_id, people.citizen(reporter), ("a.pdf", pdf(), ""))
    # The record and the stored bytes no longer agree (as if the bytes had been altered).
    await execute(
        reporting_database_url,
        "UPDATE evidence SET sha256 = $1 WHERE id = $2",
        "0" * 64,
        uuid.UUID(item["id"]),
    )

    export = await client.post(
        f"/reports/{report_id}/evidence/{item['id']}/export",
        json={"purpose": "CPS file 14/2292"},
        headers=people.officer(officer),
    )
    metrics = await client.get("/metrics")

    assert export.status_code == 409
    assert export.json()["error"] == "evidence_integrity_failed"
    [row] = await fetch(
        reporting_database_url,
        "SELECT integrity_alarm FROM evidence WHERE id = $1",
        uuid.UUID(item["id"]),
    )
    assert row["integrity_alarm"] is True
    last = (await custody_rows(reporting_database_url, item["id"]))[-1]
    assert (last["action"], last["actor_id"], last["purpose"]) == (
        "integrity_failed",
        officer,
        "CPS file 14/2292",
    )
    assert last["detail"]["actual_sha256"] == hashlib.sha256(pdf()).hexdigest()
    assert "reporting_evidence_integrity_failures_total" in metrics.text


async def test_custody_rows_cannot_be_changed(
    client: httpx.AsyncClient, people: People, reporting_database_url: str
) -> None:
    reporter = uuid.uuid4()
    report_id = await insert_report(reporting_database_url, reporter)
    [item] = await add_evidence(client, report_id, people.citizen(reporter), ("a.pdf", pdf(), ""))

    with pytest.raises(Exception, match="append-only"):
        await execute(
            reporting_database_url,
            "UPDATE custody_events SET purpose = 'nothing to see' WHERE evidence_id = $1",
            uuid.UUID(item["id"]),
        )
