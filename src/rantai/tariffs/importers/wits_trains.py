"""WITS / UNCTAD TRAINS raw tariff-line export (``DataJobID-…csv``): quoted CSV in cp1252.

One row per national line and duty type: ``Reporter, ReporterName, Partner, PartnerName, Year, TL, TLS,
Duty Type, Duty Code, AV Duty Rate, Specific Duty Rate, TrfLineDescription, DutyTypeDescription, Duty Nature,
AvMethod, Note``. ``TL`` lost its leading zero in the export (``101100000`` is 0101.10.00.00) and is padded
back to an even length; a few are in scientific notation (``2.05e+08`` = 0205.00.00.00), read exactly. Each ``DutyTypeDescription`` becomes one schedule: "MFN applied duty rates" → MFN, the
ASEAN regimes → PREF with their agreement. The nomenclature is taken from the year (TRAINS: HS 2007 for
2007-2011 reporting … see ``HS_BY_YEAR``); ``--year`` overrides the file's year only for the schedule label.
Rates: ``AV Duty Rate`` percent; ``Specific Duty Rate`` text such as ``Rp 450/kg`` (Duty Nature ``S``);
a line with neither ("Duty rate not provided") is kept as OTHER with the note.
"""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rantai.core.errors import ImportFileError
from rantai.tariffs.importers.base import (
    LineRow,
    ScheduleSpec,
    SourceInfo,
    already_imported,
    no_op_report,
    open_text,
    write_schedules,
)
from rantai.tariffs.models import Regime, ScheduleHsVersion, SourceFormat
from rantai.tariffs.rate_text import OTHER, parse_rate

INFO = SourceInfo(
    key="tariffs-wits-trains",
    title="UNCTAD TRAINS tariff lines (WITS raw download)",
    publisher="UNCTAD TRAINS via World Bank WITS",
    format=SourceFormat.WITS_TRAINS,
    url="https://wits.worldbank.org/",
    licence="WITS/TRAINS terms: free use with attribution",
)
HEADER = ("Reporter", "ReporterName", "Partner", "PartnerName", "Year", "TL", "TLS", "Duty Type", "Duty Code",
          "AV Duty Rate", "Specific Duty Rate", "TrfLineDescription", "DutyTypeDescription", "Duty Nature",
          "AvMethod", "Note")  # fmt: skip
# Indonesia's BTKI 2012 is AHTN 2012 on HS 2007 (HS 2012 nomenclature took effect in BTKI 2012 only from
# 2012-01-01 for some members; the WITS file describes itself as HS 2007 based, see SOURCES.md).
HS_BY_YEAR = ((2022, ScheduleHsVersion.HS2022), (2017, ScheduleHsVersion.HS2017), (2013, ScheduleHsVersion.HS2012),
              (2007, ScheduleHsVersion.HS2007), (2002, ScheduleHsVersion.HS2002))  # fmt: skip
REGIMES: dict[str, tuple[str, str | None, str]] = {
    "MFN applied duty rates": (Regime.MFN, None, ""),
    "ASEAN free-trade area duty rates": (Regime.PREF, "atiga", ""),
    "ASEAN- China free-trade area duty rates": (Regime.PREF, "acfta", ""),
    "ASEAN-Republic of Korea free-trade area duty rates": (Regime.PREF, "akfta", ""),
    "ASEAN- India free-trade area duty rates": (Regime.PREF, None, "AIFTA"),
    "ASEAN-Australia and New Zealand free-trade area duty rates": (Regime.PREF, "aanzfta", ""),
    "ASEAN-Japan free trade area duty rates (ASEAN-Japan Comprehensive Economic Partnership)": (
        Regime.PREF, "ajcep", ""),
    "Free trade duty rates for Japan": (Regime.PREF, "ijepa", ""),
}  # fmt: skip
PARTNERS_BY_GROUP = {"AIFTA": ("IND",)}


def hs_version_for(year: int) -> str:
    for start, version in HS_BY_YEAR:
        if year >= start:
            return version
    return ScheduleHsVersion.HS1996


def _tariff_line(text: str) -> str:
    """``2.05e+08`` (a spreadsheet wrote the number in scientific notation) → ``205000000`` when exact."""
    if "e+" in text.lower():
        try:
            value = Decimal(text)
        except InvalidOperation:
            return text
        if value == value.to_integral_value():
            return str(int(value))
    return text


