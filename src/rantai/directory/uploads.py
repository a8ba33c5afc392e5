"""Checking uploaded documents by what they contain, not by their name.

PDF is recognised by its ``%PDF-`` header; JPEG and PNG by Pillow opening and verifying the image.
"""

from __future__ import annotations

from typing import IO, Any

from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from rantai.core.errors import RantaiError

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
EXTENSIONS = {"pdf": ".pdf", "jpeg": ".jpg", "png": ".png"}


def _kind(handle: IO[bytes]) -> str | None:
    handle.seek(0)
    head = handle.read(5)
    handle.seek(0)
    if head == b"%PDF-":
        return "pdf"
    try:
        with Image.open(handle) as image:
            image_format = (image.format or "").lower()
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    finally:
        handle.seek(0)
    return image_format if image_format in ("jpeg", "png") else None


def check_document(upload: Any, field: str = "document") -> Any:
    """The upload, renamed with the extension of its real type; a field error otherwise."""
    if upload.size > MAX_DOCUMENT_BYTES:
        message = _("The file is larger than 5 MB. Please upload a smaller scan or photo.")
        raise RantaiError(message, code="file_too_large", fields={field: [message]})
    kind = _kind(upload)
    if kind is None:
        message = _("Upload a PDF, JPEG or PNG file. This file is none of these.")
        raise RantaiError(message, code="file_type", fields={field: [message]})
    stem = (upload.name or "document").rsplit("/", 1)[-1].rsplit(".", 1)[0][:60] or "document"
    upload.name = stem + EXTENSIONS[kind]
    return upload
