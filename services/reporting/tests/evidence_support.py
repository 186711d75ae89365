"""Helpers of the evidence tests: reports inserted directly, media files built in memory, and
looks at what the object store and the database hold."""

from __future__ import annotations

import io
import random
import struct
import uuid
import zlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import asyncpg
from minio import Minio
from minio.deleteobjects import DeleteObject
from PIL import ExifTags, Image

from peelian.app import asyncpg_dsn
from peelian.db.engine import Database
from peelian.testing.infra import Infra
from reporting.reports.models import Report

EVIDENCE_BUCKET = "test-evidence"
DERIVATIVES_BUCKET = "test-evidence-derivatives"
STAGING_BUCKET = "test-evidence-staging"


async def insert_report(
    database_url: str,
    reporter_id: uuid.UUID,
    *,
    status: str = "received",
    category: str = "theft",
    anonymous: bool = False,
) -> uuid.UUID:
    """A report row as submission would leave it (no API call: these tests are about evidence)."""
    report_id = uuid.uuid4()
    now = datetime.now(UTC)
    database = Database.from_url(database_url, pool_size=1, max_overflow=0)
    try:
        async with database.sessionmaker.begin() as session:
            session.add(
                Report(
                    id=report_id,
                    reference=f"TEST-{report_id}"[:32],
                    kind="incident",
                    category=category,
                    description="A bicycle was stolen from the rack outside the library.",
                    urgent=False,
                    occurred_from=now,
                    occurred_to=now,
                    areas=[],
                    people=[],
                    vehicles=[],
                    language="en",
                    anonymity="anonymous" if anonymous else "confidential",
                    reporter_id=reporter_id,
                    reporter_anonymous=anonymous,
                    contact_consent=False,
                    share_consent=False,
                    status=status,
                    priority="normal",
                    tags=[],
                )
            )
    finally:
        await database.dispose()
    return report_id


async def fetch(database_url: str, sql: str, *args: Any) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(asyncpg_dsn(database_url))
    try:
        return list(await conn.fetch(sql, *args))
    finally:
        await conn.close()


async def execute(database_url: str, sql: str, *args: Any) -> None:
    conn = await asyncpg.connect(asyncpg_dsn(database_url))
    try:
        await conn.execute(sql, *args)
    finally:
        await conn.close()


def s3_client(infra: Infra) -> Minio:
    return Minio(
        infra.s3_endpoint,
        access_key=infra.s3_access_key,
        secret_key=infra.s3_secret_key,
        secure=False,
        region="us-east-1",
    )


def versions_under(client: Minio, bucket: str, prefix: str) -> list[str]:
    """Every version (and delete marker) of every object under ``prefix``."""
    return [
        f"{o.object_name}@{o.version_id}"
        for o in client.list_objects(bucket, prefix=prefix, recursive=True, include_version=True)
    ]


def unfinished_uploads(client: Minio, bucket: str, key: str) -> list[str]:
    """Multipart uploads of ``key`` begun and neither completed nor aborted. (The SDK keeps
    this private; MinIO lists them by exact key only.)"""
    result = client._list_multipart_uploads(bucket, prefix=key)
    return [u.upload_id for u in result.uploads]


def remove_retained(client: Minio, bucket: str, key: str) -> None:
    """Remove every version of ``key`` despite GOVERNANCE retention (as the store's root user
    may), so that large test files do not pile up in the shared test bucket."""
    versions = [
        DeleteObject(o.object_name, o.version_id)
        for o in client.list_objects(bucket, prefix=key, include_version=True)
        if o.object_name is not None
    ]
    errors = list(client.remove_objects(bucket, versions, bypass_governance_mode=True))
    assert not errors, errors


def read_object(client: Minio, bucket: str, key: str) -> bytes:
    response = client.get_object(bucket, key)
    try:
        return response.read()
    finally:
        response.close()
        response.release_conn()


# --- media ---

# 51°29'18.6"N 3°10'44.4"W: where the photo was taken (the campus), to be stripped.
GPS = {
    ExifTags.GPS.GPSLatitudeRef: "N",
    ExifTags.GPS.GPSLatitude: (51.0, 29.0, 18.6),
    ExifTags.GPS.GPSLongitudeRef: "W",
    ExifTags.GPS.GPSLongitude: (3.0, 10.0, 44.4),
}


def jpeg_with_gps(width: int = 64, height: int = 48, orientation: int = 6) -> bytes:
    """A photo with GPS EXIF, a camera model and an orientation tag (6: rotate 90° to view)."""
    image = Image.new("RGB", (width, height), (200, 30, 30))
    exif = Image.Exif()
    exif[ExifTags.Base.Model] = "Peelian Test Camera"
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.IFD.GPSInfo] = GPS
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, comment=b"taken on campus")
    return out.getvalue()


def png(width: int = 40, height: int = 30) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (width, height), (0, 128, 255, 128)).save(out, "PNG")
    return out.getvalue()


def webp(width: int = 40, height: int = 30, lossless: bool = False) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (10, 200, 10)).save(out, "WEBP", lossless=lossless)
    return out.getvalue()


def heic(size: int = 2048) -> bytes:
    """An ISO-BMFF file type box of brand heic (an iPhone photo), then filler."""
    ftyp = struct.pack(">I", 24) + b"ftypheic" + struct.pack(">I", 0) + b"mif1heic"
    return ftyp + bytes(size - len(ftyp))


def noisy_jpeg(width: int = 400, height: int = 300) -> bytes:
    """A photo that does not compress away (every pixel differs)."""
    image = Image.frombytes("RGB", (width, height), random.Random(7).randbytes(width * height * 3))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


def pdf() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
        b"2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n"
        b"trailer <</Root 1 0 R>>\n%%EOF\n"
    )


def mp4(size: int = 2048) -> bytes:
    """An ISO-BMFF file type box (isom, mp41) followed by filler: sniffed as video/mp4."""
    ftyp = struct.pack(">I", 24) + b"ftypisom" + struct.pack(">I", 512) + b"isommp41"
    filler = b"\x00\x00\x00\x08free"
    body = ftyp + filler
    filler_size = max(0, size - len(body))
    return body + (bytes(range(251)) * (filler_size // 251 + 1))[:filler_size]


def png_bomb(width: int = 20_000, height: int = 20_000) -> bytes:
    """A one-colour 1-bit PNG of width x height pixels, a few kilobytes compressed."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    row = b"\x00" * (1 + (width + 7) // 8)
    compressor = zlib.compressobj(9)
    idat = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


BOUNDARY = "peelian-test-boundary"
MULTIPART_TYPE = f"multipart/form-data; boundary={BOUNDARY}"


def part_head(filename: str = "photo.jpg", content_type: str = "image/jpeg") -> bytes:
    return (
        f"--{BOUNDARY}\r\n"
        f'Content-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        f"Content-Type: {content_type}\r\n\r\n"
    ).encode()


async def streamed_body(name: str, data: bytes, chunk: int = 64 * 1024) -> AsyncIterator[bytes]:
    """A whole multipart body of one file, sent in chunks as a network would deliver it."""
    yield part_head(name, "application/octet-stream")
    for start in range(0, len(data), chunk):
        yield data[start : start + chunk]
    yield f"\r\n--{BOUNDARY}--\r\n".encode()


async def cut_off_body(data: bytes, keep: int) -> AsyncIterator[bytes]:
    """A multipart body sending ``keep`` bytes of the file, then ending without its boundary."""
    yield part_head("video.mp4", "video/mp4")
    for start in range(0, keep, 64 * 1024):
        yield data[start : min(start + 64 * 1024, keep)]
