"""``rantai hs …``: look up HS 2022 codes from the command line.

  rantai hs show CODE [--json]                   the code, its parents and the essential-goods lists naming it
  rantai hs convert --from HS2017 CODE [--json]  the HS 2022 subheadings an older code corresponds to
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rantai.core.errors import RantaiError
from rantai.reference import queries
from rantai.reference.models import HsCode, HsLevel, HsVersion


def _ref(node: HsCode) -> dict[str, str]:
    return {"code": node.code, "level": node.level, "description": node.description}


def show_data(code: str) -> dict[str, Any]:
    node = queries.get_hs(code)
    return {
        **_ref(node),
        "parents": [_ref(parent) for parent in queries.ancestors(node.code)],
        "essential_goods": [
            {"list": item.list_name, "category": item.category, "source": item.source.citation}
            for item in queries.essential_lists(node.code)
        ],
        "source": node.source.citation,
    }


def convert_data(version: str, code: str) -> dict[str, Any]:
    version = queries.parse_version(version)
    conversions = queries.convert_to_hs2022(version, code)
    descriptions = dict(
        HsCode.objects.filter(code__in=[c.hs2022 for c in conversions]).values_list("code", "description")
    )
    return {
        "from_version": version,
        "code": queries.normalize_code(code),
        "hs2022": [
            {"code": c.hs2022, "relationship": c.relationship, "description": descriptions.get(c.hs2022, "")}
            for c in conversions
        ],
    }


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        show = sub.add_parser("show", help="Show an HS 2022 code with its parents and essential-goods lists.")
        show.add_argument("code")
        show.add_argument("--json", action="store_true", help="Print JSON instead of text.")
        convert = sub.add_parser("convert", help="Convert an older HS code to HS 2022.")
        convert.add_argument(
            "--from", dest="version", required=True, help=f"Older version: {', '.join(HsVersion.values)}."
        )
        convert.add_argument("code")
        convert.add_argument("--json", action="store_true", help="Print JSON instead of text.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "show":
                data = show_data(options["code"])
                lines = self._show_lines(data)
            else:
                data = convert_data(options["version"], options["code"])
                lines = self._convert_lines(data)
        except RantaiError as exc:
            # CommandError prints to stderr and exits non-zero, which scripts can test for.
            hints = [str(m) for messages in exc.fields.values() for m in messages]
            raise CommandError(" ".join([str(exc.message), *hints])) from exc
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            self.stdout.write("\n".join(lines))

    @staticmethod
    def _path(data: dict[str, Any]) -> str:
        steps = [data["code"]] + [
            f"section {p['code']}" if p["level"] == HsLevel.SECTION else p["code"] for p in data["parents"]
        ]
        return " → ".join(steps)

    def _show_lines(self, data: dict[str, Any]) -> list[str]:
        lines = [self._path(data), f"{data['code']} ({data['level']}): {data['description']}", "", "Parents:"]
        parents = [f"  {p['code']:<6} {p['level']:<10} {p['description']}" for p in data["parents"]]
        lines += parents or ["  none"]
        lines += ["", "On essential-goods lists:"]
        listings = [
            "  " + " · ".join(filter(None, [item["list"], item["category"]])) + f" ({item['source']})"
            for item in data["essential_goods"]
        ]
        lines += listings or ["  none"]
        lines += ["", f"Source: {data['source']}"]
        return lines

    @staticmethod
    def _convert_lines(data: dict[str, Any]) -> list[str]:
        lines = [f"{data['from_version']} {data['code']} corresponds to these HS 2022 subheadings:"]
        lines += [f"  {c['code']}  {c['relationship']:<3}  {c['description']}" for c in data["hs2022"]]
        return lines
