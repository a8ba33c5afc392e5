"""What a valid product is, checked once for every way a product arrives: form, API and spreadsheet.

``clean_product`` turns raw values (strings from a form or a spreadsheet cell, numbers from XLSX or JSON)
into a ``ProductValues`` or a dict of per-field messages in the active language. HS codes are looked up in
a ``HsLevels`` mapping (code → level) so a bulk import can preload the whole nomenclature once and check
10,000 rows without a query per row.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

import pycountry
from django.utils.translation import gettext as _

from rantai.catalogue.models import (
    INCOTERMS_2020,
    PRICE_DIGITS,
    PRICE_PLACES,
    QUANTITY_DIGITS,
    QUANTITY_PLACES,
    SKU_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Product,
    Unit,
)
from rantai.reference.models import HsCode, HsLevel
from rantai.reference.queries import normalize_code

HsLevels = Mapping[str, str]

# Every field a product has that people write; the order is the spreadsheet's column order.
PRODUCT_FIELDS = (
    "sku",
    "title",
    "description",
    "language",
    "hs_code",
    "national_line",
    "unit",
    "min_order",
    "monthly_capacity",
    "price_min",
    "price_max",
    "currency",
    "incoterms",
    "lead_time_days",
    "status",
)
REQUIRED_FIELDS = ("sku", "title", "language", "hs_code", "unit")
DESCRIPTION_MAX_LENGTH = 5000
NATIONAL_LINE = re.compile(r"^\d{8,10}$")
INCOTERM_SEPARATORS = re.compile(r"[\s,;/|]+")
# Spreadsheet users write status in either language.
STATUS_WORDS = {
    "draft": Product.Status.DRAFT,
    "draf": Product.Status.DRAFT,
    "published": Product.Status.PUBLISHED,
    "publish": Product.Status.PUBLISHED,
    "terbit": Product.Status.PUBLISHED,
    "diterbitkan": Product.Status.PUBLISHED,
}
UNIT_WORDS = {
    **{unit.value: unit.value for unit in Unit},
    "kilogram": Unit.KG,
    "kgs": Unit.KG,
    "ton": Unit.TONNE,
    "t": Unit.TONNE,
    "gram": Unit.G,
    "l": Unit.LITRE,
    "liter": Unit.LITRE,
    "pcs": Unit.PIECE,
    "pc": Unit.PIECE,
    "buah": Unit.PIECE,
    "pasang": Unit.PAIR,
    "lusin": Unit.DOZEN,
    "karton": Unit.CARTON,
    "meter": Unit.M,
    "m²": Unit.M2,
    "m³": Unit.M3,
}


@cache
def currency_codes() -> frozenset[str]:
    return frozenset(currency.alpha_3 for currency in pycountry.currencies)


@cache
def language_codes() -> frozenset[str]:
    return frozenset(lang.alpha_2 for lang in pycountry.languages if hasattr(lang, "alpha_2"))


def all_hs_levels() -> dict[str, str]:
    """The whole HS 2022 nomenclature as code → level, in one query (about 7,000 short rows)."""
    return dict(HsCode.objects.values_list("code", "level"))


def hs_levels_for(code: str) -> dict[str, str]:
    """Just what ``clean_product`` needs to check one code."""
    return dict(HsCode.objects.filter(code=normalize_code(code)).values_list("code", "level"))


@dataclass
class ProductValues:
    """A product's values after checking; ``status`` is ``None`` when the input did not say."""

    sku: str
    title: str
    description: str
    language: str
    hs_id: str
    national_line: str
    unit: str
    min_order: Decimal
    monthly_capacity: Decimal | None
    price_min: Decimal | None
    price_max: Decimal | None
    currency: str
    incoterms: list[str]
    lead_time_days: int | None
    status: str | None = None

    # Product attributes each value is stored in (the HS code is stored as the foreign key ``hs_id``).
    STORED = (
        "sku",
        "title",
        "description",
        "language",
        "hs_id",
        "national_line",
        "unit",
        "min_order",
        "monthly_capacity",
        "price_min",
        "price_max",
        "currency",
        "incoterms",
        "lead_time_days",
    )

    def changed_fields(self, product: Product) -> list[str]:
        changed = [name for name in self.STORED if getattr(product, name) != getattr(self, name)]
        if self.status is not None and product.status != self.status:
            changed.append("status")
        return changed

    def apply_to(self, product: Product) -> None:
        for name in self.STORED:
            setattr(product, name, getattr(self, name))
        if self.status is not None:
            product.status = self.status


