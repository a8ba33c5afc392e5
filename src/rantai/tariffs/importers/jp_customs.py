"""Japan's customs tariff schedule (実行関税率表), flattened to CSV: one row per node of the tariff tree.

Leaves are rows with an ``hs_suffix`` (9-digit statistical code ``code_digits``). Rates are printed on the
node that carries them and inherited by the leaves below it (a 6-digit row may carry the general and WTO
rates while its leaves carry only EPA rates), so each leaf takes, column by column, its own rate or the
nearest ancestor's within the same subheading.

Columns → schedules: ``rate_general`` (statutory general rate: OTHER, partner group ``general``),
``rate_temporary`` (TEMPORARY), ``rate_wto`` (BOUND), ``rate_gsp`` / ``rate_ldc_gsp`` (GSP, groups ``GSP`` and
``LDC``), and each ``epa_*`` column (PREF, with its agreement where we hold it; RCEP per partner group).

The applied MFN rate follows Japan's rules: the statutory rate is the temporary rate where there is one, else
the general rate; the WTO rate applies where it is lower. A WTO rate printed in parentheses — ``(無税)``,
``(25%)`` — is *not* applied (the statutory rate is not higher), so it is recorded as BOUND only and never as
MFN. Where the WTO rate is printed without parentheses it is applied when lower, and where the two cannot be
compared (specific against ad valorem) it is applied, as the schedule prints it to be. The MFN line's note says
which column it came from. Markers (``※``, ``*``, ``●``, ``◎``, ``◆n``) are moved from the rate into the note.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
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
from rantai.tariffs.models import RateKind, Regime, ScheduleHsVersion, SourceFormat
from rantai.tariffs.rate_text import ParsedRate, normalise, parse_rate

INFO = SourceInfo(
    key="tariffs-jp-customs",
    title="Japan's Tariff Schedule (実行関税率表)",
    publisher="Japan Customs, Ministry of Finance",
    format=SourceFormat.JP_CUSTOMS,
    url="https://www.customs.go.jp/english/tariff/",
    licence="Government of Japan Standard Terms of Use (compatible with CC BY 4.0); attribute Japan Customs",
)
BASE_COLUMNS = ("chapter", "level", "stat_code", "hs_suffix", "code_digits", "parent_code", "desc_ja")
ASEAN = ("BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM")


@dataclass(frozen=True)
class Column:
    regime: str
    label: str
    agreement: str | None = None
    group: str = ""
    partners: tuple[str, ...] | None = None


COLUMNS: dict[str, Column] = {
    "rate_general": Column(Regime.OTHER, "General (statutory) rate", group="general", partners=()),
    "rate_temporary": Column(Regime.TEMPORARY, "Temporary rate"),
    "rate_wto": Column(Regime.BOUND, "WTO rate"),
    "rate_gsp": Column(Regime.GSP, "GSP rate", group="GSP", partners=()),
    "rate_ldc_gsp": Column(Regime.GSP, "GSP rate for least-developed countries", group="LDC", partners=()),
    "epa_singapore": Column(Regime.PREF, "Japan-Singapore EPA", "jsepa"),
    "epa_mexico": Column(Regime.PREF, "Japan-Mexico EPA", "japan-mexico"),
    "epa_malaysia": Column(Regime.PREF, "Japan-Malaysia EPA", "jmepa"),
    "epa_chile": Column(Regime.PREF, "Japan-Chile EPA", "japan-chile"),
    "epa_thailand": Column(Regime.PREF, "Japan-Thailand EPA", "jtepa"),
    "epa_indonesia": Column(Regime.PREF, "Japan-Indonesia EPA (IJEPA)", "ijepa"),
    "epa_brunei": Column(Regime.PREF, "Japan-Brunei EPA", "jbepa"),
    "epa_asean_ajcep": Column(Regime.PREF, "ASEAN-Japan CEP (AJCEP)", "ajcep"),
    "epa_philippines": Column(Regime.PREF, "Japan-Philippines EPA", "jpepa"),
    "epa_switzerland": Column(Regime.PREF, "Japan-Switzerland EPA", group="CHE", partners=("CHE",)),
    "epa_vietnam": Column(Regime.PREF, "Japan-Viet Nam EPA", "jvepa"),
    "epa_india": Column(Regime.PREF, "Japan-India CEPA", group="IND", partners=("IND",)),
    "epa_peru": Column(Regime.PREF, "Japan-Peru EPA", "japan-peru"),
    "epa_australia": Column(Regime.PREF, "Japan-Australia EPA", "jaepa"),
    "epa_mongolia": Column(Regime.PREF, "Japan-Mongolia EPA", group="MNG", partners=("MNG",)),
    "epa_cptpp": Column(Regime.PREF, "CPTPP", "cptpp"),
    "epa_eu": Column(Regime.PREF, "Japan-EU EPA", group="EU", partners=()),
    "epa_uk": Column(Regime.PREF, "Japan-UK CEPA", group="GBR", partners=("GBR",)),
    "epa_rcep_asean_au_nz": Column(
        Regime.PREF, "RCEP (ASEAN, Australia, New Zealand)", "rcep", "ASEAN+AUS+NZL", (*ASEAN, "AUS", "NZL")
    ),
    "epa_rcep_china": Column(Regime.PREF, "RCEP (China)", "rcep", "CHN", ("CHN",)),
    "epa_rcep_korea": Column(Regime.PREF, "RCEP (Korea)", "rcep", "KOR", ("KOR",)),
    "epa_us_japan_tta": Column(Regime.PREF, "Japan-US Trade Agreement", group="USA", partners=("USA",)),
}  # fmt: skip
HEADER = (*BASE_COLUMNS, *COLUMNS, "unit_1", "unit_2", "other_laws")
LEVEL, HS_SUFFIX, CODE_DIGITS, DESC_JA = (
    HEADER.index(c) for c in ("level", "hs_suffix", "code_digits", "desc_ja")
)
RATE_CELLS = tuple((name, HEADER.index(name)) for name in COLUMNS)
LEAF_CODE = re.compile(r"^\d{9}$")
MARKERS = re.compile(r"^(?P<lead>[*※●◎]+)\s*|\s*(?P<trail>◆\s*\d+)$")
PARENTHESISED = re.compile(r"^\((?P<inner>[^()]*(?:\([^()]*\)[^()]*)*)\)$")


@dataclass(frozen=True)
class Reading:
    """A printed rate, its markers, and whether it was printed in parentheses."""

    text: str
    core: str
    markers: str
    parenthesised: bool
    rate: ParsedRate


@lru_cache(maxsize=65536)
def read(text: str) -> Reading:
    """The rate as printed, read once per distinct text (a schedule prints a few thousand, 200,000 times)."""
    core = normalise(text)
    markers: list[str] = []
    while True:
        match = MARKERS.search(core)
        if match is None or not match.group(0):
            break
        markers.append(match.group(0).strip())
        core = (core[: match.start()] + core[match.end() :]).strip()
    parenthesised = False
    inner = PARENTHESISED.match(core)
    if inner is not None:
        parenthesised = True
        core = inner.group("inner").strip()
    else:
        # A range or alternative whose every rate is in parentheses, e.g. "(無税)〜(6%)", is not applied either.
        parts = [p.strip() for p in re.split("〜|又は", core) if p.strip() and p.strip() != "非譲許"]
        parenthesised = len(parts) > 1 and all(PARENTHESISED.match(p) for p in parts)
    return Reading(text, core, " ".join(markers), parenthesised, parse_rate(core, currency="JPY"))


def _lower(first: ParsedRate, second: ParsedRate) -> bool | None:
    """True when ``first`` is lower than ``second``; None when the two cannot be compared."""
    simple = {RateKind.FREE, RateKind.AD_VALOREM}
    if first.kind in simple and second.kind in simple:
        return (first.ad_valorem or 0) < (second.ad_valorem or 0)
    if (first.kind == second.kind == RateKind.SPECIFIC and first.specific_unit == second.specific_unit
            and first.specific_per == second.specific_per and first.specific_amount is not None
            and second.specific_amount is not None):  # fmt: skip
        return first.specific_amount < second.specific_amount
    return None


def applied(
    general: Reading | None, temporary: Reading | None, wto: Reading | None
) -> tuple[Reading, str] | None:
    """Japan's applied MFN rate and a note naming the column it came from."""
    statutory, which = (temporary, "temporary") if temporary is not None else (general, "general")
    if wto is not None and not wto.parenthesised:
        if statutory is None:
            return wto, "WTO rate (no statutory rate printed)"
        lower = _lower(statutory.rate, wto.rate)
        if lower:
            return statutory, f"{which} rate, lower than the WTO rate {wto.text}"
        return wto, f"WTO rate, lower than the {which} rate {statutory.text}" if lower is False else (
            f"WTO rate as printed (not comparable with the {which} rate {statutory.text})"
        )
    if statutory is None:
        return None
    note = f"{which} rate" + (" (printed in parentheses)" if statutory.parenthesised else "")
    if wto is not None:
        note += f"; WTO rate {wto.text} in parentheses is not applied"
    return statutory, note


