"""``rantai search rebuild``: rewrite every search document from the catalogue and the directory."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Maintain the product and supplier search index."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("rebuild", help="Rewrite every search document and the full-text index.")

    def handle(self, *args: Any, **options: Any) -> None:
        from rantai.search.indexing import rebuild_all

        started = time.perf_counter()
        products, suppliers = rebuild_all(progress=lambda m: self.stdout.write(f"  {m}"))
        self.stdout.write(
            f"Indexed {products:,} published products and {suppliers:,} organisations "
            f"in {time.perf_counter() - started:.1f} s."
        )
