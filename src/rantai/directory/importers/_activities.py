"""What the ISIC and KBLI importers share: reading a CSV row by row and writing activities in bulk."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rantai.core.errors import ImportFileError
from rantai.core.models import DataSource
from rantai.directory.models import BusinessActivity


@dataclass
class Row:
    line: int
    cells: dict[str, str]
    columns: dict[str, int]

    def fail(self, path: Path, column: str, problem: str) -> ImportFileError:
        return ImportFileError(path, self.line, f"{self.columns[column] + 1} ({column})", problem)


def read_rows(path: Path, required: tuple[str, ...]) -> Iterator[Row]:
    """Rows of a UTF-8 CSV (a BOM is allowed) with the ``required`` columns; blank lines are skipped."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = [name.strip() for name in next(reader, [])]
            for name in required:
                if name not in header:
                    raise ImportFileError(path, 1, name, f"missing column {name!r}")
            columns = {name: header.index(name) for name in required}
            for values in reader:
                if not any(v.strip() for v in values):
                    continue
                if len(values) != len(header):
                    raise ImportFileError(
                        path,
                        reader.line_num,
                        len(values),
                        f"{len(values)} fields, the header has {len(header)}",
                    )
                yield Row(reader.line_num, {n: values[i].strip() for n, i in columns.items()}, columns)
    except UnicodeDecodeError as exc:
        raise ImportFileError(path, 0, exc.start, f"not UTF-8 text ({exc.reason})") from exc


def write_activities(scheme: str, rows: dict[str, dict[str, object]], source: DataSource) -> tuple[int, int]:
    """Create or update one scheme's activities by code; returns (created, updated). Parents are set after."""
    existing = {a.code: a for a in BusinessActivity.objects.filter(scheme=scheme)}
    new, changed = [], []
    for code, values in rows.items():
        row = existing.get(code)
        if row is None:
            new.append(BusinessActivity(scheme=scheme, code=code, source=source, **values))
            continue
        row.source = source
        for name, value in values.items():
            setattr(row, name, value)
        changed.append(row)
    BusinessActivity.objects.bulk_create(new, batch_size=500)
    fields = ["source", *next(iter(rows.values()), {}).keys()]
    BusinessActivity.objects.bulk_update(changed, fields, batch_size=500)
    return len(new), len(changed)
