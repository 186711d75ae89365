"""Streaming files into the object store with bounded memory.

A request body (or a staged object) is read on the event loop and handed, as batches of views
of the received chunks, through a small bounded buffer to ``put_object`` running in a worker
thread, which joins them into parts (the only copy). When the store is slower than the client
the buffer fills and the loop stops reading, so TCP slows the client down: memory stays at
about the buffer plus two parts, whatever the size of the file.

The head of each file is held back until its type, size and (for images) dimensions are
checked, so a refused file never reaches the store; a file refused later (a limit crossed
mid-stream, a cut-off body) makes ``put_object`` raise while reading, and it aborts its
multipart upload: nothing is left behind.
"""

from __future__ import annotations

import asyncio
import hashlib
import uuid
from collections import deque
from collections.abc import AsyncGenerator, AsyncIterable, AsyncIterator
from dataclasses import dataclass
from typing import Any

import anyio
import anyio.from_thread
import structlog
import urllib3
from anyio.streams.memory import MemoryObjectReceiveStream
from minio.error import MinioException
from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import ClientDisconnect, Request

from peelian.errors import DependencyUnavailable
from peelian.storage import ObjectStore
from reporting.evidence import media
from reporting.evidence.exceptions import EvidenceQuotaExceeded, FileTooLarge, InvalidUpload
from reporting.evidence.models import MediaKind

log = structlog.get_logger(__name__)

MIB = 1024 * 1024
# Held back for sniffing and reading an image's header before anything is written.
HEAD_BYTES = 256 * 1024
# The buffer between the event loop and the worker: batches of about BLOCK_BYTES each.
BLOCK_BYTES = 1 * MIB
QUEUE_BLOCKS = 8
# Multipart parts of the upload to the store; each is held whole by the SDK while it is sent.
PART_BYTES = 8 * MIB
MAX_PART_HEADERS = 8
MAX_PART_HEADER_BYTES = 8 * 1024


def store_unavailable(exc: BaseException) -> DependencyUnavailable:
    log.warning("object_store_failed", error=type(exc).__name__, detail=str(exc)[:300])
    return DependencyUnavailable("the evidence store is unavailable; try again shortly")


# What the minio SDK raises when the store cannot be reached or refuses a request.
STORE_ERRORS: tuple[type[Exception], ...] = (MinioException, urllib3.exceptions.HTTPError, OSError)


class _Aborted(Exception):
    """The event loop gave up on this object: make put_object abort its multipart upload."""


@dataclass
class Allowance:
    """Bytes that may still be stored in this request: per file by media kind, for the report,
    for the uploader today (None: no daily limit, as for staff)."""

    per_file: dict[MediaKind, tuple[str, int]]
    report_left: int
    uploader_left: int | None

    def check(self, kind: MediaKind | None, size: int) -> None:
        if kind is not None:
            name, limit = self.per_file[kind]
            if size > limit:
                raise FileTooLarge(
                    f"a {kind.value} may be at most {limit} bytes",
                    {"limit": name, "limit_bytes": limit},
                )
        if size > self.report_left:
            raise EvidenceQuotaExceeded(
                "the report's evidence would exceed its limit",
                {"limit": "max_report_bytes", "bytes_left": max(self.report_left, 0)},
            )
        if self.uploader_left is not None and size > self.uploader_left:
            raise EvidenceQuotaExceeded(
                "your uploads of the last 24 hours would exceed the daily limit",
                {"limit": "max_uploader_bytes_per_day", "bytes_left": max(self.uploader_left, 0)},
            )

    def consume(self, size: int) -> None:
        self.report_left -= size
        if self.uploader_left is not None:
            self.uploader_left -= size


class _PartReader:
    """The file object ``put_object`` reads in its worker thread, fed batch by batch from the
    event loop; it hashes what it hands over."""

    def __init__(self, receive: MemoryObjectReceiveStream[list[memoryview]]) -> None:
        self._receive = receive
        self._pieces: deque[memoryview] = deque()
        self._eof = False
        self.aborted = False
        self.sha256 = hashlib.sha256()
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        # The SDK asks for a whole part at once: its pieces are joined with a single copy.
        pieces: list[memoryview] = []
        got = 0
        while size < 0 or got < size:
            if not self._pieces and (self._eof or not self._next_batch()):
                break
            piece = self._pieces.popleft()
            if 0 <= size - got < len(piece):
                self._pieces.appendleft(piece[size - got :])
                piece = piece[: size - got]
            pieces.append(piece)
            got += len(piece)
        return b"".join(pieces)

    def _next_batch(self) -> bool:
        try:
            batch = anyio.from_thread.run(self._receive.receive)
        except (anyio.EndOfStream, anyio.ClosedResourceError):
            self._eof = True
        if self.aborted:
            raise _Aborted
        if self._eof:
            return False
        for piece in batch:
            self.sha256.update(piece)
            self.size += len(piece)
        self._pieces.extend(batch)
        return True