@dataclass
class Problems:
    """Per-field messages, in the order found."""

    by_field: dict[str, list[str]] = field(default_factory=dict)

    def add(self, name: str, message: str) -> None:
        self.by_field.setdefault(name, []).append(message)

    def __bool__(self) -> bool:
        return bool(self.by_field)


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def decimal_value(
    raw: Any, name: str, problems: Problems, *, digits: int, places: int, required: bool = False
) -> Decimal | None:
    text = cell_text(raw)
    if text == "":
        if required:
            problems.add(name, _("A value is required."))
        return None
    if isinstance(raw, bool):
        problems.add(name, _("Enter a number, such as 1250 or 12.5."))
        return None
    try:
        # repr of a float is the shortest text that reads back as the same float: 12.5, not 12.4999…
        number = Decimal(repr(raw)) if isinstance(raw, float) else Decimal(text.replace(" ", ""))
    except InvalidOperation:
        problems.add(name, _("Enter a number with a dot before the decimals, such as 1250 or 12.5."))
        return None
    if not number.is_finite():
        problems.add(name, _("Enter a number, such as 1250 or 12.5."))
        return None
    if number < 0:
        problems.add(name, _("The value cannot be negative."))
        return None
    # Before quantizing: 1e400 has more digits than the decimal context holds, and quantize would raise.
    if number >= Decimal(10) ** (digits - places):
        problems.add(name, _("The number is too large."))
        return None
    quantum = Decimal(1).scaleb(-places)
    if number != number.quantize(quantum):
        problems.add(name, _("Use at most %(places)d decimal places.") % {"places": places})
        return None
    return number.quantize(quantum)


def whole_number(raw: Any, name: str, problems: Problems) -> int | None:
    number = decimal_value(raw, name, problems, digits=9, places=QUANTITY_PLACES)
    if number is None:
        return None
    if number != number.to_integral_value():
        problems.add(name, _("Enter a whole number of days."))
        return None
    return int(number)


def hs_subheading_value(raw: Any, problems: Problems, hs_levels: HsLevels) -> str:
    text = cell_text(raw)
    if text == "":
        problems.add("hs_code", _("A value is required."))
        return ""
    code = normalize_code(text)
    if not code.isdigit():
        problems.add("hs_code", _("An HS code is 6 digits, such as 090111."))
        return ""
    # Spreadsheets drop a leading zero from a number: 90111 is 090111.
    if len(code) == 5:
        code = "0" + code
    level = hs_levels.get(code)
    if level is None:
        problems.add("hs_code", _("%(code)s is not a code of the HS 2022 nomenclature.") % {"code": text})
        return ""
    if level != HsLevel.SUBHEADING:
        problems.add(
            "hs_code",
            _("%(code)s is not a 6-digit subheading; choose one of the subheadings under it.") % {"code": text},
        )
        return ""
    return code


def _national_line(raw: Any, hs_code: str, problems: Problems) -> str:
    text = normalize_code(cell_text(raw))
    if text == "":
        return ""
    if not NATIONAL_LINE.match(text):
        problems.add("national_line", _("A national tariff line has 8 to 10 digits."))
        return ""
    if hs_code and not text.startswith(hs_code):
        problems.add(
            "national_line",
            _("The national tariff line must start with the HS code %(code)s.") % {"code": hs_code},
        )
        return ""
    return text


def _incoterms(raw: Any, problems: Problems) -> list[str]:
    if isinstance(raw, list | tuple):
        words = [cell_text(word).upper() for word in raw]
    else:
        words = INCOTERM_SEPARATORS.split(cell_text(raw).upper())
    words = [word for word in words if word]
    unknown = [word for word in words if word not in INCOTERMS_2020]
    for word in unknown:
        problems.add(
            "incoterms",
            _("%(value)s is not an Incoterms 2020 rule; use any of %(rules)s.")
            % {"value": word, "rules": " ".join(INCOTERMS_2020)},
        )
    chosen = set(words)
    return [rule for rule in INCOTERMS_2020 if rule in chosen]


