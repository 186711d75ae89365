"""What a file is (sniffed from its bytes), how large an image is, and its shareable copies.

Everything here is synchronous and CPU-bound or blocking: callers run it in worker threads.
"""

from __future__ import annotations

import io
import struct
import warnings
from dataclasses import dataclass
from typing import IO

import filetype  # type: ignore[import-untyped]
from PIL import Image, ImageOps

from reporting.evidence.exceptions import ImageTooLarge, UnsupportedEvidenceType
from reporting.evidence.models import MediaKind

# Pillow only warns up to twice its limit; a warning is a refusal here like the error above it.
warnings.simplefilter("error", Image.DecompressionBombWarning)

# filetype reads at most this many bytes.
SNIFF_BYTES = 8192
# A shareable copy is for appeals and messages, not forensics (the original is kept): a long
# edge of 2048 pixels is plenty, and decoding JPEG at a reduced scale keeps memory down.
SHAREABLE_MAX_EDGE = 2048
JPEG_QUALITY = 85


@dataclass(frozen=True)
class Accepted:
    content_type: str
    media_kind: MediaKind
    # The Pillow format that decodes it; None when no derivative is made (HEIC: no decoder).
    pillow_format: str | None = None


# Sniffed MIME type (filetype's name) -> what we store. Anything else is refused.
ALLOWED: dict[str, Accepted] = {
    "image/jpeg": Accepted("image/jpeg", MediaKind.PHOTO, "JPEG"),
    "image/png": Accepted("image/png", MediaKind.PHOTO, "PNG"),
    "image/webp": Accepted("image/webp", MediaKind.PHOTO, "WEBP"),
    "image/heic": Accepted("image/heic", MediaKind.PHOTO),
    "video/mp4": Accepted("video/mp4", MediaKind.VIDEO),
    "video/quicktime": Accepted("video/quicktime", MediaKind.VIDEO),
    "video/webm": Accepted("video/webm", MediaKind.VIDEO),
    "audio/mpeg": Accepted("audio/mpeg", MediaKind.AUDIO),
    "audio/mp4": Accepted("audio/mp4", MediaKind.AUDIO),
    "audio/ogg": Accepted("audio/ogg", MediaKind.AUDIO),
    "audio/x-wav": Accepted("audio/wav", MediaKind.AUDIO),
    "application/pdf": Accepted("application/pdf", MediaKind.DOCUMENT),
}


def sniff(head: bytes) -> Accepted:
    """The accepted type of a file from its first bytes; the client's claims are not asked."""
    if not head:
        raise UnsupportedEvidenceType("the file is empty")
    kind = filetype.guess(head[:SNIFF_BYTES])
    accepted = ALLOWED.get(kind.mime) if kind is not None else None
    if accepted is None:
        raise UnsupportedEvidenceType(
            "the file's content is not an accepted type",
            {"accepted": sorted({a.content_type for a in ALLOWED.values()})},
        )
    return accepted


def image_size(head: bytes, accepted: Accepted, max_pixels: int) -> tuple[int, int] | None:
    """Width and height read from the header alone (nothing is decoded); refuses more than
    ``max_pixels``. None for images no decoder here reads (they are never decoded either)."""
    if accepted.pillow_format is None:
        return None
    try:
        if accepted.pillow_format == "WEBP":
            # Pillow's WebP plugin wants the whole file; the sizes sit in the first chunk.
            width, height = _webp_size(head)
        else:
            Image.MAX_IMAGE_PIXELS = max_pixels
            with Image.open(io.BytesIO(head), formats=[accepted.pillow_format]) as image:
                width, height = image.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageTooLarge(
            "the image has more pixels than are accepted",
            {"limit": "max_image_pixels", "max_pixels": max_pixels},
        ) from exc
    except (OSError, SyntaxError, ValueError, struct.error) as exc:
        raise UnsupportedEvidenceType(
            "the image's header cannot be read", {"content_type": accepted.content_type}
        ) from exc
    if width < 1 or height < 1:
        raise UnsupportedEvidenceType("the image has no pixels")
    if width * height > max_pixels:
        raise ImageTooLarge(
            f"the image is {width}x{height} pixels; at most {max_pixels} pixels are accepted",
            {
                "limit": "max_image_pixels",
                "max_pixels": max_pixels,
                "width": width,
                "height": height,
            },
        )
    return width, height


def _webp_size(head: bytes) -> tuple[int, int]:
    if len(head) < 30 or head[:4] != b"RIFF" or head[8:12] != b"WEBP":
        raise ValueError("not a WebP header")
    chunk = head[12:16]
    if chunk == b"VP8X":  # extended: 24-bit canvas size minus one
        width = int.from_bytes(head[24:27], "little") + 1
        height = int.from_bytes(head[27:30], "little") + 1
    elif chunk == b"VP8 ":  # lossy: 14-bit sizes after the key frame's start code
        if head[23:26] != b"\x9d\x01\x2a":
            raise ValueError("no VP8 key frame")
        width, height = (v & 0x3FFF for v in struct.unpack("<HH", head[26:30]))
    elif chunk == b"VP8L":  # lossless: 14-bit sizes minus one, packed
        if head[20] != 0x2F:
            raise ValueError("no VP8L signature")
        bits = int.from_bytes(head[21:25], "little")
        width, height = (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    else:
        raise ValueError("unknown WebP chunk")
    return width, height


@dataclass(frozen=True)
class Derivatives:
    shareable: bytes
    thumbnail: bytes


def render_derivatives(
    original: IO[bytes], accepted: Accepted, max_pixels: int, thumbnail_size: int
) -> Derivatives:
    """A shareable JPEG (orientation applied; EXIF, GPS, XMP, ICC and comments left out: only
    pixels are copied) and a thumbnail of it."""
    assert accepted.pillow_format is not None
    # The same limit as the header check, so that Pillow agrees with it.
    Image.MAX_IMAGE_PIXELS = max_pixels
    with Image.open(original, formats=[accepted.pillow_format]) as image:
        # In place, decoding JPEG at a reduced scale: a 50-megapixel photo never sits whole
        # in memory. The orientation tag survives it and is applied next.
        image.thumbnail((SHAREABLE_MAX_EDGE, SHAREABLE_MAX_EDGE))
        pixels = _flatten(ImageOps.exif_transpose(image))
    thumbnail = pixels.copy()
    thumbnail.thumbnail((thumbnail_size, thumbnail_size))
    return Derivatives(shareable=_jpeg(pixels), thumbnail=_jpeg(thumbnail))


def _flatten(image: Image.Image) -> Image.Image:
    """RGB pixels and nothing else; transparency goes onto white."""
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        flat = Image.alpha_composite(background, rgba).convert("RGB")
    else:
        flat = image.convert("RGB")
    # convert() copies the metadata dictionary; the encoder falls back to it (comments, XMP).
    flat.info = {}
    return flat


def _jpeg(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return out.getvalue()