@dataclass(frozen=True)
class StoredObject:
    version_id: str | None
    size: int
    sha256: str


class ObjectWriter:
    """One object streamed into the store; ``abort`` (or any failure) leaves nothing."""

    def __init__(self, store: ObjectStore, bucket: str, key: str, content_type: str) -> None:
        self._send, receive = anyio.create_memory_object_stream[list[memoryview]](QUEUE_BLOCKS)
        self._reader = _PartReader(receive)
        self._pending: list[memoryview] = []
        self._pending_bytes = 0
        self._result: Any = None
        self._error: Exception | None = None
        self._task = asyncio.get_running_loop().create_task(
            self._run(store, bucket, key, content_type, receive)
        )

    async def _run(
        self,
        store: ObjectStore,
        bucket: str,
        key: str,
        content_type: str,
        receive: MemoryObjectReceiveStream[list[memoryview]],
    ) -> None:
        try:
            # Unknown length: the SDK makes one PUT of a file under a part, or a multipart
            # upload, which it aborts if reading raises. One part at a time keeps memory
            # bounded; the buffer lets the client keep sending while a part goes out.
            self._result = await store.call(
                store.client.put_object,
                bucket,
                key,
                self._reader,
                -1,
                content_type=content_type,
                part_size=PART_BYTES,
                num_parallel_uploads=1,
            )
        except Exception as exc:
            self._error = exc
        finally:
            receive.close()

    async def write(self, data: bytes | memoryview) -> None:
        """Queue ``data``, which must be (a view of) immutable bytes: nothing is copied until
        the worker joins a part."""
        view = memoryview(data)
        while view:
            piece = view[: BLOCK_BYTES - self._pending_bytes]
            self._pending.append(piece)
            self._pending_bytes += len(piece)
            view = view[len(piece) :]
            if self._pending_bytes >= BLOCK_BYTES:
                batch, self._pending, self._pending_bytes = self._pending, [], 0
                await self._send_batch(batch)

    async def _send_batch(self, batch: list[memoryview]) -> None:
        try:
            await self._send.send(batch)
        except (anyio.BrokenResourceError, anyio.ClosedResourceError):
            # The worker stopped reading: it failed, and says why once it has finished.
            await self._task
            raise self._failure() from self._error

    async def finish(self) -> StoredObject:
        if self._pending:
            await self._send_batch(self._pending)
            self._pending = []
        self._send.close()
        await self._task
        if self._error is not None:
            raise self._failure() from self._error
        return StoredObject(
            version_id=self._result.version_id,
            size=self._reader.size,
            sha256=self._reader.sha256.hexdigest(),
        )

    async def abort(self) -> None:
        self._reader.aborted = True
        self._send.close()
        # Even when the request is being cancelled, wait for the SDK's abort to reach the store.
        with anyio.CancelScope(shield=True):
            await self._task

    def _failure(self) -> Exception:
        error = self._error
        if isinstance(error, STORE_ERRORS):
            return store_unavailable(error)
        return RuntimeError(f"storing the object failed: {self._error!r}")


@dataclass
class Ingested:
    """A file stored whole, checked and hashed, not yet recorded nor retained."""

    evidence_id: uuid.UUID
    key: str
    accepted: media.Accepted
    dimensions: tuple[int, int] | None
    stored: StoredObject