def parse(path: Path, economy: str, year: int, valid_from: dt.date) -> list[ScheduleSpec]:
    specs = {
        name: ScheduleSpec(
            economy=economy,
            regime=col.regime,
            year=year,
            hs_version=ScheduleHsVersion.HS2022,
            valid_from=valid_from,
            label=col.label,
            agreement=col.agreement,
            partner_group=col.group,
            partners=col.partners,
        )
        for name, col in COLUMNS.items()
    }
    specs["rate_wto"].note = "Rates printed in parentheses are bound but not applied (see the line notes)."
    mfn = ScheduleSpec(
        economy=economy, regime=Regime.MFN, year=year, hs_version=ScheduleHsVersion.HS2022,
        valid_from=valid_from, label="Applied MFN (lower of statutory and WTO rates)",
    )  # fmt: skip
    # level → (code_digits, {column: text}) of the nodes above the current row
    stack: dict[int, tuple[str, dict[str, str]]] = {}
    with open_text(path) as handle:
        reader = csv.reader(handle)
        try:
            header = tuple(c.strip() for c in next(reader))
            if header != HEADER:
                missing = [c for c in HEADER if c not in header]
                raise ImportFileError(
                    path, 1, 1, f"Unexpected header (missing {', '.join(missing) or 'order'})."
                )
            for cells in reader:
                line = reader.line_num
                if len(cells) != len(HEADER):
                    raise ImportFileError(path, line, min(len(cells), len(HEADER)) + 1,
                                          f"Expected {len(HEADER)} values, found {len(cells)}.")  # fmt: skip
                try:
                    level = int(cells[LEVEL])
                except ValueError:
                    raise ImportFileError(
                        path, line, "2 (level)", f"{cells[LEVEL]!r} is not a level number."
                    ) from None
                code = cells[CODE_DIGITS].strip()
                rates: dict[str, str] = {}
                for name, index in RATE_CELLS:
                    text = cells[index]
                    if text and (text := text.strip()):
                        rates[name] = text
                stack = {lvl: node for lvl, node in stack.items() if lvl < level}
                stack[level] = (code, rates)
                if not cells[HS_SUFFIX].strip():
                    continue
                if not LEAF_CODE.match(code):
                    raise ImportFileError(
                        path, line, "5 (code_digits)", f"{code!r} is not a 9-digit statistical code."
                    )
                inherited: dict[str, str] = {}
                for lvl in sorted(stack, reverse=True):
                    node_code, node_rates = stack[lvl]
                    if node_code[:6] != code[:6] and lvl != level:
                        continue
                    for name, text in node_rates.items():
                        inherited.setdefault(name, text)
                _leaf(specs, mfn, code, cells[DESC_JA].strip(), line, inherited)
        except StopIteration:
            raise ImportFileError(path, 1, 1, "The file is empty; a header row was expected.") from None
        except (csv.Error, UnicodeDecodeError, EOFError, OSError) as exc:
            raise ImportFileError(path, reader.line_num, 1, f"The file cannot be read as CSV: {exc}") from exc
    return [mfn, *specs.values()]


