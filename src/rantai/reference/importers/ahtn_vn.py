"""Viet Nam's national nomenclature (AHTN 2022, 8 digits) with Vietnamese descriptions.

Columns used: ``hs8`` ("01012100") and ``desc_vi`` ("- - Loại thuần chủng để nhân giống"). The file has
8-digit lines only, so a line's description names the dashed lines above it under the same subheading
("Loại khác" alone says nothing).
"""

from __future__ import annotations

import csv
from pathlib import Path

from rantai.core.errors import ImportFileError
from rantai.reference.importers.national_lines import (
    NATIONAL_CHAPTERS,
    NationalRow,
    Nomenclature,
    dashes_and_text,
)

REQUIRED = ("hs8", "desc_vi")


def parse(path: Path) -> Nomenclature:
    rows: list[NationalRow] = []
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise ImportFileError(path, 0, 0, f"cannot be read: {exc.strerror}") from None
    with handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        missing = [name for name in REQUIRED if name not in header]
        if missing:
            raise ImportFileError(path, 1, 1, f"missing column(s): {', '.join(missing)}")
        column = {name: header.index(name) + 1 for name in REQUIRED}
        stack: list[tuple[int, str]] = []
        current = ""
        seen: set[str] = set()
        skipped = 0
        try:
            for record in reader:
                line = reader.line_num
                if None in record or any(record.get(name) is None for name in REQUIRED):
                    raise ImportFileError(path, line, len(header), "wrong number of columns")
                code = record["hs8"].strip()
                if not (code.isdigit() and len(code) == 8):
                    raise ImportFileError(path, line, column["hs8"], f"{code!r} is not an 8-digit code")
                depth, text = dashes_and_text(record["desc_vi"])
                if not text:
                    raise ImportFileError(path, line, column["desc_vi"], "the description is empty")
                if code[:2] in NATIONAL_CHAPTERS:
                    skipped += 1
                    continue
                if code in seen:
                    raise ImportFileError(path, line, column["hs8"], f"{code} appears twice")
                seen.add(code)
                if code[:6] != current:
                    current, stack = code[:6], []
                while stack and stack[-1][0] >= depth:
                    stack.pop()
                rows.append(NationalRow(code=code, description=": ".join([*(s[1] for s in stack), text]),
                                        description_en="", line=line, column=column["hs8"]))
                stack.append((depth, text))
        except UnicodeDecodeError:
            raise ImportFileError(path, reader.line_num + 1, 1, "is not UTF-8 text") from None
        except csv.Error as exc:
            raise ImportFileError(path, reader.line_num, 1, f"is not valid CSV: {exc}") from None
    if not rows:
        raise ImportFileError(path, 1, 1, "holds no 8-digit tariff lines")
    return Nomenclature(
        economy="VNM", language="vi", source_key="ahtn-2022-vn-nomenclature",
        title="Biểu thuế xuất nhập khẩu Việt Nam (AHTN 2022) nomenclature",
        publisher="Ministry of Finance of Viet Nam", skipped=skipped, rows=rows, hs_descriptions={},
    )
