"""Backups: one ``.tar.gz`` holding the database, the uploaded media and a manifest that proves both.

Layout of an archive::

    manifest.json          format, created_at, database vendor, applied migrations, sha256 of every member
    database.sqlite3       SQLite: a consistent copy made with the online backup API (the server may run)
      or database.pgdump   PostgreSQL: ``pg_dump --format=custom``
    media/…                every uploaded file (certifications, product photos, …)

``restore_backup`` checks everything before it touches anything: the manifest, the vendor, that no member is
missing, extra or altered (sha256), and that the archive's migrations are known to this code. Only then does
it replace the database (SQLite backup API or ``pg_restore --clean --if-exists``) and the media folder.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

from rantai.core.errors import RantaiError

FORMAT = "rantai-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA_PREFIX = "media/"
DATABASE_MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
CHUNK = 1024 * 1024


class BackupError(RantaiError):
    code = "backup_error"


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    vendor: str
    created_at: str
    members: int
    media_files: int


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _vendor(alias: str = "default") -> str:
    vendor = connections[alias].vendor
    if vendor not in DATABASE_MEMBERS:
        raise BackupError(_("Backups support SQLite and PostgreSQL only, not %(vendor)s.") % {"vendor": vendor})
    return vendor


def _pg_command(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        raise BackupError(
            _("%(tool)s is not installed. Install the PostgreSQL client tools (Debian: postgresql-client).")
            % {"tool": tool}
        )
    return found


def _pg_connection_args(alias: str) -> tuple[list[str], dict[str, str]]:
    cfg = connections[alias].settings_dict
    args = ["--dbname", str(cfg["NAME"])]
    if cfg.get("HOST"):
        args += ["--host", str(cfg["HOST"])]
    if cfg.get("PORT"):
        args += ["--port", str(cfg["PORT"])]
    if cfg.get("USER"):
        args += ["--username", str(cfg["USER"])]
    env = {**os.environ}
    if cfg.get("PASSWORD"):
        env["PGPASSWORD"] = str(cfg["PASSWORD"])
    return args, env


def _run(argv: list[str], env: dict[str, str]) -> None:
    completed = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise BackupError(
            _("%(tool)s failed: %(output)s") % {"tool": Path(argv[0]).name, "output": completed.stderr.strip()}
        )


def _dump_database(target: Path, alias: str) -> None:
    vendor = _vendor(alias)
    if vendor == "sqlite":
        source = sqlite3.connect(str(connections[alias].settings_dict["NAME"]))
        destination = sqlite3.connect(str(target))
        try:
            with destination:
                source.backup(destination)
        finally:
            destination.close()
            source.close()
    else:
        args, env = _pg_connection_args(alias)
        _run([_pg_command("pg_dump"), "--format=custom", "--no-owner", "--file", str(target), *args], env)


def _applied_migrations(alias: str) -> list[list[str]]:
    recorder = MigrationRecorder(connections[alias])
    return sorted([app, name] for app, name in recorder.applied_migrations())


def _media_files(media_root: Path) -> list[Path]:
    if not media_root.is_dir():
        return []
    return sorted(p for p in media_root.rglob("*") if p.is_file() and not p.is_symlink())


def create_backup(output: Path | None = None, *, alias: str = "default") -> BackupSummary:
    """Write a backup archive (to ``output``, or ``VAR_DIR/backups/rantai-<UTC time>.tar.gz``)."""
    vendor = _vendor(alias)
    created_at = timezone.now().astimezone(dt.UTC)
    if output is None:
        output = Path(settings.VAR_DIR) / "backups" / f"rantai-{created_at:%Y%m%dT%H%M%SZ}.tar.gz"
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="rantai-backup-", dir=output.parent) as work:
        database = Path(work) / DATABASE_MEMBERS[vendor]
        _dump_database(database, alias)
        media = _media_files(media_root)
        members = {database.name: _sha256(database)}
        for path in media:
            members[MEDIA_PREFIX + path.relative_to(media_root).as_posix()] = _sha256(path)
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": created_at.isoformat(),
            "database_vendor": vendor,
            "migrations": _applied_migrations(alias),
            "members": members,
        }
        manifest_path = Path(work) / MANIFEST
        manifest_path.write_text(json.dumps(manifest, indent=2, sort_keys=True))
        # Written beside the target and renamed, so a crash never leaves a half-written archive under its name.
        partial = Path(work) / "archive.tar.gz"
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(manifest_path, arcname=MANIFEST)
            archive.add(database, arcname=database.name)
            for path in media:
                archive.add(path, arcname=MEDIA_PREFIX + path.relative_to(media_root).as_posix())
        os.replace(partial, output)
    return BackupSummary(output, vendor, created_at.isoformat(), len(members), len(media))


def _foreign(archive: Path) -> BackupError:
    return BackupError(_("%(file)s is not a Rantai backup.") % {"file": archive.name})


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and bool(path.parts)


def _read_verified(archive: Path, into: Path) -> dict[str, Any]:
    """Extract ``archive`` into ``into`` and return its manifest, or raise before anything is restored."""
    try:
        tar = tarfile.open(archive, "r:gz")  # noqa: SIM115 -- closed by the with block below
    except (tarfile.TarError, OSError) as exc:
        raise _foreign(archive) from exc
    with tar:
        try:
            entries = {m.name: m for m in tar.getmembers()}
            manifest_entry = entries.get(MANIFEST)
            handle = tar.extractfile(manifest_entry) if manifest_entry is not None else None
            manifest = json.loads(handle.read()) if handle is not None else None
        except (tarfile.TarError, OSError, ValueError) as exc:
            raise _foreign(archive) from exc
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise _foreign(archive)
        if manifest.get("format_version") != FORMAT_VERSION:
            raise BackupError(
                _("%(file)s was written by another version of Rantai's backup format (%(version)s).")
                % {"file": archive.name, "version": manifest.get("format_version")}
            )
        expected: dict[str, str] = manifest.get("members") or {}
        present = {name for name, m in entries.items() if m.isfile() and name != MANIFEST}
        if present != set(expected) or not all(_safe_name(name) for name in present):
            raise BackupError(
                _("%(file)s does not hold the files its manifest lists; it is incomplete or was altered.")
                % {"file": archive.name}
            )
        for name, digest in expected.items():
            target = into / name
            target.parent.mkdir(parents=True, exist_ok=True)
            source = tar.extractfile(entries[name])
            assert source is not None
            hasher = hashlib.sha256()
            with target.open("wb") as out:
                while block := source.read(CHUNK):
                    hasher.update(block)
                    out.write(block)
            if hasher.hexdigest() != digest:
                raise BackupError(
                    _("%(member)s in %(file)s does not match its checksum; the archive is damaged or was altered.")
                    % {"member": name, "file": archive.name}
                )
    return manifest


def _check_compatible(manifest: dict[str, Any], archive: Path, alias: str) -> str:
    vendor = _vendor(alias)
    if manifest.get("database_vendor") != vendor or DATABASE_MEMBERS[vendor] not in manifest["members"]:
        raise BackupError(
            _("%(file)s holds a %(theirs)s database; this instance runs on %(ours)s.")
            % {"file": archive.name, "theirs": manifest.get("database_vendor"), "ours": vendor}
        )
    known = {(app, name) for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations}
    unknown = [f"{app}.{name}" for app, name in manifest.get("migrations", []) if (app, name) not in known]
    if unknown:
        raise BackupError(
            _("%(file)s comes from a newer version of Rantai (unknown migrations: %(migrations)s). "
              "Upgrade Rantai before restoring it.")
            % {"file": archive.name, "migrations": ", ".join(unknown[:5])}
        )
    return vendor


def _restore_database(dump: Path, vendor: str, alias: str) -> None:
    connections[alias].close()
    if vendor == "sqlite":
        source = sqlite3.connect(str(dump))
        destination = sqlite3.connect(str(connections[alias].settings_dict["NAME"]))
        try:
            source.backup(destination)
        finally:
            destination.close()
            source.close()
    else:
        args, env = _pg_connection_args(alias)
        _run(
            [_pg_command("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction", *args,
             str(dump)],
            env,
        )


def _restore_media(extracted: Path, media_root: Path) -> None:
    """Swap the restored folder in by renaming, so the media folder is never half old, half new."""
    media_root.parent.mkdir(parents=True, exist_ok=True)
    staged = Path(tempfile.mkdtemp(prefix=".media-restore-", dir=media_root.parent))
    try:
        if extracted.is_dir():
            shutil.copytree(extracted, staged / "media")
        else:
            (staged / "media").mkdir()
        previous = staged / "previous"
        if media_root.exists():
            os.replace(media_root, previous)
        os.replace(staged / "media", media_root)
    finally:
        shutil.rmtree(staged, ignore_errors=True)


def restore_backup(archive: Path, *, alias: str = "default") -> BackupSummary:
    """Replace the database and the media folder with the archive's, after checking all of it."""
    archive = archive.resolve()
    if not archive.is_file():
        raise BackupError(_("There is no file at %(path)s.") % {"path": str(archive)})
    with tempfile.TemporaryDirectory(prefix="rantai-restore-") as work:
        manifest = _read_verified(archive, Path(work))
        vendor = _check_compatible(manifest, archive, alias)
        _restore_database(Path(work) / DATABASE_MEMBERS[vendor], vendor, alias)
        _restore_media(Path(work) / MEDIA_PREFIX.rstrip("/"), Path(settings.MEDIA_ROOT))
        media_files = sum(1 for name in manifest["members"] if name.startswith(MEDIA_PREFIX))
    return BackupSummary(archive, vendor, manifest["created_at"], len(manifest["members"]), media_files)
