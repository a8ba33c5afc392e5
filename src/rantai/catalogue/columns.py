"""The catalogue spreadsheet's columns, shared by the template, the importer and the exporter.

Headers are bilingual (``sku / kode_produk``) so one file serves an English and an Indonesian reader; the
importer also accepts either half alone. Explanations are translatable strings rendered in both languages
on the template's help sheet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Column:
    field: str
    english: str
    indonesian: str
    required: bool
    explanation: Promise
    example: str

    @property
    def header(self) -> str:
        return f"{self.english} / {self.indonesian}"


COLUMNS: tuple[Column, ...] = (
    Column("sku", "sku", "kode_produk", True, _("Your own code for the product, unique in your catalogue. Importing a row with an SKU you already have updates that product."), "GAYO-G1-1KG"),
    Column("title", "title", "nama_produk", True, _("The product name buyers see, in the language of the language column."), "Kopi arabika Gayo grade 1"),
    Column("description", "description", "deskripsi", False, _("What the product is, how it is made and packed."), "Biji kopi hijau, olah basah, kadar air 12%."),
    Column("language", "language", "bahasa", True, _("Two-letter ISO 639-1 code of the language the title and description are written in, such as id or en."), "id"),
    Column("hs_code", "hs_code", "kode_hs", True, _("The HS 2022 subheading (6 digits) of the product."), "090111"),
    Column("national_line", "national_line", "pos_tarif_nasional", False, _("Optional national tariff line (8 to 10 digits) that starts with the HS code, such as the 8-digit BTKI code."), "09011120"),
    Column("unit", "unit", "satuan", True, _("The unit quantities and prices are given in; see the list of units."), "kg"),
    Column("min_order", "min_order", "minimum_pesanan", False, _("The smallest quantity you sell in one order, in the unit above; empty means no minimum."), "500"),
    Column("monthly_capacity", "monthly_capacity", "kapasitas_bulanan", False, _("How much you can supply in a month, in the unit above."), "12000"),
    Column("price_min", "price_min", "harga_terendah", False, _("The lowest price per unit; use a dot before the decimals."), "95000"),
    Column("price_max", "price_max", "harga_tertinggi", False, _("The highest price per unit; not lower than the lowest price."), "120000"),
    Column("currency", "currency", "mata_uang", False, _("ISO 4217 currency code of the prices, such as IDR or USD; required when a price is given."), "IDR"),
    Column("incoterms", "incoterms", "incoterms", False, _("Incoterms 2020 rules you offer, separated by commas; see the list."), "FOB, CIF"),
    Column("lead_time_days", "lead_time_days", "waktu_tunggu_hari", False, _("Days from order to shipment, as a whole number."), "30"),
    Column("status", "status", "status", False, _("draft (only you see it) or published (buyers see it); empty keeps a product's current status, and new products start as drafts."), "published"),
)

COLUMN_BY_FIELD = {column.field: column for column in COLUMNS}
_SPACES = re.compile(r"\s+")


def _normalise_header(text: str) -> str:
    return _SPACES.sub(" ", text.replace("\ufeff", "").strip().lower()).replace(" / ", "/").replace(" ", "_")


# Every spelling of a header the importer accepts: both halves alone and together, in any case.
HEADER_ALIASES: dict[str, Column] = {}
for _column in COLUMNS:
    for _spelling in (_column.english, _column.indonesian, f"{_column.english}/{_column.indonesian}"):
        HEADER_ALIASES[_normalise_header(_spelling)] = _column


def column_for_header(text: str) -> Column | None:
    return HEADER_ALIASES.get(_normalise_header(text))


# OWASP "CSV injection": a spreadsheet treats a cell starting with one of these as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(text: str) -> str:
    """Prefix a cell that a spreadsheet would run as a formula with an apostrophe, so it shows as text."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def restore_neutralised(text: str) -> str:
    """Undo ``neutralise_formula`` on import, so an exported catalogue imports back unchanged."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_TRIGGERS) else text
