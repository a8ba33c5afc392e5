"""The US Harmonized Tariff Schedule as exported by hts.usitc.gov (JSON array of records).

Each record: ``htsno, indent, description, superior, units[], general, special, other, footnotes[] …``.
Rates are printed on the line that carries them (8-digit, sometimes 10-digit); statistical suffixes below it
print none and inherit it, so only records with a ``general`` rate become tariff lines. Descriptions are the
chain of indented parents ("Horses: Purebred breeding animals").

Columns → schedules:

* ``general`` → MFN (column 1 general);
* ``special`` → one schedule per programme code, e.g. ``Free (A+,AU,BH,CL …) 3.5% (KR)``. Codes map to our
  agreements where we hold them (``PROGRAMMES``); GSP (``A``, ``A*``, ``A+``) is imported as regime GSP with
  ``valid_to = 2020-12-31`` because the US GSP lapsed on 31 December 2020 and was not renewed, so no rate logic
  offers it; other programmes without an agreement row are PREF schedules named by their code;
* ``other`` → column 2 (regime OTHER, partner group ``column-2``: Cuba, North Korea, Russia, Belarus).

``line_no`` is the record's number in the array (1-based); errors name the text line and column of the record.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rantai.core.errors import ImportFileError
from rantai.tariffs.importers.base import (
    LineRow,
    ScheduleSpec,
    SourceInfo,
    already_imported,
    check_economy,
    no_op_report,
    open_binary,
    write_schedules,
)
from rantai.tariffs.models import Regime, ScheduleHsVersion, SourceFormat
from rantai.tariffs.rate_text import parse_rate

INFO = SourceInfo(
    key="tariffs-usitc-hts",
    title="Harmonized Tariff Schedule of the United States (JSON export)",
    publisher="United States International Trade Commission",
    format=SourceFormat.USITC_HTS,
    url="https://hts.usitc.gov/",
    licence="US Government work, public domain (17 USC 105)",
)
GSP_LAPSED = dt.date(2020, 12, 31)
CAFTA_DR = ("CRI", "DOM", "SLV", "GTM", "HND", "NIC")


@dataclass(frozen=True)
class Programme:
    regime: str
    label: str
    agreement: str | None = None
    partners: tuple[str, ...] | None = None
    valid_to: dt.date | None = None


# HTS General Note 3(c)(i) special programme indicators.
PROGRAMMES: dict[str, Programme] = {
    "A": Programme(Regime.GSP, "Generalized System of Preferences", partners=(), valid_to=GSP_LAPSED),
    "A*": Programme(Regime.GSP, "GSP (certain beneficiaries excluded)", partners=(), valid_to=GSP_LAPSED),
    "A+": Programme(Regime.GSP, "GSP (least-developed beneficiaries only)", partners=(), valid_to=GSP_LAPSED),
    "AU": Programme(Regime.PREF, "United States-Australia FTA", agreement="ausfta"),
    "B": Programme(Regime.OTHER, "Automotive Products Trade Act", partners=("CAN",)),
    "BH": Programme(Regime.PREF, "United States-Bahrain FTA", partners=("BHR",)),
    "C": Programme(Regime.OTHER, "Agreement on Trade in Civil Aircraft", partners=()),
    "CA": Programme(Regime.PREF, "USMCA (originating goods of Canada)", agreement="usmca", partners=("CAN",)),
    "CL": Programme(Regime.PREF, "United States-Chile FTA", agreement="us-chile"),
    "CO": Programme(Regime.PREF, "United States-Colombia TPA", partners=("COL",)),
    "D": Programme(Regime.PREF, "African Growth and Opportunity Act", partners=()),
    "E": Programme(Regime.PREF, "Caribbean Basin Economic Recovery Act", partners=()),
    "E*": Programme(Regime.PREF, "CBERA (certain beneficiaries excluded)", partners=()),
    "IL": Programme(Regime.PREF, "United States-Israel FTA", partners=("ISR",)),
    "J": Programme(Regime.PREF, "Andean Trade Preference Act", partners=(), valid_to=dt.date(2013, 7, 31)),
    "J*": Programme(Regime.PREF, "ATPA (certain articles)", partners=(), valid_to=dt.date(2013, 7, 31)),
    "JO": Programme(Regime.PREF, "United States-Jordan FTA", partners=("JOR",)),
    "JP": Programme(Regime.PREF, "United States-Japan Trade Agreement", partners=("JPN",)),
    "K": Programme(Regime.OTHER, "Agreement on Trade in Pharmaceutical Products", partners=()),
    "KR": Programme(Regime.PREF, "United States-Korea FTA (KORUS)", agreement="korus"),
    "L": Programme(Regime.OTHER, "Uruguay Round concessions on intermediate chemicals for dyes", partners=()),
    "MA": Programme(Regime.PREF, "United States-Morocco FTA", partners=("MAR",)),
    "MX": Programme(Regime.PREF, "USMCA (originating goods of Mexico)", agreement="usmca", partners=("MEX",)),
    "NP": Programme(Regime.PREF, "Nepal preference programme", partners=("NPL",), valid_to=dt.date(2025, 12, 31)),
    "OM": Programme(Regime.PREF, "United States-Oman FTA", partners=("OMN",)),
    "P": Programme(Regime.PREF, "CAFTA-DR", partners=CAFTA_DR),
    "P+": Programme(Regime.PREF, "CAFTA-DR (additional)", partners=CAFTA_DR),
    "PA": Programme(Regime.PREF, "United States-Panama TPA", partners=("PAN",)),
    "PE": Programme(Regime.PREF, "United States-Peru TPA", agreement="us-peru"),
    "R": Programme(Regime.PREF, "Caribbean Basin Trade Partnership Act", partners=()),
    "S": Programme(Regime.PREF, "USMCA", agreement="usmca"),
    "S+": Programme(Regime.PREF, "USMCA (additional)", agreement="usmca"),
    "SG": Programme(Regime.PREF, "United States-Singapore FTA", agreement="us-singapore"),
}  # fmt: skip
COLUMN_2 = ("CUB", "PRK", "RUS", "BLR")
HTSNO = re.compile(r"^\d{4}(\.\d{2}){0,3}$")
GROUP = re.compile(r"\(([^()]*)\)")
CODE_TOKEN = re.compile(r"^[A-Z]{1,2}[+*]?$")
TEXT_FIELDS = ("htsno", "description", "general", "special", "other")


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


class Records:
    """The elements of a top-level JSON array, decoded one at a time, with their text positions on demand
    (the USITC export is one line of several megabytes, so positions are computed only for errors)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.text = ""

    def where(self, offset: int) -> tuple[int, int]:
        return _position(self.text, offset)

    def __iter__(self) -> Any:
        yield from self._iterate()

    def _iterate(self) -> Any:
        path = self.path
        with open_binary(path) as raw:
            try:
                self.text = text = raw.read().decode("utf-8-sig")
            except (UnicodeDecodeError, OSError, EOFError) as exc:
                raise ImportFileError(path, 1, 1, f"The file cannot be read as UTF-8 JSON: {exc}") from exc
        decoder = json.JSONDecoder()
        pos = _skip(text, 0)
        if not text.startswith("[", pos):
            raise ImportFileError(path, *self.where(pos), "Expected a JSON array of HTS records.")
        pos = _skip(text, pos + 1)
        number = 0
        while pos < len(text) and text[pos] != "]":
            try:
                record, end = decoder.raw_decode(text, pos)
            except json.JSONDecodeError as exc:
                raise ImportFileError(path, exc.lineno, exc.colno, f"Malformed JSON: {exc.msg}.") from None
            number += 1
            yield number, pos, record
            pos = _skip(text, end)
            if pos < len(text) and text[pos] == ",":
                pos = _skip(text, pos + 1)
            elif pos < len(text) and text[pos] != "]":
                raise ImportFileError(path, *self.where(pos), "Expected ',' or ']' after a record.")
        if pos >= len(text):
            raise ImportFileError(path, *self.where(len(text)), "The JSON array is not closed.")


