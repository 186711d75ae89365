"""What a file is taken to be from its bytes, and image sizes read from headers alone."""

from __future__ import annotations

import io
import struct

import pytest
from PIL import Image

from evidence_support import heic, jpeg_with_gps, mp4, pdf, png, png_bomb, webp
from reporting.evidence import media
from reporting.evidence.exceptions import ImageTooLarge, UnsupportedEvidenceType
from reporting.evidence.models import MediaKind


def ftyp(brand: bytes) -> bytes:
    return struct.pack(">I", 20) + b"ftyp" + brand + struct.pack(">I", 0) + brand + bytes(64)


def riff(kind: bytes) -> bytes:
    return b"RIFF" + struct.pack("<I", 1000) + kind + b"fmt " + bytes(64)


def gif() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4)).save(out, "GIF")
    return out.getvalue()


@pytest.mark.parametrize(
    ("head", "content_type", "kind"),
    [
        (jpeg_with_gps(), "image/jpeg", MediaKind.PHOTO),
        (png(), "image/png", MediaKind.PHOTO),
        (webp(), "image/webp", MediaKind.PHOTO),
        (heic(), "image/heic", MediaKind.PHOTO),
        (mp4(), "video/mp4", MediaKind.VIDEO),
        (ftyp(b"qt  "), "video/quicktime", MediaKind.VIDEO),
        (
            b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x84webm" + bytes(64),
            "video/webm",
            MediaKind.VIDEO,
        ),
        (b"ID3\x04\x00\x00\x00\x00\x00\x00" + bytes(64), "audio/mpeg", MediaKind.AUDIO),
        (ftyp(b"M4A "), "audio/mp4", MediaKind.AUDIO),
        (b"OggS\x00\x02" + bytes(64), "audio/ogg", MediaKind.AUDIO),
        (riff(b"WAVE"), "audio/wav", MediaKind.AUDIO),
        (pdf(), "application/pdf", MediaKind.DOCUMENT),
    ],
)
def test_accepted_types_are_known_by_their_bytes(
    head: bytes, content_type: str, kind: MediaKind
) -> None:
    accepted = media.sniff(head)

    assert (accepted.content_type, accepted.media_kind) == (content_type, kind)


@pytest.mark.parametrize(
    "head",
    [
        b"<!DOCTYPE html><html><body>hello</body></html>",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b"MZ\x90\x00" + bytes(200),  # Windows executable
        b"\x7fELF\x02\x01\x01" + bytes(200),
        b"PK\x03\x04" + bytes(200),  # zip (and docx, apk...)
        gif(),
        riff(b"AVI "),
        b"",
    ],
)
def test_everything_else_is_refused(head: bytes) -> None:
    with pytest.raises(UnsupportedEvidenceType):
        media.sniff(head)


@pytest.mark.parametrize(
    "image",
    [
        Image.new("RGB", (1234, 567)),  # lossy: VP8
        Image.new("RGBA", (1234, 567), (1, 2, 3, 4)),  # lossy with alpha: VP8X
    ],
)
@pytest.mark.parametrize("lossless", [False, True])
def test_webp_sizes_are_read_from_the_first_chunk(image: Image.Image, lossless: bool) -> None:
    out = io.BytesIO()
    image.save(out, "WEBP", lossless=lossless)
    accepted = media.sniff(out.getvalue())

    assert media.image_size(out.getvalue()[:64], accepted, 10**9) == (1234, 567)


# As the service sets it (pytest resets warning filters per test): Pillow's own warning is a
# refusal too.
@pytest.mark.filterwarnings("error::PIL.Image.DecompressionBombWarning")
def test_an_image_over_the_pixel_limit_is_refused_before_decoding() -> None:
    bomb = png_bomb(20_000, 20_000)
    accepted = media.sniff(bomb)

    with pytest.raises(ImageTooLarge):
        media.image_size(bomb, accepted, 50_000_000)
    with pytest.raises(ImageTooLarge):
        media.image_size(png(40, 30), accepted, 1199)
    assert media.image_size(png(40, 30), accepted, 1200) == (40, 30)


def test_an_image_whose_header_is_unreadable_is_refused() -> None:
    head = png()[:20]

    with pytest.raises(UnsupportedEvidenceType):
        media.image_size(head, media.sniff(png()), 10**9)
