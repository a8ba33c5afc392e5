"""UNSD correlation tables between HS 2022 and older HS versions.

Two layouts are accepted, told apart by the header:

* wide, one older version:  ``hs2022,hs2017,relationship``
* long, several versions:   ``hs2022,target_version,target_code,relationship``

Files may be gzip-compressed (recognised by their magic bytes, not their name). Every row is checked before
anything is written, and the first bad row raises ``ImportFileError`` naming file, line and column; the
import is one transaction, so a bad file leaves the database as it was.

Each older version gets its own ``DataSource`` (key ``unsd-hs2022-hs2017`` …, version = the file's sha256):
importing the same bytes again changes nothing, and a newer file for a version replaces that version's rows.
"""

from __future__ import annotations

import csv
import gzip
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from django.db import transaction

from rantai.core.errors import ImportFileError
from rantai.core.models import DataSource
from rantai.reference.importers import sources
from rantai.reference.models import HsCode, HsCorrelation, HsLevel, HsVersion, Relationship

WIDE_HEADER = ("hs2022", "hs2017", "relationship")
LONG_HEADER = ("hs2022", "target_version", "target_code", "relationship")
GZIP_MAGIC = b"\x1f\x8b"
BATCH_SIZE = 2000
VERSIONS = frozenset(HsVersion.values)
RELATIONSHIPS = frozenset(Relationship.values)
PUBLISHER = "United Nations Statistics Division"
URL = "https://unstats.un.org/unsd/classifications/Econ"


@dataclass
class ParsedFile:
    # version → (hs2022, other code) → relationship; a dict keeps file order and spots repeated pairs.
    rows: dict[str, dict[tuple[str, str], str]] = field(default_factory=dict)


@contextmanager
def open_text(path: Path) -> Iterator[TextIO]:
    """Open a CSV as text whether or not it is gzip-compressed; utf-8-sig drops a BOM from spreadsheets."""
    with path.open("rb") as raw:
        compressed = raw.read(2) == GZIP_MAGIC
    if compressed:
        with gzip.open(path, "rt", encoding="utf-8-sig", newline="") as handle:
            yield handle
    else:
        with path.open("r", encoding="utf-8-sig", newline="") as handle:
            yield handle


def _is_hs6(value: str) -> bool:
    return len(value) == 6 and value.isascii() and value.isdigit()


def parse(path: Path, known_subheadings: set[str]) -> ParsedFile:
    """Read and check every row; raise ``ImportFileError`` at the first problem."""
    parsed = ParsedFile()
    with open_text(path) as handle:
        reader = csv.reader(handle)
        try:
            header = tuple(cell.strip().lower() for cell in next(reader))
        except StopIteration:
            raise ImportFileError(path, 1, 1, "The file is empty; a header row was expected.") from None
        except (csv.Error, UnicodeDecodeError, gzip.BadGzipFile, EOFError) as exc:
            raise ImportFileError(path, 1, 1, f"The file cannot be read as CSV: {exc}") from exc
        if header == WIDE_HEADER:
            wide = True
        elif header == LONG_HEADER:
            wide = False
        else:
            raise ImportFileError(
                path, 1, 1,
                f"Unrecognised header {','.join(header)!r}; expected {','.join(WIDE_HEADER)!r} "
                f"or {','.join(LONG_HEADER)!r}.",
            )
        columns = header
        try:
            for cells in reader:
                line = reader.line_num
                if not any(cell.strip() for cell in cells):
                    continue
                if len(cells) != len(columns):
                    column = min(len(cells), len(columns)) + 1
                    raise ImportFileError(
                        path, line, _column(columns, column),
                        f"Expected {len(columns)} values, found {len(cells)}.",
                    )
                values = [cell.strip() for cell in cells]
                if wide:
                    hs2022, other, relationship = values
                    version = HsVersion.HS2017.value
                else:
                    hs2022, version, other, relationship = values
                _check_row(path, line, columns, hs2022, version, other, relationship, known_subheadings)
                pairs = parsed.rows.setdefault(version, {})
                if (hs2022, other) in pairs:
                    raise ImportFileError(
                        path, line, _column(columns, 1),
                        f"The pair {hs2022} → {version} {other} appears twice in the file.",
                    )
                pairs[(hs2022, other)] = relationship
        except (csv.Error, UnicodeDecodeError, gzip.BadGzipFile, EOFError) as exc:
            raise ImportFileError(path, reader.line_num, 1, f"The file cannot be read as CSV: {exc}") from exc
    return parsed