def _skip(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos


def split_special(text: str) -> list[tuple[str, list[str]]]:
    """``Free (A+,AU,CL) 3.5% (KR) See 9822.04.01 (AU)`` → [("Free", [A+, AU, CL]), ("3.5%", [KR]), …]."""
    out: list[tuple[str, list[str]]] = []
    pending = ""
    cursor = 0
    for match in GROUP.finditer(text):
        pending += text[cursor : match.start()]
        cursor = match.end()
        tokens = [t.strip(" .") for t in re.split(r"[,\s]+", match.group(1)) if t.strip(" .")]
        tokens = [t.upper() if t.upper() in PROGRAMMES else t for t in tokens]
        if tokens and all(CODE_TOKEN.match(t) for t in tokens):
            out.append((" ".join(pending.split()), tokens))
            pending = ""
        else:
            pending += match.group(0)  # e.g. "(See U.S. note 4 of this subchapter)" is part of the rate text
    return out


def parse(path: Path, economy: str, year: int, valid_from: dt.date) -> list[ScheduleSpec]:
    def spec(regime: str, label: str, **extra: Any) -> ScheduleSpec:
        return ScheduleSpec(economy=economy, regime=regime, year=year, hs_version=ScheduleHsVersion.HS2022,
                            valid_from=valid_from, label=label, **extra)  # fmt: skip

    mfn = spec(Regime.MFN, "HTS column 1 general")
    column2 = spec(Regime.OTHER, "HTS column 2", partner_group="column-2", partners=COLUMN_2)
    special: dict[str, ScheduleSpec] = {}
    parents: dict[int, str] = {}
    records = Records(path)
    for number, offset, record in records:

        def fail(problem: str, offset: int = offset, number: int = number) -> ImportFileError:
            return ImportFileError(path, *records.where(offset), f"Record {number}: {problem}")

        if not isinstance(record, dict):
            raise fail("not a JSON object.")
        for name in TEXT_FIELDS:
            if record.get(name) is not None and not isinstance(record[name], str):
                raise fail(f"{name!r} is not a string.")
        htsno = (record.get("htsno") or "").strip()
        try:
            indent = int(record.get("indent") or 0)
        except (TypeError, ValueError):
            raise fail(f"indent {record.get('indent')!r} is not a number.") from None
        description = " ".join((record.get("description") or "").split())
        parents = {level: text for level, text in parents.items() if level < indent}
        parents[indent] = description
        general = (record.get("general") or "").strip()
        if not general:
            continue
        if not HTSNO.match(htsno):
            raise fail(f"{htsno!r} carries a rate but is not an HTS number like 0101.21.00.")
        # A heading printed without subdivisions (9503) is the 8-digit line 9503.00.00.
        code = htsno.replace(".", "").ljust(8, "0")
        chain = ": ".join(parents[level].rstrip(":") for level in sorted(parents) if parents[level])
        full = chain or description

        def row(
            text: str, note: str = "", code: str = code, full: str = full, number: int = number
        ) -> LineRow:
            return LineRow(national_code=code, hs6=code[:6], description=full, rate_text=text,
                           rate=parse_rate(text), line_no=number, note=note)  # fmt: skip

        mfn.lines.append(row(general))
        other = (record.get("other") or "").strip()
        if other:
            column2.lines.append(row(other))
        for rate_text, codes in split_special(record.get("special") or ""):
            for programme_code in codes:
                target = special.get(programme_code)
                if target is None:
                    programme = PROGRAMMES.get(
                        programme_code, Programme(Regime.OTHER, f"Programme {programme_code}", partners=())
                    )
                    note = ""
                    if programme.regime == Regime.GSP:
                        note = "US GSP lapsed on 31 December 2020 and has not been renewed; kept as printed."
                    elif programme.valid_to is not None:
                        note = f"Programme lapsed on {programme.valid_to.isoformat()}; kept as printed."
                    target = special[programme_code] = spec(
                        programme.regime,
                        f"HTS special: {programme.label} ({programme_code})",
                        agreement=programme.agreement,
                        partner_group=programme_code,
                        partners=programme.partners,
                        valid_to=programme.valid_to,
                        note=note,
                    )
                target.lines.append(row(rate_text))
    return [mfn, column2, *special.values()]


def import_file(path: Path, economy: str | None = None, year: int | None = None,
                valid_from: dt.date | None = None) -> list[str]:  # fmt: skip
    path = Path(path)
    if not path.is_file():
        raise ImportFileError(path, 0, 0, "The file does not exist.")
    source = already_imported(path, INFO)
    if source is not None:
        return no_op_report(path, source)
    iso3 = check_economy(path, economy or "USA")
    year = year or 2025
    return write_schedules(path, INFO, parse(path, iso3, year, valid_from or dt.date(year, 1, 1)))