def _column(name: str) -> str:
    return f"{HEADER.index(name) + 1} ({name})"


def parse(path: Path, economy: str | None, year: int | None) -> list[ScheduleSpec]:
    from rantai.reference.models import Economy

    numeric = dict(Economy.objects.values_list("iso_numeric", "iso3"))
    specs: dict[tuple[str, int, str], ScheduleSpec] = {}
    with open_text(path, encoding="cp1252") as handle:
        reader = csv.reader(handle)
        try:
            header = tuple(c.strip() for c in next(reader))
            if header != HEADER:
                raise ImportFileError(
                    path, 1, 1, "Unexpected header; this is not a WITS TRAINS tariff-line export."
                )
            for cells in reader:
                line = reader.line_num
                if not any(c.strip() for c in cells):
                    continue
                if len(cells) != len(HEADER):
                    raise ImportFileError(path, line, min(len(cells), len(HEADER)) + 1,
                                          f"Expected {len(HEADER)} values, found {len(cells)}.")  # fmt: skip
                row = dict(zip(HEADER, (c.strip() for c in cells), strict=True))
                iso3 = numeric.get(row["Reporter"].zfill(3))
                if iso3 is None:
                    raise ImportFileError(
                        path, line, _column("Reporter"), f"{row['Reporter']!r} is not a known reporter code."
                    )
                if economy and iso3 != economy:
                    continue
                try:
                    file_year = int(row["Year"])
                except ValueError:
                    raise ImportFileError(
                        path, line, _column("Year"), f"{row['Year']!r} is not a year."
                    ) from None
                code = _tariff_line(row["TL"])
                if not code.isdigit() or not 7 <= len(code) <= 10:
                    raise ImportFileError(
                        path, line, _column("TL"), f"{code!r} is not a national tariff line."
                    )
                if len(code) % 2:
                    code = "0" + code
                regime_name = row["DutyTypeDescription"]
                if regime_name not in REGIMES:
                    raise ImportFileError(
                        path, line, _column("DutyTypeDescription"), f"Unknown duty type {regime_name!r}."
                    )
                spec = specs.get((iso3, file_year, regime_name))
                if spec is None:
                    regime, agreement, group = REGIMES[regime_name]
                    spec = specs[(iso3, file_year, regime_name)] = ScheduleSpec(
                        economy=iso3, regime=regime, year=year or file_year, hs_version=hs_version_for(file_year),
                        valid_from=dt.date(year or file_year, 1, 1), label=regime_name, agreement=agreement,
                        partner_group=group, partners=PARTNERS_BY_GROUP.get(group),
                    )  # fmt: skip
                av, specific = row["AV Duty Rate"], row["Specific Duty Rate"]
                if specific:
                    text = specific
                    rate = parse_rate(specific, currency="IDR" if iso3 == "IDN" else "")
                elif av:
                    text = f"{av}%"
                    rate = parse_rate(text)
                    if not rate.is_parsed:
                        raise ImportFileError(
                            path, line, _column("AV Duty Rate"), f"{av!r} is not a percentage."
                        )
                else:
                    text, rate = "", OTHER
                spec.lines.append(
                    LineRow(code, code[:6], row["TrfLineDescription"], text, rate, line, row["Note"])
                )
        except StopIteration:
            raise ImportFileError(path, 1, 1, "The file is empty; a header row was expected.") from None
        except (csv.Error, UnicodeDecodeError, EOFError, OSError) as exc:
            raise ImportFileError(path, reader.line_num, 1, f"The file cannot be read as CSV: {exc}") from exc
    return list(specs.values())


def import_file(path: Path, economy: str | None = None, year: int | None = None,
                valid_from: dt.date | None = None) -> list[str]:  # fmt: skip
    path = Path(path)
    if not path.is_file():
        raise ImportFileError(path, 0, 0, "The file does not exist.")
    source = already_imported(path, INFO)
    if source is not None:
        return no_op_report(path, source)
    specs = parse(path, economy.upper() if economy else None, year)
    if valid_from is not None:
        for spec in specs:
            spec.valid_from = valid_from
    return write_schedules(path, INFO, specs)
