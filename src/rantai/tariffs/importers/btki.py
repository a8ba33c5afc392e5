"""Indonesia's BTKI 2022 (Buku Tarif Kepabeanan Indonesia) tariff lines: MFN import duty (BM), VAT (PPN)
and luxury-goods tax (PPnBM) per 8-digit AHTN line.

Columns: ``hs_code, chapter, description_id, description_en, import_duty, export_duty, ppn, ppnbm, hs_level``.
Codes are dotted (``01.01.21.00``); only ``hs_level = 8`` rows are tariff lines (4- and 6-digit rows are
headings). The duty is percent with either decimal separator (``12,5`` and ``12.5``) or a specific rupiah
amount (``450,-/kg``, ``21.450,-/menit`` with a thousands dot). ``-`` means none. ``*)`` marks a conditional
rate; PPnBM may list several (``15*); 20*); 25*)``), each stored as its own ``LineTax`` row.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

from rantai.core.errors import ImportFileError
from rantai.tariffs.importers.base import (
    LineRow,
    ScheduleSpec,
    SourceInfo,
    already_imported,
    check_economy,
    no_op_report,
    open_text,
    write_schedules,
)
from rantai.tariffs.models import Regime, ScheduleHsVersion, SourceFormat
from rantai.tariffs.rate_text import parse_number, parse_rate

COLUMNS = ("hs_code", "chapter", "description_id", "description_en", "import_duty", "export_duty", "ppn",
           "ppnbm", "hs_level")  # fmt: skip
INFO = SourceInfo(
    key="tariffs-btki",
    title="Buku Tarif Kepabeanan Indonesia (BTKI) 2022",
    publisher="Direktorat Jenderal Bea dan Cukai, Kementerian Keuangan RI",
    format=SourceFormat.BTKI,
    url="https://www.beacukai.go.id/",
    licence="Indonesian regulation (PMK 26/PMK.010/2022); not subject to copyright (UU 28/2014 Art. 42)",
)
CODE = re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{2}$")
TAX_PART = re.compile(r"^(?P<rate>\d+(?:[.,]\d+)?)\s*(?P<flag>\*\))?$")


def _column(name: str) -> str:
    return f"{COLUMNS.index(name) + 1} ({name})"


def _taxes(path: Path, line: int, name: str, text: str) -> list[tuple[str, Decimal | None, str]]:
    text = text.strip()
    if text in ("", "-"):
        return []
    out: list[tuple[str, Decimal | None, str]] = []
    for part in (p.strip() for p in text.split(";")):
        match = TAX_PART.match(part)
        if match is None:
            raise ImportFileError(path, line, _column(name), f"{text!r} is not a tax rate (e.g. 11 or 15*)).")
        out.append((name.upper(), parse_number(match.group("rate")), part))
    return out


def parse(path: Path, economy: str, year: int, valid_from: dt.date) -> ScheduleSpec:
    spec = ScheduleSpec(
        economy=economy,
        regime=Regime.MFN,
        year=year,
        hs_version=ScheduleHsVersion.HS2022,
        valid_from=valid_from,
        label="BTKI 2022 bea masuk (MFN)",
        note="PPN and PPnBM per line are stored as line taxes; '*)' marks a conditional rate.",
    )
    with open_text(path) as handle:
        reader = csv.reader(handle)
        try:
            header = tuple(c.strip().lower() for c in next(reader))
            if header != COLUMNS:
                raise ImportFileError(path, 1, 1, f"Unexpected header; expected {','.join(COLUMNS)!r}.")
            for cells in reader:
                line = reader.line_num
                if not any(c.strip() for c in cells):
                    continue
                if len(cells) != len(COLUMNS):
                    raise ImportFileError(
                        path,
                        line,
                        min(len(cells), len(COLUMNS)) + 1,
                        f"Expected {len(COLUMNS)} values, found {len(cells)}.",
                    )
                row = dict(zip(COLUMNS, (c.strip() for c in cells), strict=True))
                if row["hs_level"] not in ("4", "6", "8"):
                    raise ImportFileError(
                        path, line, _column("hs_level"), f"{row['hs_level']!r} is not 4, 6 or 8."
                    )
                if row["hs_level"] != "8":
                    continue
                if not CODE.match(row["hs_code"]):
                    raise ImportFileError(
                        path,
                        line,
                        _column("hs_code"),
                        f"{row['hs_code']!r} is not an 8-digit code like 01.01.21.00.",
                    )
                duty = row["import_duty"]
                if duty in ("", "-"):
                    raise ImportFileError(
                        path, line, _column("import_duty"), "An 8-digit line has no import duty."
                    )
                rate = parse_rate(duty, currency="IDR", bare_is_percent=True, thousands_dot=True)
                code = row["hs_code"].replace(".", "")
                spec.lines.append(
                    LineRow(
                        national_code=code,
                        hs6=code[:6],
                        description=row["description_id"] or row["description_en"],
                        rate_text=duty,
                        rate=rate,
                        line_no=line,
                        note=f"EN: {row['description_en']}"[:300] if row["description_en"] else "",
                        taxes=_taxes(path, line, "ppn", row["ppn"])
                        + _taxes(path, line, "ppnbm", row["ppnbm"]),
                    )
                )
        except StopIteration:
            raise ImportFileError(path, 1, 1, "The file is empty; a header row was expected.") from None
        except (csv.Error, UnicodeDecodeError, EOFError, OSError) as exc:
            raise ImportFileError(path, reader.line_num, 1, f"The file cannot be read as CSV: {exc}") from exc
    return spec


def import_file(path: Path, economy: str | None = None, year: int | None = None,
                valid_from: dt.date | None = None) -> list[str]:  # fmt: skip
    path = Path(path)
    if not path.is_file():
        raise ImportFileError(path, 0, 0, "The file does not exist.")
    source = already_imported(path, INFO)
    if source is not None:
        return no_op_report(path, source)
    iso3 = check_economy(path, economy or "IDN")
    year = year or 2022
    spec = parse(path, iso3, year, valid_from or dt.date(year, 4, 1))
    return write_schedules(path, INFO, [spec])
