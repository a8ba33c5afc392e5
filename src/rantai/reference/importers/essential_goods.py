"""Essential-goods lists: our own facts list, and published lists imported from CSV.

``load_facts`` writes the list in ``essential_goods.toml`` (HS 2022 already; an unknown code is a bug).
``import_file`` reads one of two published formats, told apart by the header:

* WCO/WHO COVID-19 medical supplies (``hs,hshs,section,desc``): HS 2017, section 1..6 gives the category;
* World Bank/EUI list from Global Trade Alert (``hs6,hs2017_description_comtrade``): HS 2017 with a few
  HS 2012 codes, no category.

Codes are converted to HS 2022 through ``HsCorrelation``. Codes the source itself gets wrong (4-digit,
unconvertible) are known defects of those files: they are reported as warnings and skipped. A file whose
structure is broken raises ``ImportFileError`` and nothing is written.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from rantai.core.errors import ImportFileError
from rantai.core.models import DataSource
from rantai.reference.importers.economies import read_facts_file
from rantai.reference.importers.sources import facts_source, file_source
from rantai.reference.models import (
    EssentialCategory,
    EssentialGood,
    EssentialGoodsList,
    HsCode,
    HsCorrelation,
    HsLevel,
    HsVersion,
    Relationship,
)

FACTS_FILE = Path(__file__).resolve().parent.parent / "facts" / "essential_goods.toml"
HS2022 = "HS2022"
SIX_DIGITS = re.compile(r"\d{6}")

# WCO/WHO reference, 3rd edition: 1 test kits, 2 protective equipment, 3 sterilisation, 4 oxygen therapy,
# 5 other medical devices, 6 other medical consumables. Consumables (syringes, gauze, catheters …) have no
# category of their own in our model; they are medical devices for a buyer or an official.
WCO_SECTIONS = {
    "1": EssentialCategory.DIAGNOSTICS,
    "2": EssentialCategory.PROTECTIVE,
    "3": EssentialCategory.DISINFECTANTS,
    "4": EssentialCategory.OXYGEN,
    "5": EssentialCategory.DEVICES,
    "6": EssentialCategory.DEVICES,
}


@dataclass(frozen=True)
class ListFormat:
    key: str
    name: str
    header: tuple[str, ...]
    code_column: str
    versions: tuple[str, ...]  # tried in order when converting to HS 2022
    title: str
    publisher: str
    url: str


WCO = ListFormat(
    key="wco-who-covid19-medical-supplies",
    name="WCO/WHO HS classification reference for Covid-19 medical supplies (3rd edition, 2020)",
    header=("hs", "hshs", "section", "desc"),
    code_column="hshs",
    versions=(HsVersion.HS2017,),
    title="HS classification reference for Covid-19 medical supplies, 3rd edition (compiled by Krisna Gupta)",
    publisher="World Customs Organization and World Health Organization",
    url="https://www.wcoomd.org/en/topics/nomenclature/overview/hs-classification-reference-for-covid-19-medical-supplies.aspx",
)
GTA = ListFormat(
    key="wb-eui-covid19-medical-products",
    name="World Bank/EUI COVID-19 trade policy monitor: medical products (Global Trade Alert)",
    header=("hs6", "hs2017_description_comtrade"),
    code_column="hs6",
    # The list was drawn up in HS 2012; most codes are unchanged in HS 2017, the rest only exist in 2012.
    versions=(HsVersion.HS2017, HsVersion.HS2012),
    title="COVID-19 medical products list (hs.med) used in the World Bank / EUI trade policy monitor",
    publisher="Global Trade Alert (St. Gallen Endowment); World Bank; European University Institute",
    url="https://github.com/global-trade-alert/data-queries",
)
FORMATS = (WCO, GTA)


@dataclass(frozen=True)
class Item:
    hs: str
    category: str
    note: str
    listed_code: str
    listed_version: str
    relationship: str


def _sync_items(goods_list: EssentialGoodsList, items: list[Item]) -> tuple[int, int, int]:
    """Make the list hold exactly ``items``; returns (added, updated, removed)."""
    existing = {(good.hs_id, good.category): good for good in goods_list.items.all()}
    wanted = {(item.hs, item.category): item for item in items}
    removed = [good.pk for key, good in existing.items() if key not in wanted]
    EssentialGood.objects.filter(pk__in=removed).delete()
    added = updated = 0
    for key, item in wanted.items():
        values = {
            "note": item.note,
            "listed_code": item.listed_code,
            "listed_version": item.listed_version,
            "relationship": item.relationship,
        }
        good = existing.get(key)
        if good is None:
            EssentialGood.objects.create(
                goods_list=goods_list, hs_id=item.hs, category=item.category, **values
            )
            added += 1
            continue
        changed = [name for name, value in values.items() if getattr(good, name) != value]
        if changed:
            for name in changed:
                setattr(good, name, values[name])
            good.save(update_fields=changed)
            updated += 1
    return added, updated, len(removed)


def _list_for(key: str, name: str, source: DataSource) -> EssentialGoodsList:
    goods_list, created = EssentialGoodsList.objects.get_or_create(
        key=key, defaults={"name": name, "source": source}
    )
    if not created and (goods_list.name != name or goods_list.source_id != source.pk):
        goods_list.name = name
        goods_list.source = source
        goods_list.save(update_fields=["name", "source"])
    return goods_list


def load_facts(path: Path = FACTS_FILE) -> list[str]:
    facts = read_facts_file(path)
    entries: list[dict[str, Any]] = facts.get("good", [])
    subheadings = set(
        HsCode.objects.filter(
            level=HsLevel.SUBHEADING, code__in=[e.get("code") for e in entries]
        ).values_list("code", flat=True)
    )
    items: list[Item] = []
    seen: set[tuple[str, str]] = set()
    for index, entry in enumerate(entries):
        code, category = str(entry.get("code", "")), str(entry.get("category", ""))
        column = f"good[{index}] {code}"
        if code not in subheadings:
            raise ImportFileError(
                path, 0, column, "not an HS 2022 subheading (is the HS 2022 table loaded?)"
            )
        if category not in EssentialCategory.values:
            raise ImportFileError(path, 0, column, f"unknown category {category!r}")
        if (code, category) in seen:
            raise ImportFileError(path, 0, column, f"listed twice in category {category!r}")
        seen.add((code, category))
        items.append(
            Item(code, category, str(entry.get("note", "")), code, HS2022, Relationship.ONE_TO_ONE)
        )
    if missing := set(EssentialCategory.values) - {item.category for item in items}:
        raise ImportFileError(path, 0, "category", f"no goods in categories {sorted(missing)}")

    with transaction.atomic():
        src = facts["source"]
        source = facts_source(
            src["key"],
            src["version"],
            src["title"],
            src["publisher"],
            src.get("published_on"),
            src["url"],
        )
        goods_list = _list_for(facts["list"]["key"], facts["list"]["name"], source)
        added, updated, removed = _sync_items(goods_list, items)
    return [
        f"Essential goods ({goods_list.key}): {len(items)} items in {len({item.category for item in items})} "
        f"categories; {added} added, {updated} changed, {removed} removed"
    ]


# --- Importing published lists ------------------------------------------------------------------------


def _rows(path: Path, fmt_holder: list[ListFormat]) -> Iterator[tuple[int, dict[str, str]]]:
    """Stream (line, row) pairs; checks the header and the encoding, which are structural."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = tuple(name.strip() for name in next(reader, ()))
            fmt = next((f for f in FORMATS if header[: len(f.header)] == f.header), None)
            if fmt is None:
                expected = " or ".join(",".join(f.header) for f in FORMATS)
                raise ImportFileError(
                    path, 1, 1, f"unknown header {','.join(header)!r}; expected {expected}"
                )
            fmt_holder.append(fmt)
            for values in reader:
                if not any(value.strip() for value in values):
                    continue
                if len(values) != len(header):
                    raise ImportFileError(
                        path,
                        reader.line_num,
                        len(values),
                        f"{len(values)} fields, the header has {len(header)}",
                    )
                yield reader.line_num, dict(zip(header, values, strict=True))
    except UnicodeDecodeError as exc:
        raise ImportFileError(path, 0, exc.start, f"not UTF-8 text ({exc.reason})") from exc


