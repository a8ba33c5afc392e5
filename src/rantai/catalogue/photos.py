"""Product photos: check an upload by its content, re-encode it without metadata, and make a thumbnail.

The name and the content type a browser sends are not trusted: Pillow must recognise the bytes as JPEG,
PNG or WebP. Re-encoding drops EXIF (GPS positions of a workshop, camera serials) after applying its
orientation, so a photo taken sideways shows upright.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from typing import IO

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from rantai.catalogue.errors import PhotoInvalid

MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_PHOTO_PIXELS = 25_000_000
THUMBNAIL_SIZE = 320
ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


@dataclass(frozen=True)
class PreparedPhoto:
    image: ContentFile[bytes]
    thumbnail: ContentFile[bytes]
    width: int
    height: int


def _invalid(message: str) -> PhotoInvalid:
    return PhotoInvalid(message, fields={"image": [message]})


def prepare_photo(upload: IO[bytes], size: int | None) -> PreparedPhoto:
    """Check an uploaded file and return the stored image and its thumbnail; raise ``PhotoInvalid``."""
    if size is not None and size > MAX_PHOTO_BYTES:
        raise _invalid(_("The photo is larger than 5 MB; upload a smaller one."))
    data = upload.read(MAX_PHOTO_BYTES + 1)
    if len(data) > MAX_PHOTO_BYTES:
        raise _invalid(_("The photo is larger than 5 MB; upload a smaller one."))
    try:
        with warnings.catch_warnings():
            # Our own pixel limit below is lower than Pillow's decompression-bomb warning.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                image_format = probe.format
                width, height = probe.size
                probe.verify()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        raise _invalid(_("This file is not a photo; upload a JPEG, PNG or WebP image.")) from None
    if image_format not in ALLOWED_FORMATS:
        raise _invalid(_("This file is not a photo; upload a JPEG, PNG or WebP image."))
    if width * height > MAX_PHOTO_PIXELS:
        raise _invalid(_("The photo has more than 25 megapixels; upload a smaller one."))

    try:
        with Image.open(io.BytesIO(data)) as opened:
            opened.load()
            upright = ImageOps.exif_transpose(opened)
    except (OSError, SyntaxError, ValueError):
        raise _invalid(_("This file is not a photo; upload a JPEG, PNG or WebP image.")) from None
    has_alpha = upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info
    image_bytes = _encode(upright, image_format or "JPEG", has_alpha)
    thumb = upright.copy()
    thumb.thumbnail((THUMBNAIL_SIZE, THUMBNAIL_SIZE), Image.Resampling.LANCZOS)
    thumb_format = "WEBP" if has_alpha else "JPEG"
    thumb_bytes = _encode(thumb, thumb_format, has_alpha)
    return PreparedPhoto(
        image=ContentFile(image_bytes, name=f"photo.{ALLOWED_FORMATS[image_format or 'JPEG']}"),
        thumbnail=ContentFile(thumb_bytes, name=f"thumb.{ALLOWED_FORMATS[thumb_format]}"),
        width=upright.width,
        height=upright.height,
    )


def _encode(image: Image.Image, image_format: str, has_alpha: bool) -> bytes:
    """Write pixels only: no EXIF, ICC-less sRGB assumed, no text chunks."""
    if image_format == "JPEG" or not has_alpha:
        image = image.convert("RGB") if image.mode != "RGB" else image
    elif image.mode != "RGBA":
        image = image.convert("RGBA")
    out = io.BytesIO()
    if image_format == "JPEG":
        image.save(out, "JPEG", quality=85, optimize=True)
    elif image_format == "WEBP":
        image.save(out, "WEBP", quality=85)
    else:
        image.save(out, "PNG", optimize=True)
    return out.getvalue()
