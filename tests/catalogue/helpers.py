"""Real spreadsheets and photos written to disk, as people upload them."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from PIL import Image

from rantai.catalogue.columns import COLUMNS

HEADERS = [column.header for column in COLUMNS]
INDONESIAN_HEADERS = [column.indonesian for column in COLUMNS]


def product_row(sku: str = "GAYO-1", **overrides: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "sku": sku,
        "title": "Kopi arabika Gayo grade 1",
        "description": "Biji kopi hijau, olah basah.",
        "language": "id",
        "hs_code": "090111",
        "national_line": "",
        "unit": "kg",
        "min_order": 500,
        "monthly_capacity": 12000,
        "price_min": 95000,
        "price_max": 120000,
        "currency": "IDR",
        "incoterms": "FOB, CIF",
        "lead_time_days": 30,
        "status": "published",
    }
    row.update(overrides)
    return row


def _cells(rows: list[dict[str, Any]]) -> list[list[Any]]:
    return [[row.get(column.field) for column in COLUMNS] for row in rows]


def write_xlsx(path: Path, rows: list[dict[str, Any]], headers: list[str] | None = None) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(headers or HEADERS)
    for cells in _cells(rows):
        sheet.append(cells)
    workbook.save(path)
    return path


def write_csv(
    path: Path, rows: list[dict[str, Any]], headers: list[str] | None = None, encoding: str = "utf-8-sig"
) -> Path:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers or HEADERS)
    for cells in _cells(rows):
        writer.writerow(["" if cell is None else cell for cell in cells])
    path.write_bytes(out.getvalue().encode(encoding))
    return path


def photo_bytes(image_format: str = "JPEG", size: tuple[int, int] = (1200, 800), **save: Any) -> bytes:
    image = Image.new("RGB", size, (120, 80, 40))
    out = io.BytesIO()
    image.save(out, image_format, **save)
    return out.getvalue()


def make_product(organisation: Any, user: Any, sku: str = "GAYO-1", **overrides: Any) -> Any:
    from rantai.catalogue.actions import create_product

    return create_product(organisation, user, product_row(sku, **overrides))