def clean_product(raw: Mapping[str, Any], hs_levels: HsLevels) -> tuple[ProductValues | None, Problems]:
    """Check every field and collect every problem; values only when there is none.

    ``raw`` is keyed by the names in ``PRODUCT_FIELDS``; a missing key is an empty value.
    """
    problems = Problems()
    for name in REQUIRED_FIELDS:
        if name != "hs_code" and cell_text(raw.get(name)) == "":
            problems.add(name, _("A value is required."))

    sku = cell_text(raw.get("sku"))
    if len(sku) > SKU_MAX_LENGTH:
        problems.add("sku", _("An SKU can be at most %(max)d characters long.") % {"max": SKU_MAX_LENGTH})
    title = " ".join(cell_text(raw.get("title")).split())
    if len(title) > TITLE_MAX_LENGTH:
        problems.add("title", _("A title can be at most %(max)d characters long.") % {"max": TITLE_MAX_LENGTH})
    description = cell_text(raw.get("description"))
    if len(description) > DESCRIPTION_MAX_LENGTH:
        problems.add(
            "description",
            _("A description can be at most %(max)d characters long.") % {"max": DESCRIPTION_MAX_LENGTH},
        )
    language = cell_text(raw.get("language")).lower()
    if language and language not in language_codes():
        problems.add("language", _("Use a two-letter ISO 639-1 language code, such as id or en."))

    hs_code = hs_subheading_value(raw.get("hs_code"), problems, hs_levels)
    national_line = _national_line(raw.get("national_line"), hs_code, problems)

    unit_text = cell_text(raw.get("unit"))
    unit = UNIT_WORDS.get(unit_text.lower(), "")
    if unit_text and not unit:
        problems.add(
            "unit",
            _("%(value)s is not a unit we know; use one of %(units)s.")
            % {"value": unit_text, "units": ", ".join(Unit.values)},
        )

    def quantity(name: str) -> Decimal | None:
        return decimal_value(raw.get(name), name, problems, digits=QUANTITY_DIGITS, places=QUANTITY_PLACES)

    def money(name: str) -> Decimal | None:
        return decimal_value(raw.get(name), name, problems, digits=PRICE_DIGITS, places=PRICE_PLACES)

    min_order = quantity("min_order")
    monthly_capacity = quantity("monthly_capacity")
    price_min = money("price_min")
    price_max = money("price_max")
    if price_min is not None and price_max is not None and price_min > price_max:
        problems.add("price_max", _("The highest price is lower than the lowest price."))

    currency = cell_text(raw.get("currency")).upper()
    if currency and currency not in currency_codes():
        problems.add(
            "currency",
            _("%(value)s is not an ISO 4217 currency code, such as IDR or USD.") % {"value": currency},
        )
    if not currency and (price_min is not None or price_max is not None):
        problems.add("currency", _("Give the currency of the prices."))

    incoterms = _incoterms(raw.get("incoterms"), problems)
    lead_time_days = whole_number(raw.get("lead_time_days"), "lead_time_days", problems)

    status_text = cell_text(raw.get("status")).lower()
    status = STATUS_WORDS.get(status_text) if status_text else None
    if status_text and status is None:
        problems.add("status", _("Write draft or published."))

    if problems:
        return None, problems
    return (
        ProductValues(
            sku=sku,
            title=title,
            description=description,
            language=language,
            hs_id=hs_code,
            national_line=national_line,
            unit=unit,
            min_order=min_order if min_order is not None else Decimal("0.000"),
            monthly_capacity=monthly_capacity,
            price_min=price_min,
            price_max=price_max,
            currency=currency,
            incoterms=incoterms,
            lead_time_days=lead_time_days,
            status=status,
        ),
        problems,
    )


def values_of(product: Product) -> dict[str, Any]:
    """A product as raw values ``clean_product`` accepts: the start of an edit."""
    return {
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
        "incoterms": list(product.incoterms),
        "lead_time_days": product.lead_time_days,
        "status": product.status,
    }
