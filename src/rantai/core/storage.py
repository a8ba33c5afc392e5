"""Storing uploaded files without leaving half of one behind.

Django's ``FileSystemStorage`` leaves whatever it managed to write when writing fails: a full disk during an
upload kept a truncated photo in the media folder. ``MediaStorage`` (the default storage) removes the file it
was writing before passing the error on, and ``storing_files`` makes a group of files all-or-nothing for an
action: when the block fails, the files already stored in it are deleted too, and an ``OSError`` becomes
``StorageFailed``, a 507 with a message the person can act on.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.files.storage import FileSystemStorage, default_storage
from django.utils._os import safe_makedirs
from django.utils.translation import gettext as _

from rantai.core.errors import RantaiError

logger = logging.getLogger(__name__)


class StorageFailed(RantaiError):
    status = 507
    code = "storage_failed"


class MediaStorage(FileSystemStorage):
    """``FileSystemStorage`` that deletes the file it was writing when the write fails (ENOSPC, EIO …).

    The file is created with ``O_EXCL`` before anything is written, so the one removed is always this call's
    own, never another upload's that happened to want the same name. Content is always streamed (an upload
    Django spooled to a temporary file is copied, not moved, as a move across disks is a copy anyway). With
    ``allow_overwrite`` (which the platform does not use) Django's own saving applies.
    """

    def _save(self, name: str, content: Any) -> str:
        if getattr(self, "_allow_overwrite", False):
            return str(super()._save(name, content))  # type: ignore[misc]
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        if self.directory_permissions_mode is not None:
            safe_makedirs(directory, self.directory_permissions_mode, exist_ok=True)  # mode on every level
        else:
            os.makedirs(directory, exist_ok=True)
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        while True:
            try:
                fd = os.open(full_path, flags, 0o666)
            except FileExistsError:
                name = self.get_available_name(name)
                full_path = self.path(name)
            else:
                break
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in content.chunks():
                    out.write(chunk if isinstance(chunk, bytes) else chunk.encode())
        except BaseException:
            try:
                os.remove(full_path)
            except OSError:
                logger.exception("Could not remove the partly written %s", full_path)
            raise
        if self.file_permissions_mode is not None:
            os.chmod(full_path, self.file_permissions_mode)
        self._ensure_location_group_id(full_path)  # type: ignore[attr-defined]
        return os.path.relpath(full_path, self.location).replace("\\", "/")


@contextmanager
def storing_files(field: str) -> Iterator[list[str | None]]:
    """``with storing_files("image") as stored:`` append the name of each file stored in the block.

    If the block raises, every file named in ``stored`` is deleted (wrap the database transaction in this
    block, so the rows roll back with them), and an ``OSError`` is logged for the operator and raised again
    as ``StorageFailed`` with an error on ``field``.
    """
    stored: list[str | None] = []
    try:
        yield stored
    except BaseException as exc:
        for name in filter(None, stored):
            try:
                default_storage.delete(name)
            except OSError:
                logger.exception("Could not delete %s after a failed upload", name)
        if not isinstance(exc, OSError):
            raise
        logger.exception("Could not store an uploaded file (%s)", field)
        message = _("The server could not store the file. Please try again later.")
        raise StorageFailed(message, fields={field: [message]}) from exc
