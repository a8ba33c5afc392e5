"""National tariff nomenclatures (8 to 10 digits) in the economy's own language, as ``NationalLine`` rows.

``rantai data import nomenclature --format btki|ahtn-vn PATH``. Each format's module parses its file into
``NationalRow`` objects (``btki_nomenclature``, ``ahtn_vn``); this module checks them against the HS 2022
subheadings and writes them. The whole file is read and checked before anything is written, the write is one
transaction, and a second import of the same bytes writes nothing. A newer file for the same economy replaces
the lines of the older one (lines it no longer has are removed).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from rantai.core.errors import ImportFileError, RantaiError
from rantai.reference.importers.sources import file_source
from rantai.reference.models import Economy, HsCode, HsLevel, NationalLine

# Chapters 98 and 99 are reserved for national use: their lines sit under no HS 2022 subheading.
NATIONAL_CHAPTERS = frozenset({"98", "99"})


@dataclass(frozen=True)
class NationalRow:
    code: str
    description: str
    description_en: str
    line: int
    column: int  # of the code, for messages


@dataclass(frozen=True)
class Nomenclature:
    """What a parser read: the lines, plus Indonesian texts of headings/subheadings where the file has them."""

    economy: str
    language: str
    source_key: str
    title: str
    publisher: str
    rows: list[NationalRow]
    hs_descriptions: dict[str, str]
    skipped: int = 0  # lines of national chapters (98, 99), outside the HS


def dashes_and_text(raw: str) -> tuple[int, str]:
    """ "- - Lain-lain" → (2, "Lain-lain"): the depth in the nomenclature and the text."""
    text = raw.strip()
    depth = 0
    while text.startswith("-"):
        depth += 1
        text = text[1:].lstrip()
    return depth, text.rstrip(" :").strip()


def save(path: Path, nomenclature: Nomenclature) -> list[str]:
    subheadings = set(HsCode.objects.filter(level=HsLevel.SUBHEADING).values_list("code", flat=True))
    for row in nomenclature.rows:
        if row.code[:6] not in subheadings:
            raise ImportFileError(path, row.line, row.column, f"{row.code}: {row.code[:6]} is not an HS 2022 subheading")
    economy = Economy.objects.filter(pk=nomenclature.economy).first()
    if economy is None:
        raise RantaiError(f"Economy {nomenclature.economy} is not loaded; run rantai data load-reference first.")
    label = f"{nomenclature.title} ({economy.pk})"
    with transaction.atomic():
        source, created = file_source(
            nomenclature.source_key, path, nomenclature.title, nomenclature.publisher
        )
        if not created:
            return [f"{label}: this file was imported before; 0 lines changed."]
        existing = {line.code: line for line in NationalLine.objects.filter(economy=economy)}
        new: list[NationalLine] = []
        changed: list[NationalLine] = []
        for row in nomenclature.rows:
            values = {"hs6_id": row.code[:6], "description": row.description, "description_en": row.description_en,
                      "language": nomenclature.language}
            line = existing.pop(row.code, None)
            if line is None:
                new.append(NationalLine(economy=economy, code=row.code, source=source, **values))
            elif any(getattr(line, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(line, name, value)
                line.source = source
                changed.append(line)
        NationalLine.objects.bulk_create(new, batch_size=1000)
        NationalLine.objects.bulk_update(
            changed, ["hs6_id", "description", "description_en", "language", "source"], batch_size=1000
        )
        removed = NationalLine.objects.filter(pk__in=[line.pk for line in existing.values()]).delete()[0]
        described = 0
        if nomenclature.hs_descriptions:
            codes = HsCode.objects.filter(code__in=list(nomenclature.hs_descriptions))
            updates = []
            for hs in codes:
                text = nomenclature.hs_descriptions[hs.code]
                if hs.description_id != text:
                    hs.description_id = text
                    updates.append(hs)
            HsCode.objects.bulk_update(updates, ["description_id"], batch_size=1000)
            described = len(updates)
    report = [f"{label}: {len(nomenclature.rows)} lines; {len(new)} created, {len(changed)} changed, "
              f"{removed} removed."]
    if nomenclature.skipped:
        report.append(f"{label}: {nomenclature.skipped} lines of national chapters 98/99 skipped (outside the HS).")
    if nomenclature.hs_descriptions:
        report.append(f"{label}: Indonesian descriptions of HS codes: {described} changed.")
    return report


def import_file(path: Path, format: str | None = None, **_ignored: object) -> list[str]:
    from rantai.reference.importers import ahtn_vn, btki_nomenclature

    parsers: dict[str, Callable[[Path], Nomenclature]] = {
        "btki": btki_nomenclature.parse,
        "ahtn-vn": ahtn_vn.parse,
    }
    if format not in parsers:
        raise RantaiError(f"Give --format as one of: {', '.join(parsers)}.")
    path = Path(path)
    return save(path, parsers[format](path))
