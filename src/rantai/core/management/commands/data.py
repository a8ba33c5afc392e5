"""``rantai data …``: load reference facts and import official files.

rantai data load-reference                    economies, HS 2022, agreements, essential goods (idempotent)
rantai data import correlations PATH          UNSD HS correlation table (wide HS2017 or long multi-version)
rantai data import desta PATH                 DESTA agreement memberships (long format)
rantai data import essential-goods PATH       an essential-goods list (WCO/WHO or GTA format)
rantai data import tariffs --format FORMAT PATH [--economy ISO3] [--year Y] [--valid-from DATE]
                                              a tariff schedule (btki, usitc-hts, jp-customs, wto-tdf, wits-trains)
rantai data import activities --format isic|kbli PATH  ISIC Rev. 4 structure or KBLI 2020 five-digit groups
rantai data import exchange-rates PATH        an exchange-rate table (currency, per_usd, date)
rantai data pull [NAME …] [--base-url URL] [--into DIR]   fetch official releases into RANTAI_DATA_DIR
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
        pull = sub.add_parser("pull", help="Download the official releases listed in the pull manifest.")
        pull.add_argument("names", nargs="*", help="Only these releases (default: all).")
        pull.add_argument(
            "--base-url", help="A mirror laid out like ../shared/data (or RANTAI_PULL_BASE_URL)."
        )
        pull.add_argument("--into", type=Path, help="Target folder (default: RANTAI_DATA_DIR).")
        imp = sub.add_parser("import", help="Import an official file.")
        imp.add_argument(
            "kind",
            choices=[
                "correlations",
                "desta",
                "essential-goods",
                "activities",
                "tariffs",
                "exchange-rates",
                "nomenclature",
            ],
        )
        imp.add_argument("path", type=Path)
        imp.add_argument(
            "--format", dest="format", help="File format (tariffs; nomenclature: btki or ahtn-vn)."
        )
        imp.add_argument("--economy", help="Importing economy, ISO 3166 alpha-3 (tariffs only).")
        imp.add_argument("--year", type=int, help="Schedule year (tariffs only).")
        imp.add_argument("--valid-from", type=dt.date.fromisoformat, help="First day the schedule applies.")

    def handle(self, *args: Any, **options: Any) -> None:
        from rantai.reference import loaders

        if options["action"] == "pull":
            self._pull(options)
            return
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

    def _pull(self, options: dict[str, Any]) -> None:
        from rantai.tariffs.pull import pull

        try:
            outcomes = pull(options["names"] or None, into=options["into"], base_url=options["base_url"])
        except RantaiError as exc:
            raise CommandError(str(exc.message)) from exc
        for outcome in outcomes:
            self.stdout.write(f"{outcome.release}: {outcome.status}. {outcome.message}")
        failed = [o.release for o in outcomes if o.status == "failed"]
        if failed:
            raise CommandError(f"Could not pull: {', '.join(failed)}.")
