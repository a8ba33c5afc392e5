"""``rantai backup [--output FILE]``: the database, uploaded media and a checksummed manifest in one .tar.gz."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rantai.core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Back up the database and uploaded files into one .tar.gz (restore it with rantai restore)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, help="Archive to write (default var/backups/rantai-<time>.tar.gz).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = create_backup(options["output"])
        except BackupError as exc:
            raise CommandError(str(exc.message)) from exc
        self.stdout.write(
            f"Backed up the {summary.vendor} database and {summary.media_files} media file(s) to {summary.path}"
        )