@lru_cache(maxsize=65536)
def _column_reading(text: str, wto: bool) -> tuple[Reading, str]:
    """The reading of a rate printed in a column and the note its line gets (parentheses, markers)."""
    reading = read(text)
    notes = []
    if reading.parenthesised:
        notes.append("printed in parentheses: not applied" if wto else "printed in parentheses")
    if reading.markers:
        notes.append(f"marker {reading.markers}")
    return reading, "; ".join(notes)


def _leaf(specs: dict[str, ScheduleSpec], mfn: ScheduleSpec, code: str, description: str, line: int,
          texts: dict[str, str]) -> None:  # fmt: skip
    hs6 = code[:6]
    readings: dict[str, Reading] = {}
    for name, text in texts.items():
        reading, note = _column_reading(text, name == "rate_wto")
        readings[name] = reading
        specs[name].lines.append(LineRow(code, hs6, description, reading.text, reading.rate, line, note))
    chosen = applied(readings.get("rate_general"), readings.get("rate_temporary"), readings.get("rate_wto"))
    if chosen is not None:
        reading, note = chosen
        mfn.lines.append(LineRow(code, hs6, description, reading.text, reading.rate, line, note))


def import_file(path: Path, economy: str | None = None, year: int | None = None,
                valid_from: dt.date | None = None) -> list[str]:  # fmt: skip
    path = Path(path)
    if not path.is_file():
        raise ImportFileError(path, 0, 0, "The file does not exist.")
    source = already_imported(path, INFO)
    if source is not None:
        return no_op_report(path, source)
    iso3 = check_economy(path, economy or "JPN")
    year = year or 2026
    return write_schedules(path, INFO, parse(path, iso3, year, valid_from or dt.date(year, 4, 1)))