def _convert(code: str, versions: tuple[str, ...], subheadings: set[str]) -> list[tuple[str, str, str]]:
    """HS 2022 (code, relationship, version used) for an older code; empty when it cannot be converted."""
    for version in versions:
        rows = list(
            HsCorrelation.objects.filter(other_version=version, other_code=code).values_list(
                "hs2022_id", "relationship"
            )
        )
        if rows:
            return [(hs, relationship, version) for hs, relationship in rows]
    if code in subheadings:
        # Unchanged since the list's version and absent from the correlation table: the same subheading.
        return [(code, Relationship.ONE_TO_ONE, versions[0])]
    return []


def import_file(path: Path) -> list[str]:
    path = Path(path)
    holder: list[ListFormat] = []
    raw: list[tuple[int, str, str, str]] = []  # line, code, category, note
    for line, row in _rows(path, holder):
        fmt = holder[0]
        if fmt is WCO:
            section = row["section"].strip()
            if section not in WCO_SECTIONS:
                column = fmt.header.index("section") + 1
                raise ImportFileError(path, line, column, f"section {section!r} is not 1 to 6")
            raw.append((line, row["hs"].strip(), WCO_SECTIONS[section], row["desc"].strip()))
        else:
            raw.append((line, row["hs6"].strip(), "", row["hs2017_description_comtrade"].strip()[:300]))
    if not holder:
        raise ImportFileError(path, 1, 1, "empty file: no header")
    fmt = holder[0]
    if HsCorrelation.objects.filter(other_version__in=fmt.versions).count() == 0:
        raise ImportFileError(
            path,
            0,
            fmt.code_column,
            "no HS correlation table is loaded; run 'rantai data import correlations'",
        )

    with transaction.atomic():
        source, created = file_source(fmt.key, path, fmt.title, fmt.publisher, url=fmt.url)
        if not created:
            return [f"Essential goods ({fmt.key}): {path.name} was already imported; nothing changed"]
        subheadings = set(HsCode.objects.filter(level=HsLevel.SUBHEADING).values_list("code", flat=True))
        items: dict[tuple[str, str], Item] = {}
        warnings: list[str] = []
        for line, listed, category, note in raw:
            code = listed.replace(".", "")
            if fmt is WCO and "." not in listed:
                warnings.append(
                    f"  line {line}: {listed!r} is a 4-digit heading, not a subheading; skipped"
                )
                continue
            # The WCO compilation lost trailing zeros ('9019.2' for 9019.20); pad them back.
            code = code.ljust(6, "0")
            if not SIX_DIGITS.fullmatch(code):
                warnings.append(f"  line {line}: {listed!r} is not an HS code; skipped")
                continue
            converted = _convert(code, fmt.versions, subheadings)
            if not converted:
                warnings.append(f"  line {line}: {listed} has no HS 2022 equivalent; skipped")
                continue
            for hs, relationship, version in converted:
                # Several rows of a list may name the same subheading: keep the first.
                items.setdefault((hs, category), Item(hs, category, note, listed, version, relationship))
        goods_list = _list_for(fmt.key, fmt.name, source)
        added, updated, removed = _sync_items(goods_list, list(items.values()))
    return [
        f"Essential goods ({fmt.key}): {len(raw)} rows read, {len(items)} HS 2022 items; "
        f"{added} added, {updated} changed, {removed} removed; {len(warnings)} warnings",
        *warnings,
    ]
