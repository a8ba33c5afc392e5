"""A disk error while verification documents or a certificate are stored: no file, no row, a clear 507."""

from __future__ import annotations

import errno
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from rantai.core.storage import StorageFailed
from rantai.directory import actions
from rantai.directory.models import Certification, VerificationRequest
from tests.directory.conftest import World, pdf_upload

pytestmark = pytest.mark.django_db


class DiskFullPdf(SimpleUploadedFile):
    """A PDF whose writing fails with ENOSPC after its first chunk reached the disk."""

    def chunks(self, chunk_size: int | None = None) -> Iterator[bytes]:
        yield b"%PDF-1.4\n" + b" " * 65536
        raise OSError(errno.ENOSPC, "No space left on device")


def disk_full_pdf() -> DiskFullPdf:
    return DiskFullPdf("akta.pdf", b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n", content_type="application/pdf")


def files_in(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def test_verification_documents_written_before_the_failure_are_removed(world: World, settings: Any) -> None:
    actions.set_identifier(world.owner, world.org, "id-nib", "9120001234567")

    with pytest.raises(StorageFailed) as raised:
        actions.submit_verification(world.owner, world.org, "NIB", [pdf_upload(), disk_full_pdf()])

    assert raised.value.status == 507 and "documents" in raised.value.fields
    assert files_in(Path(settings.MEDIA_ROOT)) == []
    assert not VerificationRequest.objects.filter(organisation=world.org).exists()


def test_a_certificate_that_cannot_be_stored_leaves_nothing(world: World, settings: Any) -> None:
    with pytest.raises(StorageFailed) as raised:
        actions.add_certification(world.owner, world.org, {"type": "halal", "number": "ID001"}, disk_full_pdf())

    assert raised.value.status == 507 and "document" in raised.value.fields
    assert files_in(Path(settings.MEDIA_ROOT)) == []
    assert not Certification.objects.filter(organisation=world.org).exists()
