"""Indonesia's BTKI 2022 nomenclature: Indonesian descriptions of every tariff line (rates are the tariffs app's).

Columns used: ``hs_code`` ("01.01.21.00"), ``description_id``, ``description_en``, ``hs_level`` (4, 6 or 8).
8-digit lines become ``NationalLine`` rows for IDN; their description names the dashed lines above them inside
the heading ("Kuda: Bibit"), since "- - Lain-lain" alone says nothing. 4- and 6-digit rows give the
Indonesian description of the HS 2022 heading or subheading (``HsCode.description_id``).
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

REQUIRED = ("hs_code", "description_id", "description_en", "hs_level")


def parse(path: Path) -> Nomenclature:
    rows: list[NationalRow] = []
    hs_descriptions: dict[str, str] = {}
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
        stack: list[tuple[int, str, str]] = []  # (depth, Indonesian, English) of the dashed lines above
        seen: set[str] = set()
        skipped = 0
        try:
            for record in reader:
                line = reader.line_num
                if None in record or any(record.get(name) is None for name in REQUIRED):
                    raise ImportFileError(path, line, len(header), "wrong number of columns")
                code = record["hs_code"].replace(".", "").strip()
                level = record["hs_level"].strip()
                if not code.isdigit() or level not in {"4", "6", "8", "10"} or len(code) != int(level):
                    problem = f"{record['hs_code']!r} is not a {level}-digit code" if level.isdigit() else \
                        f"{level!r} is not a level (4, 6, 8 or 10)"
                    raise ImportFileError(path, line, column["hs_code" if level.isdigit() else "hs_level"], problem)
                depth, text_id = dashes_and_text(record["description_id"])
                _depth, text_en = dashes_and_text(record["description_en"])
                if not text_id:
                    raise ImportFileError(path, line, column["description_id"], "the Indonesian description is empty")
                if len(code) == 4:
                    stack = []
                    hs_descriptions[code] = text_id.rstrip(".")
                    continue
                while stack and stack[-1][0] >= depth:
                    stack.pop()
                if len(code) == 6:
                    hs_descriptions[code] = "; ".join([*(s[1] for s in stack), text_id])
                    stack.append((depth, text_id, text_en))
                    continue
                if code[:2] in NATIONAL_CHAPTERS:
                    skipped += 1
                    continue
                if code in seen:
                    raise ImportFileError(path, line, column["hs_code"], f"{record['hs_code']} appears twice")
                seen.add(code)
                rows.append(NationalRow(
                    code=code,
                    description=": ".join([*(s[1] for s in stack), text_id]),
                    description_en=": ".join([*(s[2] for s in stack), text_en]),
                    line=line,
                    column=column["hs_code"],
                ))
                stack.append((depth, text_id, text_en))
        except UnicodeDecodeError:
            raise ImportFileError(path, reader.line_num + 1, 1, "is not UTF-8 text") from None
        except csv.Error as exc:
            raise ImportFileError(path, reader.line_num, 1, f"is not valid CSV: {exc}") from None
    if not rows:
        raise ImportFileError(path, 1, 1, "holds no 8-digit tariff lines")
    return Nomenclature(
        economy="IDN", language="id", source_key="btki-2022-nomenclature",
        title="Buku Tarif Kepabeanan Indonesia (BTKI) 2022 nomenclature",
        publisher="Ministry of Finance of the Republic of Indonesia", skipped=skipped, rows=rows, hs_descriptions=hs_descriptions,
    )
