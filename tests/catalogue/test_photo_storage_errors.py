"""A disk error while a photo is stored: nothing is kept (no file, no row) and the person is told why.

The real full disk is in ``tests/faults/test_disk_full.py`` (a 512 KiB tmpfs, needs root). Here the thumbnail,
written second, fails after part of it reached the disk, so the test also sees that the photo written first
is removed again.
"""

from __future__ import annotations

import dataclasses
import errno
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile

from rantai.catalogue import actions
from rantai.catalogue.models import ProductPhoto
from rantai.core.storage import StorageFailed
from tests.catalogue.helpers import make_product, photo_bytes
from tests.factories import api_token

pytestmark = pytest.mark.django_db


class DiskFullAfter(ContentFile):  # type: ignore[type-arg]
    """Content whose writing fails with ENOSPC after 64 KiB, as a full disk makes it fail."""

    def chunks(self, chunk_size: int | None = None) -> Iterator[bytes]:
        yield b"\xff" * 65536
        raise OSError(errno.ENOSPC, "No space left on device")


@pytest.fixture
def thumbnail_hits_a_full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    real = actions.prepare_photo

    def prepare(upload: Any, size: int | None) -> Any:
        prepared = real(upload, size)
        return dataclasses.replace(prepared, thumbnail=DiskFullAfter(b"", name=prepared.thumbnail.name))

    monkeypatch.setattr(actions, "prepare_photo", prepare)


def files_in(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()]


def test_the_action_keeps_no_file_and_no_row(organisation, member, settings, thumbnail_hits_a_full_disk):
    product = make_product(organisation, member)
    with pytest.raises(StorageFailed) as raised:
        actions.add_photo(product, member, io.BytesIO(photo_bytes("JPEG", (800, 600))))
    assert raised.value.status == 507
    assert raised.value.fields == {"image": [raised.value.message]}
    assert files_in(Path(settings.MEDIA_ROOT)) == []
    assert not ProductPhoto.objects.exists()


def test_the_api_answers_507_in_the_uniform_format(
    client, organisation, member, settings, thumbnail_hits_a_full_disk
):
    product = make_product(organisation, member)
    _token, secret = api_token(member)
    response = client.post(
        f"/api/v1/products/{product.pk}/photos",
        {"image": io.BytesIO(photo_bytes("JPEG", (800, 600)))},
        headers={"Authorization": f"Bearer {secret}", "Accept-Language": "id"},
    )
    assert response.status_code == 507
    message = "Server tidak dapat menyimpan berkas itu. Silakan coba lagi nanti."
    assert response.json() == {"code": "storage_failed", "message": message, "fields": {"image": [message]}}
    assert files_in(Path(settings.MEDIA_ROOT)) == []
    assert not ProductPhoto.objects.exists()


def test_the_page_shows_the_error_on_the_form(
    client, organisation, indonesian_member, settings, thumbnail_hits_a_full_disk
):
    product = make_product(organisation, indonesian_member)
    client.force_login(indonesian_member)
    upload = io.BytesIO(photo_bytes("JPEG", (800, 600)))
    upload.name = "kopi.jpg"
    response = client.post(f"/id/catalogue/{product.pk}/photos/", {"image": upload})
    assert response.status_code == 400
    assert "Server tidak dapat menyimpan berkas itu. Silakan coba lagi nanti." in response.content.decode()
    assert files_in(Path(settings.MEDIA_ROOT)) == []
    assert not ProductPhoto.objects.exists()


def test_after_the_failure_a_photo_is_stored_as_usual(organisation, member, settings):
    product = make_product(organisation, member)
    photo = actions.add_photo(product, member, io.BytesIO(photo_bytes("JPEG", (800, 600))))
    assert sorted(
        p.relative_to(settings.MEDIA_ROOT).parts[1] for p in files_in(Path(settings.MEDIA_ROOT))
    ) == [
        "photos",
        "thumbnails",
    ]
    assert photo.image.size > 0 and photo.thumbnail.size > 0
