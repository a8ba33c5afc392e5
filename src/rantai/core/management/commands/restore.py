"""``rantai restore FILE``: check a backup archive completely, then replace the database and media with it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rantai.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore a backup made by rantai backup (replaces the database and the uploaded files)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = restore_backup(options["archive"])
        except BackupError as exc:
            raise CommandError(str(exc.message)) from exc
        self.stdout.write(
            f"Restored the {summary.vendor} database and {summary.media_files} media file(s) "
            f"from {summary.path} (made {summary.created_at})."
        )
