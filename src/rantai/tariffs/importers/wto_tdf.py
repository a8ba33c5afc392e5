"""WTO Tariff Download Facility (tariffdata.wto.org) exports: tab-separated, quoted, HS6 summaries.

Two layouts, told apart by the header (R may have rewritten spaces to dots: ``HS.code.level``):

* applied MFN: ``Reporter, Year, HS code level, Base nomenclature, Product, … AVDuty minimum, AVDuty maximum,
  … List of non AVDuties …, Description`` — one MFN schedule per reporter and year;
* preferential: ``Reporter, Year, Tariff_Regime, Base nomenclature, Product, … AVDuty_min, AVDuty_max, …
  List_Non_AVDuty …`` — one PREF schedule per reporter, year and regime, the regime's name kept as partner
  group and mapped to our agreement where the name is unambiguous (``REGIMES``).

The TDF gives HS6 summaries, not national lines: ``national_code`` is the HS6 code. Where every national line
under it has the same ad valorem duty (min = max and no non-ad-valorem duty) the line is that rate; otherwise
the line is OTHER with the range as its text ("0-5% (avg 2.5%) …"), so nothing is guessed. Only HS6 rows are
kept (HS2/HS4 rows are aggregates). The HS version is the row's ``Base nomenclature`` (HS17 → HS 2017 …);
one schedule has one version.

Partners: a ``*nonmfn_partners*.tsv`` file beside the imported file (the TDF "NonMFN only partners" table:
``Reporter, Year, Non_MFNOnly_Partner, Tariff_Regime``) names the origins of each regime; partner names are
matched to economies by English name. Without it, an agreement's parties in force are the partners. The
TDF product-correspondence file is not needed: lines are mapped to HS 2022 through the UNSD correlations.
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
    no_op_report,
    open_text,
    write_schedules,
)
from rantai.tariffs.models import Regime, ScheduleHsVersion, SourceFormat
from rantai.tariffs.rate_text import OTHER, ParsedRate, parse_number, parse_rate

INFO = SourceInfo(
    key="tariffs-wto-tdf",
    title="WTO Tariff Download Facility export",
    publisher="World Trade Organization (Tariff Download Facility / IDB)",
    format=SourceFormat.WTO_TDF,
    url="https://tariffdata.wto.org/",
    licence="WTO terms of use (attribution)",
)
NOMENCLATURES = {"HS96": ScheduleHsVersion.HS1996, "HS02": ScheduleHsVersion.HS2002,
                 "HS07": ScheduleHsVersion.HS2007, "HS12": ScheduleHsVersion.HS2012,
                 "HS17": ScheduleHsVersion.HS2017, "HS22": ScheduleHsVersion.HS2022}  # fmt: skip
REGIMES: dict[str, str | None] = {
    "ASEAN free-trade area duty rates": "atiga",
    "ASEAN - Common Effective Preferential Tariff (CEPT)": "atiga",
    "ASEAN- China free-trade area duty rates": "acfta",
    "ASEAN - China": "acfta",
    "ASEAN-Republic of Korea free-trade area duty rates": "akfta",
    "ASEAN - Korea": "akfta",
    "ASEAN-Australia and New Zealand free-trade area duty rates": "aanzfta",
    "ASEAN-Japan free trade area duty rates (ASEAN-Japan Comprehensive Economic Partnership)": "ajcep",
    "Free trade duty rates for Japan": "ijepa",  # in Indonesia's TDF data this is IJEPA
}
# Specific duties printed without a currency sign are in the reporter's currency.
CURRENCIES = {"IDN": "IDR"}
# Names in WTO files that differ from our economies' English names.
NAME_ALIASES = {"korea, republic of": "KOR", "viet nam": "VNM", "lao people's democratic republic": "LAO",
                "brunei darussalam": "BRN", "hong kong, china": "HKG", "chinese taipei": "TWN"}  # fmt: skip
MFN_FIELDS = {"level": "hs code level", "min": "avduty minimum", "max": "avduty maximum",
              "avg": "avduty average", "non_av": "list of non avduties", "regime": None}  # fmt: skip
PREF_FIELDS = {"level": None, "min": "avduty_min", "max": "avduty_max", "avg": "avduty_avg",
               "non_av": "list_non_avduty", "regime": "tariff_regime"}  # fmt: skip


def _key(name: str) -> str:
    return name.strip().lower().replace(".", " ")


def _economies_by_name() -> dict[str, str]:
    from rantai.reference.models import Economy

    names: dict[str, str] = dict(NAME_ALIASES)
    for iso3, name_en, apec_name in Economy.objects.values_list("iso3", "name_en", "apec_name"):
        names.setdefault(name_en.lower(), iso3)
        if apec_name:
            names.setdefault(apec_name.lower(), iso3)
    return names


def _partners_table(path: Path, names: dict[str, str]) -> dict[tuple[str, str], tuple[str, ...]]:
    """(reporter ISO3, regime name) → partner ISO3 codes, from a sibling NonMFN-partners file."""
    table: dict[tuple[str, str], list[str]] = {}
    for candidate in sorted(path.parent.glob("*nonmfn_partners*")):
        with open_text(candidate) as handle:
            reader = csv.DictReader(handle, delimiter="\t")
            expected = {"Reporter", "Year", "Non_MFNOnly_Partner", "Tariff_Regime"}
            if not expected <= set(reader.fieldnames or ()):
                raise ImportFileError(
                    candidate, 1, 1, f"Unexpected header; expected {', '.join(sorted(expected))}."
                )
            for row in reader:
                reporter = names.get(row["Reporter"].strip().lower())
                partner = names.get(row["Non_MFNOnly_Partner"].strip().lower())
                if reporter is None:
                    raise ImportFileError(
                        candidate, reader.line_num, "1 (Reporter)", f"Unknown economy {row['Reporter']!r}."
                    )
                if partner is None:
                    raise ImportFileError(candidate, reader.line_num, "3 (Non_MFNOnly_Partner)",
                                          f"Unknown economy {row['Non_MFNOnly_Partner']!r}.")  # fmt: skip
                partners = table.setdefault((reporter, row["Tariff_Regime"].strip()), [])
                if partner not in partners:
                    partners.append(partner)
    return {key: tuple(value) for key, value in table.items()}


def _rate(values: dict[str, str], reporter: str) -> tuple[str, ParsedRate, str]:
    low = parse_number(values["min"]) if values["min"] else None
    high = parse_number(values["max"]) if values["max"] else None
    average = values["avg"]
    non_av = values["non_av"]
    if low is not None and high is not None and low == high and not non_av:
        text = f"{_plain(low)}%"
        return text, parse_rate(text), ""
    duties = {item.strip() for item in re.findall(r"\[([^\]]*)\]", non_av)}
    if low is None and high is None and len(duties) == 1:
        # Every line under the subheading has the same specific duty, e.g. "[Rp. 450-/kg] [Rp. 450-/kg]".
        (duty,) = duties
        readable = re.sub(r"(\d)-/", r"\1/", duty)  # "450-/kg": the TDF's dash for "no decimals"
        rate = parse_rate(readable, currency=CURRENCIES.get(reporter, ""), thousands_dot=reporter == "IDN")
        return duty, rate, ""
    parts = []
    if low is not None and high is not None:
        parts.append(
            f"{_plain(low)}-{_plain(high)}%" + (f" (average {_plain(Decimal(average))}%)" if average else "")
        )
    if non_av:
        parts.append(f"non-ad-valorem: {non_av}")
    return "; ".join(parts), OTHER, "national lines under this subheading differ"


def _plain(value: Decimal) -> str:
    text = f"{value.quantize(Decimal('0.0001')):f}".rstrip("0").rstrip(".")
    return text or "0"


def parse(path: Path, economy: str | None, year: int | None) -> list[ScheduleSpec]:
    names = _economies_by_name()
    partners = _partners_table(path, names)
    specs: dict[tuple[str, int, str], ScheduleSpec] = {}
    with open_text(path) as handle:
        reader = csv.reader(handle, delimiter="\t")
        try:
            header = [_key(c) for c in next(reader)]
        except StopIteration:
            raise ImportFileError(path, 1, 1, "The file is empty; a header row was expected.") from None
        except (csv.Error, UnicodeDecodeError, EOFError, OSError) as exc:
            raise ImportFileError(path, 1, 1, f"The file cannot be read as TSV: {exc}") from exc
        fields = PREF_FIELDS if "tariff_regime" in header else MFN_FIELDS
        needed = ["reporter", "year", "base nomenclature", "product", "description",
                  *(v for v in fields.values() if v)]  # fmt: skip
        missing = [name for name in needed if name not in header]
        if missing:
            raise ImportFileError(path, 1, 1, f"Not a TDF export: missing column(s) {', '.join(missing)}.")
        index = {name: header.index(name) for name in needed}

        def column(name: str) -> str:
            return f"{index[name] + 1} ({name})"

        try:
            for cells in reader:
                line = reader.line_num
                if not any(c.strip() for c in cells):
                    continue
                if len(cells) != len(header):
                    raise ImportFileError(path, line, min(len(cells), len(header)) + 1,
                                          f"Expected {len(header)} values, found {len(cells)}.")  # fmt: skip
                get = {name: cells[i].strip() for name, i in index.items()}
                version = NOMENCLATURES.get(get["base nomenclature"].upper())
                if version is None:
                    raise ImportFileError(path, line, column("base nomenclature"),
                                          f"{get['base nomenclature']!r} is not an HS nomenclature (HS96 … HS22).")  # fmt: skip
                if fields["level"] and get[fields["level"]] != "6":
                    continue
                reporter = names.get(get["reporter"].lower())
                if reporter is None:
                    raise ImportFileError(
                        path, line, column("reporter"), f"Unknown economy {get['reporter']!r}."
                    )
                if economy and reporter != economy:
                    continue
                if not get["year"].isdigit():
                    raise ImportFileError(path, line, column("year"), f"{get['year']!r} is not a year.")
                row_year = int(get["year"])
                if year and row_year != year:
                    continue
                product = get["product"]
                if len(product) != 6 or not product.isdigit():
                    raise ImportFileError(
                        path, line, column("product"), f"{product!r} is not a 6-digit HS code."
                    )
                for name in ("min", "max"):
                    value = get[fields[name] or ""]
                    if value and parse_number(value) is None:
                        raise ImportFileError(
                            path, line, column(fields[name] or ""), f"{value!r} is not a number."
                        )
                regime_name = get[fields["regime"]] if fields["regime"] else ""
                key = (reporter, row_year, regime_name)
                spec = specs.get(key)
                if spec is None:
                    agreement = REGIMES.get(regime_name) if regime_name else None
                    spec = specs[key] = ScheduleSpec(
                        economy=reporter, regime=Regime.PREF if regime_name else Regime.MFN, year=row_year,
                        hs_version=version, valid_from=dt.date(row_year, 1, 1),
                        label=regime_name or "Applied MFN (WTO TDF)", agreement=agreement,
                        partner_group=regime_name[:80], partners=partners.get((reporter, regime_name)),
                    )  # fmt: skip
                elif spec.hs_version != version:
                    raise ImportFileError(path, line, column("base nomenclature"),
                                          f"{reporter} {row_year} mixes {spec.hs_version} and {version}.")  # fmt: skip
                values = {name: get[f] if f else "" for name, f in fields.items()}
                text, rate, note = _rate(values, reporter)
                spec.lines.append(LineRow(product, product, get["description"], text, rate, line, note))
        except (csv.Error, UnicodeDecodeError, EOFError, OSError) as exc:
            raise ImportFileError(path, reader.line_num, 1, f"The file cannot be read as TSV: {exc}") from exc
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
