"""Write the catalogue, or an empty template, as CSV or XLSX with the importer's bilingual headers.

An export imports back unchanged. Text that a spreadsheet would run as a formula (starting with = + - @,
a tab or a carriage return) gets a leading apostrophe, as OWASP's CSV-injection guidance advises; the
importer removes exactly that apostrophe again.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from rantai.catalogue.columns import COLUMNS, neutralise_formula
from rantai.catalogue.models import INCOTERM_NAMES, INCOTERMS_2020, Product, Unit

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_BATCH = 2000


def _row_of(product: Product) -> list[Any]:
    """Cells in column order: text neutralised, numbers as numbers."""
    values: dict[str, Any] = {
        "sku": product.sku,
        "title": product.title,
        "description": product.description,
        "language": product.language,
        "hs_code": product.hs_id,
        "national_line": product.national_line,
        "unit": product.unit,
        "min_order": product.min_order,
        "monthly_capacity": product.monthly_capacity,
        "price_min": product.price_min,
        "price_max": product.price_max,
        "currency": product.currency,
        "incoterms": ", ".join(product.incoterms),
        "lead_time_days": product.lead_time_days,
        "status": product.status,
    }
    cells: list[Any] = []
    for column in COLUMNS:
        value = values[column.field]
        if isinstance(value, Decimal):
            value = value.normalize()
            # normalize() writes 1E+3 for 1000; spreadsheets and people want 1000.
            value = value.quantize(Decimal(1)) if value == value.to_integral_value() else value
        cells.append(neutralise_formula(value) if isinstance(value, str) else value)
    return cells


def export_csv(products: Iterable[Product]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([column.header for column in COLUMNS])
    for product in products:
        writer.writerow(["" if cell is None else str(cell) for cell in _row_of(product)])
    # The byte-order mark makes Excel open the file as UTF-8 (Indonesian and Vietnamese letters intact).
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _products_sheet(workbook: Workbook, title: str) -> Any:
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    sheet.append([column.header for column in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for index, column in enumerate(COLUMNS):
        letter = sheet.cell(row=1, column=index + 1).column_letter
        sheet.column_dimensions[letter].width = max(14, len(column.header) + 2)
    return sheet


def export_xlsx(products: Iterable[Product]) -> bytes:
    workbook = Workbook()
    sheet = _products_sheet(workbook, _("Products"))
    for product in products:
        sheet.append(_row_of(product))
    _help_sheet(workbook)
    return _save(workbook)


def template_csv() -> bytes:
    return export_csv([])


def template_xlsx() -> bytes:
    workbook = Workbook()
    sheet = _products_sheet(workbook, _("Products"))
    unit_column = sheet.cell(row=1, column=[c.field for c in COLUMNS].index("unit") + 1).column_letter
    units = DataValidation(type="list", formula1='"' + ",".join(Unit.values) + '"', allow_blank=True)
    units.add(f"{unit_column}2:{unit_column}50001")
    sheet.add_data_validation(units)
    _help_sheet(workbook)
    return _save(workbook)


def _help_sheet(workbook: Workbook) -> None:
    """Each column explained in English and Bahasa Indonesia, then the units and Incoterms lists."""
    sheet = workbook.create_sheet(_("Help"))
    bold = Font(bold=True)
    sheet.append(["Column / Kolom", "Required / Wajib", "Explanation", "Penjelasan", "Example / Contoh"])
    for column in COLUMNS:
        with translation.override("en"):
            english = str(column.explanation)
        with translation.override("id"):
            indonesian = str(column.explanation)
        sheet.append([column.header, "yes / ya" if column.required else "no / tidak", english, indonesian,
                      neutralise_formula(column.example)])
    sheet.append([])
    sheet.append(["Units / Satuan", "", "English", "Bahasa Indonesia"])
    for unit in Unit:
        with translation.override("en"):
            english = str(unit.label)
        with translation.override("id"):
            indonesian = str(unit.label)
        sheet.append([unit.value, "", english, indonesian])
    sheet.append([])
    sheet.append(["Incoterms 2020", "", "English", "Bahasa Indonesia"])
    for rule in INCOTERMS_2020:
        with translation.override("en"):
            english = str(INCOTERM_NAMES[rule])
        with translation.override("id"):
            indonesian = str(INCOTERM_NAMES[rule])
        sheet.append([rule, "", english, indonesian])
    for row in sheet.iter_rows():
        if row and row[0].value in ("Column / Kolom", "Units / Satuan", "Incoterms 2020"):
            for cell in row:
                cell.font = bold
    for letter, width in zip("ABCDE", (34, 16, 60, 60, 28), strict=True):
        sheet.column_dimensions[letter].width = width


def _save(workbook: Workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()

