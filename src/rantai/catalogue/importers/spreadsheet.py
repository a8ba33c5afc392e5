"""Read a catalogue spreadsheet (CSV or XLSX) and check every row before anything is written.

The format is told by the bytes, not the file name: an XLSX file is a ZIP archive. CSV is read as UTF-8
(with or without a byte-order mark) and, failing that, as Windows-1252, which the report then mentions.
XLSX is read with calamine (python-calamine), taking cached values of formula cells.

Problems name the row as the spreadsheet shows it (the header is row 1) and the column header as written
in the file, with a message in the active language. Every row is checked even after the first problem, so
one upload shows everything to fix.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook

from rantai.catalogue.columns import COLUMNS, Column, column_for_header, restore_neutralised
from rantai.catalogue.rules import HsLevels, ProductValues, cell_text, clean_product

MAX_ROWS = 50_000
MAX_FILE_BYTES = 25 * 1024 * 1024
CSV_DELIMITERS = ",;\t"


@dataclass(frozen=True)
class ImportProblem:
    row: int
    column: str  # the header as written in the file; empty for a problem with the whole row or file
    field: str  # the product field (``min_order``), or empty
    message: str

    @property
    def key(self) -> str:
        """How the API names the problem: ``row 12: min_order``."""
        if self.field:
            return f"row {self.row}: {self.field}"
        return f"row {self.row}"


@dataclass
class ParsedRow:
    row: int
    values: ProductValues


@dataclass
class ParsedFile:
    file_format: str  # "csv" or "xlsx"
    rows: list[ParsedRow] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def parse_catalogue(upload: IO[bytes], hs_levels: HsLevels) -> ParsedFile:
    data = upload.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        parsed = ParsedFile(file_format="")
        parsed.problems.append(
            ImportProblem(0, "", "", _("The file is larger than 25 MB; split it into smaller files."))
        )
        return parsed
    if data.startswith(b"PK\x03\x04"):
        return _parse_rows(ParsedFile(file_format="xlsx"), _xlsx_rows, data, hs_levels)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        parsed = ParsedFile(file_format="xls")
        parsed.problems.append(
            ImportProblem(0, "", "", _("This is an old Excel (.xls) file; save it as .xlsx or .csv and upload it again."))
        )
        return parsed
    return _parse_rows(ParsedFile(file_format="csv"), _csv_rows, data, hs_levels)


def _xlsx_rows(data: bytes, parsed: ParsedFile) -> Iterator[Sequence[Any]]:
    # calamine (Rust) reads a 10,000-row sheet in a fraction of a second where openpyxl took 8 s. It reads every
    # row the sheet holds, whatever size the file claims; empty cells come as "".
    try:
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
        rows = sheet.iter_rows()
    except (CalamineError, IndexError, ValueError, OSError):
        parsed.problems.append(ImportProblem(0, "", "", _("The file is not a spreadsheet we can read; upload an .xlsx or .csv file.")))
        return
    yield from rows


def _csv_rows(data: bytes, parsed: ParsedFile) -> Iterator[Sequence[Any]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            parsed.problems.append(
                ImportProblem(0, "", "", _("The file is not text in UTF-8; save it as CSV UTF-8 and upload it again."))
            )
            return
        parsed.notes.append(
            _("The file was not in UTF-8, so it was read as Windows-1252; check that accented letters look right.")
        )
    first_line = text.split("\n", 1)[0]
    try:
        dialect: Any = csv.Sniffer().sniff(first_line, delimiters=CSV_DELIMITERS)
    except csv.Error:
        dialect = csv.excel
    try:
        yield from csv.reader(io.StringIO(text, newline=""), dialect)
    except csv.Error:
        parsed.problems.append(ImportProblem(0, "", "", _("The CSV file is malformed; save it again from your spreadsheet program.")))


def _is_blank(cells: Sequence[Any]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def _read_header(cells: Sequence[Any], parsed: ParsedFile) -> dict[int, tuple[Column, str]]:
    """Column index → (column, header as written); unknown, repeated and missing columns are problems."""
    found: dict[int, tuple[Column, str]] = {}
    seen: dict[str, str] = {}
    for index, cell in enumerate(cells):
        header = "" if cell is None else str(cell).strip()
        if not header:
            continue
        column = column_for_header(header)
        if column is None:
            parsed.problems.append(
                ImportProblem(1, header, "", _("This column is not one of the template's; rename or remove it."))
            )
            continue
        if column.field in seen:
            parsed.problems.append(
                ImportProblem(1, header, column.field, _("This column appears twice; keep only one."))
            )
            continue
        seen[column.field] = header
        found[index] = (column, header)
    for column in COLUMNS:
        if column.required and column.field not in seen:
            parsed.problems.append(
                ImportProblem(
                    1, column.header, column.field, _("A required column is missing; use the headers of the template.")
                )
            )
    return found


def _parse_rows(parsed: ParsedFile, reader: Any, data: bytes, hs_levels: HsLevels) -> ParsedFile:
    rows = iter(reader(data, parsed))
    header_cells = next(rows, None)
    if header_cells is None or _is_blank(header_cells):
        if not parsed.problems:
            parsed.problems.append(
                ImportProblem(1, "", "", _("The first row must hold the column headers of the template."))
            )
        return parsed
    columns = _read_header(header_cells, parsed)
    header_problems = bool(parsed.problems)
    header_of = {column.field: header for column, header in columns.values()}
    first_row_of_sku: dict[str, int] = {}
    data_rows = 0
    for row_number, cells in enumerate(rows, start=2):
        if _is_blank(cells):
            continue
        data_rows += 1
        if data_rows > MAX_ROWS:
            parsed.problems.append(
                ImportProblem(
                    row_number, "", "",
                    _("The file has more than %(limit)s products; split it into files of at most %(limit)s rows.")
                    % {"limit": f"{MAX_ROWS:,}"},
                )
            )
            break
        if header_problems:
            continue  # rows cannot be read against a broken header; the header problems say what to fix
        raw: dict[str, Any] = {}
        for index, (column, _header) in columns.items():
            cell = cells[index] if index < len(cells) else None
            raw[column.field] = restore_neutralised(cell) if isinstance(cell, str) else cell
        values, problems = clean_product(raw, hs_levels)
        for name, messages in problems.by_field.items():
            for message in messages:
                parsed.problems.append(ImportProblem(row_number, header_of.get(name, ""), name, message))
        sku = cell_text(raw.get("sku"))
        if sku:
            first = first_row_of_sku.setdefault(sku, row_number)
            if first != row_number:
                parsed.problems.append(
                    ImportProblem(
                        row_number, header_of["sku"], "sku",
                        _("The SKU %(sku)s is already on row %(row)d; each SKU may appear only once.")
                        % {"sku": sku, "row": first},
                    )
                )
        if values is not None:
            parsed.rows.append(ParsedRow(row_number, values))
    if not parsed.problems and data_rows == 0:
        parsed.problems.append(ImportProblem(2, "", "", _("The file has headers but no products.")))
    return parsed
