"""``rantai markets``: where an exporter can sell one product — the other APEC economies, best first.

  rantai markets --from IDN --hs 090111 [--date 2026-06-01] [--json] [--csv PATH] [--pdf PATH]

``--json`` prints a list in rank order, each with ``economy``, ``best``, ``score`` and the explained
``components``; economies without loaded tariff data come last with their ``status`` and ``message``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from rantai.core.errors import RantaiError
from rantai.tariffs.brief import brief_csv, brief_pdf
from rantai.tariffs.management.commands.tariff import fail, parse_date
from rantai.tariffs.ranking import rank_data, rank_destinations


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="origin", required=True, help="Exporting economy, e.g. IDN.")
        parser.add_argument("--hs", required=True, help="HS 2022 subheading, e.g. 090111.")
        parser.add_argument("--date", help="Date (YYYY-MM-DD); today when left out.")
        parser.add_argument("--json", action="store_true", help="Print JSON instead of text.")
        parser.add_argument("--csv", help="Also write the market brief as CSV to this path.")
        parser.add_argument("--pdf", help="Also write the market brief as PDF to this path.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            on = parse_date(options["date"])
            ranks = rank_destinations(options["origin"], options["hs"], on)
        except RantaiError as exc:
            raise fail(exc) from exc
        if options["csv"]:
            Path(options["csv"]).write_text(brief_csv(ranks), encoding="utf-8")
        if options["pdf"]:
            Path(options["pdf"]).write_bytes(brief_pdf(ranks))
        rows = [rank_data(rank) for rank in ranks]
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for n, rank in enumerate(ranks, 1):
            name = rank.economy.display_name
            if rank.score is None or rank.best is None:
                self.stdout.write(f"{n:>2}. {name:<28}     -  {rank.message}")
            else:
                self.stdout.write(
                    f"{n:>2}. {name:<28} {rank.score:>5}  best {rank.best.rate_text} ({rank.best.name})"
                )