def _column(columns: tuple[str, ...], number: int) -> str:
    name = columns[number - 1] if number <= len(columns) else "(extra)"
    return f"{number} ({name})"


def _check_row(
    path: Path,
    line: int,
    columns: tuple[str, ...],
    hs2022: str,
    version: str,
    other: str,
    relationship: str,
    known_subheadings: set[str],
) -> None:
    def fail(name: str, problem: str) -> ImportFileError:
        return ImportFileError(path, line, _column(columns, columns.index(name) + 1), problem)

    if not _is_hs6(hs2022):
        raise fail("hs2022", f"{hs2022!r} is not a 6-digit HS code.")
    if hs2022 not in known_subheadings:
        raise fail("hs2022", f"{hs2022} is not an HS 2022 subheading.")
    other_column = "hs2017" if "hs2017" in columns else "target_code"
    if "target_version" in columns and version not in VERSIONS:
        raise fail(
            "target_version", f"{version!r} is not a known HS version ({', '.join(sorted(VERSIONS))})."
        )
    if not _is_hs6(other):
        raise fail(other_column, f"{other!r} is not a 6-digit HS code.")
    if relationship not in RELATIONSHIPS:
        raise fail(
            "relationship", f"{relationship!r} is not a relationship ({', '.join(sorted(RELATIONSHIPS))})."
        )


def _version_source(path: Path, version: str) -> DataSource:
    label = HsVersion(version).label
    source, _ = sources.file_source(
        key=f"unsd-hs2022-{version.lower()}",
        path=path,
        title=f"HS 2022 to {label} correlation table",
        publisher=PUBLISHER,
        url=URL,
        licence="United Nations terms of use (attribution)",
    )
    return source


def import_file(path: Path | str) -> list[str]:
    path = Path(path)
    if not path.is_file():
        raise ImportFileError(path, 0, 0, "The file does not exist.")
    known = set(HsCode.objects.filter(level=HsLevel.SUBHEADING).values_list("code", flat=True))
    if not known:
        raise ImportFileError(path, 0, 0, "The HS 2022 nomenclature is not loaded; run load-reference first.")
    parsed = parse(path, known)
    if not parsed.rows:
        raise ImportFileError(path, 2, 1, "The file has a header but no rows.")

    report: list[str] = []
    with transaction.atomic():
        for version, pairs in parsed.rows.items():
            source = _version_source(path, version)
            current = HsCorrelation.objects.filter(other_version=version)
            # Same bytes already loaded for this version and nothing else mixed in: nothing to do.
            if current.exclude(source=source).count() == 0 and current.count() == len(pairs):
                report.append(f"{path.name}: {HsVersion(version).label}, {len(pairs)} rows, 0 changed.")
                continue
            replaced = current.count()
            current.delete()
            HsCorrelation.objects.bulk_create(
                (
                    HsCorrelation(
                        hs2022_id=hs2022,
                        other_version=version,
                        other_code=other,
                        relationship=relationship,
                        source=source,
                    )
                    for (hs2022, other), relationship in pairs.items()
                ),
                batch_size=BATCH_SIZE,
            )
            report.append(
                f"{path.name}: {HsVersion(version).label}, {len(pairs)} rows loaded"
                f" (replacing {replaced}), {len(pairs)} changed."
            )
    return report

