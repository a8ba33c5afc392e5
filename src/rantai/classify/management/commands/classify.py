"""``rantai classify``: HS 2022 subheadings for product descriptions, one description per line on stdin.

  echo "kopi bubuk luwak sangrai 250 gram" | rantai classify [--top K] [--json] [--economy IDN]

With ``--json`` each line gives one object ``{"text", "lang", "candidates": [{"hs6", "score", "description",
"why"}, …]}`` (plus ``"notice"`` when the text was truncated and ``"national_lines"`` per candidate with
``--economy``); a line that cannot be read gives ``{"text", "error"}`` and the rest are still processed. The
exit status is non-zero when any line failed.
"""

from __future__ import annotations

import json
import sys
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from rantai.classify.engine import DEFAULT_TOP, MAX_TOP, Result, classify
from rantai.classify.text import ClassifyInputError


class Command(BaseCommand):
    help = __doc__
    # Tests pass ``input`` (a binary stream) instead of standard input.
    stealth_options = ("input",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--top", type=int, default=DEFAULT_TOP, help=f"Candidates per line (1 to {MAX_TOP}).")
        parser.add_argument("--json", action="store_true", help="One JSON object per line.")
        parser.add_argument("--economy", help="List that economy's national tariff lines (e.g. IDN).")

    def handle(self, *args: Any, **options: Any) -> None:
        top = options["top"]
        if not 1 <= top <= MAX_TOP:
            raise CommandError(_("--top must be between 1 and %(max)s.") % {"max": MAX_TOP})
        source: IO[bytes] = options.get("input") or sys.stdin.buffer
        failures = 0
        for raw_line in source:
            line = raw_line.rstrip(b"\r\n")
            try:
                text: str | bytes = line.decode("utf-8")
            except UnicodeDecodeError:
                text = line
            try:
                result = classify(text, top=top, economy=options.get("economy"))
            except ClassifyInputError as exc:
                failures += 1
                shown = text if isinstance(text, str) else line.decode("utf-8", errors="replace")
                self._error(shown, str(exc.message), options["json"])
                continue
            self._write(result, options["json"])
        if failures:
            raise CommandError(
                _("%(count)s line(s) could not be classified.") % {"count": failures}, returncode=1
            )

    def _error(self, text: str, message: str, as_json: bool) -> None:
        if as_json:
            self.stdout.write(json.dumps({"text": text, "error": message}, ensure_ascii=False))
        else:
            self.stderr.write(f"{text!r}: {message}")

    def _write(self, result: Result, as_json: bool) -> None:
        if as_json:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False))
            return
        self.stdout.write(f"{result.text}  [{result.lang}]")
        if result.notice:
            self.stdout.write(f"  ! {result.notice}")
        for candidate in result.candidates:
            code = f"{candidate.hs6[:4]}.{candidate.hs6[4:]}"
            self.stdout.write(f"  {code}  {candidate.score:.2f}  {candidate.description}")
            for line in candidate.national_lines:
                self.stdout.write(f"      {line['code']}  {line['description']}")
        if result.low_confidence:
            self.stdout.write("  " + _("Low confidence: browse the HS codes or ask customs for a binding ruling."))
