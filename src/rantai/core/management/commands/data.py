"""``rantai data …``: load reference facts and import official files.

  rantai data load-reference                    economies, HS 2022, agreements, essential goods (idempotent)
  rantai data import correlations PATH          UNSD HS correlation table (wide HS2017 or long multi-version)
  rantai data import desta PATH                 DESTA agreement memberships (long format)
  rantai data import essential-goods PATH       an essential-goods list (WCO/WHO or GTA format)
  rantai data import tariffs --format FORMAT PATH [--economy ISO3] [--year Y] [--valid-from DATE]
                                                a tariff schedule (btki, usitc-hts, jp-customs, wto-tdf, wits-trains)
  rantai data import activities --format isic|kbli PATH  ISIC Rev. 4 structure or KBLI 2020 five-digit groups
  rantai data import exchange-rates PATH        an exchange-rate table (currency, per_usd, date)
  rantai data import nomenclature --format btki|ahtn-vn PATH  a national nomenclature in its own language
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rantai.core.errors import RantaiError


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("load-reference", help="Load the reference facts and the HS 2022 nomenclature.")
        imp = sub.add_parser("import", help="Import an official file.")
        imp.add_argument("kind", choices=["correlations", "desta", "essential-goods", "activities", "tariffs", "exchange-rates", "nomenclature"])
        imp.add_argument("path", type=Path)
        imp.add_argument("--format", dest="format", help="File format (tariffs; nomenclature: btki or ahtn-vn).")
        imp.add_argument("--economy", help="Importing economy, ISO 3166 alpha-3 (tariffs only).")
        imp.add_argument("--year", type=int, help="Schedule year (tariffs only).")
        imp.add_argument("--valid-from", type=dt.date.fromisoformat, help="First day the schedule applies.")

    def handle(self, *args: Any, **options: Any) -> None:
        from rantai.reference import loaders

        try:
            if options["action"] == "load-reference":
                report = loaders.load_reference()
            else:
                extra = {name: options[name] for name in ("format", "economy", "year", "valid_from")
                         if options.get(name) is not None}  # fmt: skip
                report = loaders.IMPORTERS[options["kind"]](options["path"], **extra)
        except RantaiError as exc:
            raise CommandError(str(exc.message)) from exc
        for line in report:
            self.stdout.write(line)