class FileIngest:
    """One file: held back until its head is checked, then streamed into the store."""

    def __init__(
        self,
        store: ObjectStore,
        bucket: str,
        key: str,
        evidence_id: uuid.UUID,
        allowance: Allowance,
        max_pixels: int,
    ) -> None:
        self.store = store
        self.bucket = bucket
        self.key = key
        self.evidence_id = evidence_id
        self.allowance = allowance
        self.max_pixels = max_pixels
        self.size = 0
        self._head = bytearray()
        self._accepted: media.Accepted | None = None
        self._dimensions: tuple[int, int] | None = None
        self._writer: ObjectWriter | None = None

    async def write(self, data: bytes | memoryview) -> None:
        view = memoryview(data)
        if self._writer is None:
            head = view[: HEAD_BYTES - len(self._head)]
            self._head += head
            self.size += len(head)
            self.allowance.check(None, self.size)
            if len(self._head) < HEAD_BYTES:
                return
            await self._open()
            view = view[len(head) :]
        assert self._writer is not None
        assert self._accepted is not None
        self.size += len(view)
        self.allowance.check(self._accepted.media_kind, self.size)
        await self._writer.write(view)

    async def _open(self) -> None:
        head = bytes(self._head)
        accepted = media.sniff(head)
        self.allowance.check(accepted.media_kind, self.size)
        self._dimensions = media.image_size(head, accepted, self.max_pixels)
        self._accepted = accepted
        self._writer = ObjectWriter(self.store, self.bucket, self.key, accepted.content_type)
        self._head = bytearray()
        await self._writer.write(head)

    async def finish(self) -> Ingested:
        if self._writer is None:
            await self._open()
        assert self._writer is not None
        assert self._accepted is not None
        stored = await self._writer.finish()
        self.allowance.consume(stored.size)
        return Ingested(self.evidence_id, self.key, self._accepted, self._dimensions, stored)

    async def abort(self) -> None:
        if self._writer is not None:
            await self._writer.abort()


# --- multipart/form-data, parsed as it arrives ---


@dataclass(frozen=True)
class PartStart:
    name: str | None


@dataclass(frozen=True)
class PartData:
    data: memoryview


@dataclass(frozen=True)
class PartEnd:
    pass


Part = PartStart | PartData | PartEnd


async def multipart_parts(
    content_type: str, body: AsyncIterable[bytes]
) -> AsyncGenerator[Part, None]:
    """The parts of a multipart/form-data body, as it streams in; a body that ends before its
    closing boundary (a cut-off upload) is an error, never a shorter file."""
    mime, params = parse_options_header(content_type)
    boundary = params.get(b"boundary")
    if mime != b"multipart/form-data" or not boundary:
        raise InvalidUpload("send multipart/form-data with one or more parts named 'file'")
    parts: list[Part] = []
    header_field = bytearray()
    header_value = bytearray()
    disposition = b""
    finished = False

    def on_header_end() -> None:
        nonlocal disposition
        if header_field.lower() == b"content-disposition":
            disposition = bytes(header_value)
        header_field.clear()
        header_value.clear()

    def on_headers_finished() -> None:
        nonlocal disposition
        name = parse_options_header(disposition)[1].get(b"name")
        parts.append(PartStart(name.decode("utf-8", "replace") if name is not None else None))
        disposition = b""

    def on_end() -> None:
        nonlocal finished
        finished = True

    try:
        parser = MultipartParser(
            boundary,
            {
                "on_header_field": lambda d, s, e: header_field.extend(d[s:e]),
                "on_header_value": lambda d, s, e: header_value.extend(d[s:e]),
                "on_header_end": on_header_end,
                "on_headers_finished": on_headers_finished,
                "on_part_data": lambda d, s, e: parts.append(PartData(memoryview(d)[s:e])),
                "on_part_end": lambda: parts.append(PartEnd()),
                "on_end": on_end,
            },
            max_header_count=MAX_PART_HEADERS,
            max_header_size=MAX_PART_HEADER_BYTES,
        )
    except FormParserError as exc:
        raise InvalidUpload("the multipart boundary is not valid") from exc
    async for chunk in body:
        if finished:
            continue
        try:
            parser.write(chunk)
        except FormParserError as exc:
            raise InvalidUpload("the multipart body is malformed") from exc
        for part in parts:
            yield part
        parts.clear()
    if not finished:
        raise InvalidUpload("the upload was cut off: the body ended before its closing boundary")


async def request_body(request: Request) -> AsyncIterator[bytes]:
    """The request's body as it arrives; a client that goes away is a refused upload."""
    try:
        async for chunk in request.stream():
            yield chunk
    except ClientDisconnect as exc:
        raise InvalidUpload("the client went away before the upload ended") from exc
