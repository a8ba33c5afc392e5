"""``rantai tariff``: the duty a product pays entering one economy from another, and what it lands at.

  rantai tariff --from IDN --to JPN --hs 030617 [--date 2026-06-01] [--value 10000 --currency USD
                [--freight 800] [--insurance 50] [--quantity 2000] [--no-importer-id]] [--json]

``--json`` prints one object with ``mfn``, ``best``, ``margin`` and ``options`` (every regime that applies),
each ``{"regime", "rate_text", "ad_valorem", "document", "lines", …}``, plus ``landed_cost`` with --value.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rantai.core.errors import RantaiError
from rantai.tariffs.landed_cost import check_amount, landed_cost, landed_cost_data
from rantai.tariffs.rates import UnitValue, answer_data, applicable_rates, field_error


def parse_date(raw: str | None) -> dt.date:
    if not raw:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise field_error("date", f"{raw} is not a date.", "Give a date as YYYY-MM-DD.", "invalid_date") from None


def fail(exc: RantaiError) -> CommandError:
    hints = [f"{name}: {m}" for name, messages in exc.fields.items() for m in messages]
    return CommandError(" ".join([str(exc.message), *hints]))


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="origin", required=True, help="Origin economy (ISO alpha-3), e.g. IDN.")
        parser.add_argument("--to", dest="destination", required=True, help="Importing economy, e.g. JPN.")
        parser.add_argument("--hs", required=True, help="HS 2022 subheading, e.g. 030617 or 0306.17.")
        parser.add_argument("--date", help="Date of import (YYYY-MM-DD); today when left out.")
        parser.add_argument("--value", help="FOB value of the consignment, for the landed cost.")
        parser.add_argument("--currency", default="USD", help="Currency of --value (default USD).")
        parser.add_argument("--freight", default="0", help="Freight to the destination, in --currency.")
        parser.add_argument("--insurance", default="0", help="Insurance, in --currency.")
        parser.add_argument("--quantity", help="Quantity in the unit a specific duty is charged per (e.g. kg).")
        parser.add_argument("--regime", help="Regime for the landed cost (MFN or an agreement code); best if left out.")
        parser.add_argument("--no-importer-id", action="store_true",
                            help="The importer has no importer identification number (Indonesia's PPh 22).")
        parser.add_argument("--json", action="store_true", help="Print JSON instead of text.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            data = self.answer(options)
        except RantaiError as exc:
            raise fail(exc) from exc
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            self.stdout.write("\n".join(text_lines(data)))

    def answer(self, options: dict[str, Any]) -> dict[str, Any]:
        on = parse_date(options["date"])
        quantity = check_amount(options["quantity"], "quantity") if options["quantity"] else None
        value = check_amount(options["value"], "value") if options["value"] else None
        unit_value = UnitValue(value / quantity, options["currency"].upper()) if value and quantity else None
        data = answer_data(applicable_rates(options["origin"], options["destination"], options["hs"], on,
                                            unit_value=unit_value))
        if value is not None:
            cost = landed_cost(
                options["origin"], options["destination"], options["hs"], fob=value,
                currency=options["currency"], freight=check_amount(options["freight"], "freight"),
                insurance=check_amount(options["insurance"], "insurance"), on=on,
                importer_has_id=not options["no_importer_id"], regime=options["regime"], quantity=quantity,
            )
            data["landed_cost"] = landed_cost_data(cost)
        return data


def text_lines(data: dict[str, Any]) -> list[str]:
    out = [f"{data['hs']}  {data['origin']} → {data['destination']}  on {data['date']}"]
    for option in data["options"]:
        mark = "*" if data["best"] and option["regime"] == data["best"]["regime"] else " "
        doc = f"  [{option['document']}]" if option["document"] else ""
        out.append(f"{mark} {option['name']:<45} {option['rate_text']}{doc}")
        if option["range"]:
            out += [f"      {line['national_code']}  {line['rate_text']}" for line in option["lines"]]
    if data["margin"] is not None:
        out.append(f"Margin of preference: {data['margin']:g} percentage points")
    out += [f"Not offered: {n['name']}: {n['reason']}" for n in data["not_offered"]]
    out += [f"Note: {note}" for note in data["notes"]]
    out.append(f"Source: {data['mfn']['source']}")
    cost = data.get("landed_cost")
    if cost:
        out.append("")
        out.append(f"Landed cost ({cost['valuation_basis']} basis, {cost['currency']}):")
        for item in cost["lines"]:
            amount = item["amount"] if item["amount"] is not None else item["status"].replace("_", " ")
            out.append(f"  {item['label']:<40} {amount:>18}  {item['basis']}")
        out.append(f"  {'Total':<40} {cost['total'] or 'incomplete':>18}")
    return out
