"""Compile every gettext catalogue (``locale/*/LC_MESSAGES/*.po``) with Babel.

Django's ``compilemessages`` needs GNU gettext installed; Babel is pure Python, so a fresh machine with
only pip can compile the translations during setup.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Compile the translation catalogues (rantai i18n compile)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["compile"])

    def handle(self, *args: Any, **options: Any) -> None:
        compiled = 0
        for po_path in sorted(Path(settings.SRC_DIR).glob("**/locale/*/LC_MESSAGES/*.po")):
            with po_path.open("rb") as po_file:
                try:
                    catalog = read_po(po_file, abort_invalid=True)
                except Exception as exc:
                    raise CommandError(f"{po_path}: {exc}") from exc
            mo_path = po_path.with_suffix(".mo")
            with mo_path.open("wb") as mo_file:
                write_mo(mo_file, catalog, use_fuzzy=False)
            compiled += 1
        self.stdout.write(f"Compiled {compiled} translation catalogue(s).")
