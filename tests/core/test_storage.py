"""The media storage removes a file it could not finish writing, and only that file."""

from __future__ import annotations

import errno
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.test import override_settings

from rantai.core.storage import MediaStorage, StorageFailed, storing_files


class DiskFullAfter(ContentFile):  # type: ignore[type-arg]
    """Writing fails with ENOSPC after 64 KiB reached the file, as on a full disk."""

    def chunks(self, chunk_size: int | None = None) -> Iterator[bytes]:
        yield b"\xff" * 65536
        raise OSError(errno.ENOSPC, "No space left on device")


def files_in(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_django_storage_leaves_the_partial_file(tmp_path: Path) -> None:
    """Why MediaStorage exists: the stock storage keeps what it wrote before the error."""
    with pytest.raises(OSError):
        FileSystemStorage(location=tmp_path).save("photos/a.jpg", DiskFullAfter(b""))
    assert files_in(tmp_path) == ["photos/a.jpg"]


def test_a_failed_write_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(OSError) as raised:
        MediaStorage(location=tmp_path).save("photos/a.jpg", DiskFullAfter(b""))
    assert raised.value.errno == errno.ENOSPC
    assert files_in(tmp_path) == []


def test_a_failed_write_never_removes_another_file_of_the_same_name(tmp_path: Path) -> None:
    storage = MediaStorage(location=tmp_path)
    assert storage.save("photos/a.jpg", ContentFile(b"first")) == "photos/a.jpg"
    with pytest.raises(OSError):
        storage.save("photos/a.jpg", DiskFullAfter(b""))
    assert files_in(tmp_path) == ["photos/a.jpg"]
    assert (tmp_path / "photos" / "a.jpg").read_bytes() == b"first"


def test_a_good_write_is_stored_as_by_django(tmp_path: Path) -> None:
    storage = MediaStorage(location=tmp_path, file_permissions_mode=0o640)
    first = storage.save("docs/a.txt", ContentFile(b"one"))
    second = storage.save("docs/a.txt", ContentFile("two"))
    assert first == "docs/a.txt" and second.startswith("docs/a_") and second.endswith(".txt")
    assert storage.open(second).read() == b"two"
    assert (tmp_path / first).stat().st_mode & 0o777 == 0o640


def test_storing_files_deletes_what_the_block_stored_and_explains_a_disk_error(tmp_path: Path) -> None:
    with override_settings(MEDIA_ROOT=tmp_path):
        from django.core.files.storage import default_storage

        with pytest.raises(StorageFailed) as raised, storing_files("image") as stored:
            stored.append(default_storage.save("photos/a.jpg", ContentFile(b"complete")))
            stored.append(default_storage.save("thumbnails/a.jpg", DiskFullAfter(b"")))
        assert files_in(tmp_path) == []
        assert raised.value.status == 507
        assert raised.value.as_dict()["fields"] == {
            "image": ["The server could not store the file. Please try again later."]
        }

        with pytest.raises(ValueError), storing_files("image") as stored:
            stored.append(default_storage.save("photos/b.jpg", ContentFile(b"complete")))
            raise ValueError("not a disk error: passed on unchanged, the file still removed")
        assert files_in(tmp_path) == []
