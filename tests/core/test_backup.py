"""rantai backup / rantai restore round-trip the database the suite runs on, and uploaded files."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from rantai.accounts.models import User
from tests.factories import UserFactory


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "certifications" / "2026").mkdir(parents=True)
    return Path(settings.MEDIA_ROOT)


def _backup(tmp_path: Path) -> Path:
    archive = tmp_path / "backups" / "rantai.tar.gz"
    call_command("backup", "--output", str(archive), stdout=io.StringIO())
    return archive


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_brings_back_rows_and_files(media: Path, tmp_path: Path) -> None:
    UserFactory(email="siti@kopigayo.id", full_name="Siti")
    document = media / "certifications" / "2026" / "halal.pdf"
    document.write_bytes(b"%PDF-1.4 halal certificate")
    archive = _backup(tmp_path)

    # Things change after the backup: a row goes, another arrives, the file is replaced and one is added.
    User.objects.filter(email="siti@kopigayo.id").delete()
    UserFactory(email="late@example.id")
    document.write_bytes(b"overwritten")
    (media / "stray.png").write_bytes(b"not in the backup")

    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)

    assert User.objects.filter(email="siti@kopigayo.id").exists()
    assert not User.objects.filter(email="late@example.id").exists()
    assert document.read_bytes() == b"%PDF-1.4 halal certificate"
    assert not (media / "stray.png").exists()
    assert "1 media file" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_the_manifest_records_vendor_migrations_and_checksums(media: Path, tmp_path: Path) -> None:
    from django.db import connection

    (media / "a.txt").write_text("a")
    with tarfile.open(_backup(tmp_path)) as archive:
        names = archive.getnames()
        handle = archive.extractfile("manifest.json")
        assert handle is not None
        manifest = json.load(handle)
    assert names[0] == "manifest.json"
    assert manifest["format"] == "rantai-backup"
    assert manifest["database_vendor"] == connection.vendor
    assert ["accounts", "0001_initial"] in manifest["migrations"]
    assert set(manifest["members"]) == {n for n in names if n != "manifest.json"}
    assert "media/a.txt" in manifest["members"]
    assert manifest["created_at"].endswith("+00:00")


def _rewrite(archive: Path, target: Path, change: Any) -> Path:
    """Copy ``archive`` to ``target`` with ``change(name, data, manifest)`` applied to members."""
    with tarfile.open(archive) as source:
        members = {m.name: source.extractfile(m).read() for m in source.getmembers() if m.isfile()}  # type: ignore[union-attr]
    manifest = json.loads(members.pop("manifest.json"))
    members = change(members, manifest)
    with tarfile.open(target, "w:gz") as out:
        for name, data in [("manifest.json", json.dumps(manifest).encode()), *members.items()]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            out.addfile(info, io.BytesIO(data))
    return target


@pytest.mark.django_db(transaction=True)
def test_an_altered_archive_is_refused_and_nothing_is_restored(media: Path, tmp_path: Path) -> None:
    UserFactory(email="kept@example.id")
    (media / "photo.png").write_bytes(b"original")
    archive = _backup(tmp_path)

    def tamper(members: dict[str, bytes], manifest: dict[str, Any]) -> dict[str, bytes]:
        members["media/photo.png"] = b"tampered"
        return members

    bad = _rewrite(archive, tmp_path / "bad.tar.gz", tamper)
    UserFactory(email="after@example.id")
    with pytest.raises(CommandError, match="does not match its checksum"):
        call_command("restore", str(bad))
    assert User.objects.filter(email="after@example.id").exists()  # the database was not touched
    assert (media / "photo.png").read_bytes() == b"original"


@pytest.mark.django_db(transaction=True)
def test_an_extra_member_or_another_vendor_is_refused(media: Path, tmp_path: Path) -> None:
    archive = _backup(tmp_path)

    def add_member(members: dict[str, bytes], manifest: dict[str, Any]) -> dict[str, bytes]:
        return {**members, "media/../../etc/evil": b"x"}

    with pytest.raises(CommandError, match="incomplete or was altered"):
        call_command("restore", str(_rewrite(archive, tmp_path / "extra.tar.gz", add_member)))

    def other_vendor(members: dict[str, bytes], manifest: dict[str, Any]) -> dict[str, bytes]:
        manifest["database_vendor"] = "mysql"
        return members

    with pytest.raises(CommandError, match="holds a mysql database"):
        call_command("restore", str(_rewrite(archive, tmp_path / "vendor.tar.gz", other_vendor)))

    def newer(members: dict[str, bytes], manifest: dict[str, Any]) -> dict[str, bytes]:
        manifest["migrations"].append(["accounts", "9999_from_the_future"])
        return members

    with pytest.raises(CommandError, match="newer version of Rantai"):
        call_command("restore", str(_rewrite(archive, tmp_path / "newer.tar.gz", newer)))


def test_a_foreign_file_is_refused(tmp_path: Path) -> None:
    not_a_backup = tmp_path / "holiday.tar.gz"
    with tarfile.open(not_a_backup, "w:gz") as out:
        info = tarfile.TarInfo("photo.jpg")
        info.size = 3
        out.addfile(info, io.BytesIO(b"abc"))
    with pytest.raises(CommandError, match="is not a Rantai backup"):
        call_command("restore", str(not_a_backup))
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    with pytest.raises(CommandError, match="is not a Rantai backup"):
        call_command("restore", str(text))
