"""Checking profile changes from a page form or the API. Every problem is a field error in the user's language."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

import pycountry
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils import timezone
from django.utils.translation import gettext as _

from rantai.core.errors import RantaiError
from rantai.directory.models import BusinessActivity, Organisation
from rantai.reference.models import Economy

TEXT_LIMITS = {
    "name": 200, "legal_name": 200, "province": 120, "city": 120, "contact_name": 200, "description": 5000,
}  # fmt: skip
EDITABLE = (
    *TEXT_LIMITS, "description_language", "languages", "website", "contact_email", "contact_phone", "year_founded",
    "employees", "annual_sales", "business_capital", "sales_currency", "isic", "kbli", "markets_served",
)  # fmt: skip
# Changing these changes the size class.
SIZE_INPUTS = frozenset({"employees", "annual_sales", "business_capital", "sales_currency"})
PHONE = re.compile(r"\+?[0-9][0-9 ()\-]{5,24}")
MAX_MONEY = Decimal("1e17")


class _Problems:
    def __init__(self) -> None:
        self.fields: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.fields.setdefault(field, []).append(message)


def _language_code(value: Any) -> str | None:
    code = str(value).strip().lower()
    if len(code) == 2 and pycountry.languages.get(alpha_2=code) is not None:
        return code
    return None


def _decimal(value: Any) -> Decimal | None:
    try:
        number = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _integer(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    text = str(value).strip()
    return int(text) if re.fullmatch(r"-?\d{1,12}", text) else None


def _activity(scheme: str, value: Any) -> BusinessActivity | None:
    return BusinessActivity.objects.filter(scheme=scheme, code=str(value).strip()).first()


def clean_profile_changes(organisation: Organisation, data: dict[str, Any]) -> dict[str, Any]:
    """Checked values, keyed by model field (``isic`` and ``kbli`` as rows, ``markets_served`` as a list)."""
    problems = _Problems()
    cleaned: dict[str, Any] = {}
    for name in data:
        if name not in EDITABLE:
            problems.add(name, _("This field cannot be changed here."))
    for name, limit in TEXT_LIMITS.items():
        if name in data:
            text = str(data[name] or "").strip()
            if name == "name" and not text:
                problems.add(name, _("The trade name cannot be empty."))
            elif len(text) > limit:
                problems.add(name, _("Use at most %(limit)d characters.") % {"limit": limit})
            else:
                cleaned[name] = text
    if "description_language" in data:
        raw = str(data["description_language"] or "").strip()
        code = _language_code(raw) if raw else ""
        if code is None:
            problems.add(
                "description_language", _("Give a two-letter ISO 639-1 language code, such as id or en.")
            )
        else:
            cleaned["description_language"] = code
    if "languages" in data:
        raw_list = data["languages"] or []
        if isinstance(raw_list, str):
            raw_list = [part for part in re.split(r"[,\s]+", raw_list) if part]
        codes = [_language_code(item) for item in raw_list] if isinstance(raw_list, list) else [None]
        if any(code is None for code in codes):
            problems.add("languages", _("Give two-letter ISO 639-1 language codes, such as id, en, ja."))
        else:
            cleaned["languages"] = list(dict.fromkeys(c for c in codes if c))
    if "website" in data:
        url = str(data["website"] or "").strip()
        try:
            if url:
                URLValidator(schemes=["http", "https"])(url)
            cleaned["website"] = url
        except ValidationError:
            problems.add("website", _("Enter a full web address starting with https://."))
    if "contact_email" in data:
        email = str(data["contact_email"] or "").strip()
        try:
            if email:
                EmailValidator()(email)
            cleaned["contact_email"] = email.lower()
        except ValidationError:
            problems.add("contact_email", _("Enter a valid e-mail address."))
    if "contact_phone" in data:
        phone = str(data["contact_phone"] or "").strip()
        if phone and not PHONE.fullmatch(phone):
            problems.add(
                "contact_phone", _("Enter a telephone number with digits only, such as +62 812 3456 7890.")
            )
        else:
            cleaned["contact_phone"] = phone
    if "year_founded" in data:
        raw = data["year_founded"]
        year = None if raw in (None, "") else _integer(raw)
        if raw not in (None, "") and (year is None or not 1800 <= year <= timezone.now().year):
            problems.add("year_founded", _("Enter a year between 1800 and this year."))
        else:
            cleaned["year_founded"] = year
    if "employees" in data:
        raw = data["employees"]
        count = None if raw in (None, "") else _integer(raw)
        if raw not in (None, "") and (count is None or not 0 <= count <= 10_000_000):
            problems.add("employees", _("Enter the number of employees as a whole number, zero or more."))
        else:
            cleaned["employees"] = count
    for name in ("annual_sales", "business_capital"):
        if name in data:
            raw = data[name]
            amount = None if raw in (None, "") else _decimal(raw)
            if raw not in (None, "") and (amount is None or amount < 0 or amount >= MAX_MONEY):
                problems.add(name, _("Enter an amount of money, zero or more, without the currency."))
            else:
                cleaned[name] = amount.quantize(Decimal("0.01")) if amount is not None else None
    if "sales_currency" in data:
        currency = str(data["sales_currency"] or "").strip().upper()
        if currency and pycountry.currencies.get(alpha_3=currency) is None:
            problems.add(
                "sales_currency", _("Give a three-letter ISO 4217 currency code, such as IDR or USD.")
            )
        else:
            cleaned["sales_currency"] = currency
    for name, scheme in (("isic", BusinessActivity.Scheme.ISIC4), ("kbli", BusinessActivity.Scheme.KBLI2020)):
        if name in data:
            raw = data[name]
            if raw in (None, ""):
                cleaned[name] = None
            elif isinstance(raw, BusinessActivity):
                cleaned[name] = raw
            elif (activity := _activity(scheme, raw)) is None:
                problems.add(name, _("There is no business activity with this code."))
            else:
                cleaned[name] = activity
    if "markets_served" in data:
        raw_markets = data["markets_served"] or []
        if isinstance(raw_markets, str):
            raw_markets = [part for part in re.split(r"[,\s]+", raw_markets) if part]
        markets: list[str] = [
            m.iso3 if isinstance(m, Economy) else str(m).strip().upper() for m in raw_markets
        ]
        known = set(Economy.objects.filter(iso3__in=markets).values_list("iso3", flat=True))
        if unknown := [c for c in markets if c not in known]:
            problems.add(
                "markets_served",
                _("These are not ISO 3166 alpha-3 economy codes: %(codes)s.") % {"codes": ", ".join(unknown)},
            )
        else:
            cleaned["markets_served"] = list(dict.fromkeys(markets))
    if problems.fields:
        raise RantaiError(_("Some fields are not valid."), code="validation_error", fields=problems.fields)
    return cleaned
