"""``rantai tariffs coverage [--economy ISO3] [--json]``: which economies, years and regimes are loaded."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from rantai.tariffs.coverage import coverage


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        cov = sub.add_parser(
            "coverage", help="List the loaded tariff schedules with line counts and sources."
        )
        cov.add_argument("--economy", help="Only this importing economy (ISO 3166 alpha-3).")
        cov.add_argument("--json", action="store_true", help="Print JSON instead of a table.")

    def handle(self, *args: Any, **options: Any) -> None:
        rows = coverage(options.get("economy"))
        if options["json"]:
            self.stdout.write(
                json.dumps({"schedules": [r.as_dict() for r in rows]}, ensure_ascii=False, indent=2)
            )
            return
        if not rows:
            self.stdout.write(_("No tariff schedules are loaded."))
            return
        header = ("economy", "regime", "agreement", "group", "year", "HS", "valid", "lines", "source")
        table = [header] + [
            (r.economy, r.regime, r.agreement, r.partner_group[:28], str(r.year), r.hs_version,
             f"{r.valid_from}..{r.valid_to}", str(r.lines), f"{r.source} ({r.source_version})")
            for r in rows
        ]  # fmt: skip
        widths = [max(len(row[i]) for row in table) for i in range(len(header) - 1)]
        for row in table:
            self.stdout.write(
                "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False)) + "  " + row[-1]
            )
        economies = sorted({r.economy for r in rows})
        self.stdout.write(
            _("%(count)d schedules for %(economies)s.")
            % {"count": len(rows), "economies": ", ".join(economies)}
        )
