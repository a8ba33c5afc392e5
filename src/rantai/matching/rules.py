"""Checking what a buyer or a supplier typed: every problem found, per field, in the user's language.

The same rules serve the pages, the API and the command line, like the catalogue's (``catalogue.rules``,
whose number, unit, currency and HS checks are reused here).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from rantai.catalogue.models import (
    INCOTERMS_2020,
    PRICE_DIGITS,
    PRICE_PLACES,
    QUANTITY_DIGITS,
    QUANTITY_PLACES,
    Unit,
)
from rantai.catalogue.rules import (
    UNIT_WORDS,
    Problems,
    cell_text,
    currency_codes,
    decimal_value,
    hs_levels_for,
    hs_subheading_value,
    language_codes,
    whole_number,
)
from rantai.directory.models import CertificationType
from rantai.matching.models import DESCRIPTION_MAX_LENGTH, TITLE_MAX_LENGTH
from rantai.reference.models import Economy

MAX_DEADLINE_DAYS = 366
MAX_VALIDITY_DAYS = 366
MAX_LEAD_TIME_DAYS = 730
MESSAGE_MAX_LENGTH = 4000


@dataclass
class RequestValues:
    title: str
    description: str
    language: str
    hs_id: str | None
    quantity: Decimal
    unit: str
    target_price: Decimal | None
    currency: str
    destination_id: str
    incoterm: str
    certifications: list[str]
    deadline: dt.date
    diversify: bool
    current_origins: list[str]

    STORED = (
        "title",
        "description",
        "language",
        "hs_id",
        "quantity",
        "unit",
        "target_price",
        "currency",
        "destination_id",
        "incoterm",
        "deadline",
        "diversify",
        "current_origins",
    )


@dataclass
class QuoteValues:
    price: Decimal
    currency: str
    incoterm: str
    lead_time_days: int
    valid_until: dt.date
    message: str

    STORED = ("price", "currency", "incoterm", "lead_time_days", "valid_until", "message")


def _date(raw: Any, name: str, problems: Problems) -> dt.date | None:
    if isinstance(raw, dt.date):
        return raw
    text = cell_text(raw)
    if not text:
        problems.add(name, _("A value is required."))
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        problems.add(name, _("Enter a date as year-month-day, such as 2027-03-31."))
        return None


def _future_date(raw: Any, name: str, problems: Problems, today: dt.date, max_days: int) -> dt.date | None:
    value = _date(raw, name, problems)
    if value is None:
        return None
    if value < today:
        problems.add(name, _("The date is in the past."))
        return None
    if value > today + dt.timedelta(days=max_days):
        problems.add(name, _("Choose a date within %(days)d days from today.") % {"days": max_days})
        return None
    return value


def _currency(raw: Any, problems: Problems, *, required: bool) -> str:
    currency = cell_text(raw).upper()
    if currency and currency not in currency_codes():
        problems.add(
            "currency",
            _("%(value)s is not an ISO 4217 currency code, such as IDR or USD.") % {"value": currency},
        )
        return ""
    if required and not currency:
        problems.add("currency", _("A value is required."))
    return currency


def _incoterm(raw: Any, problems: Problems, *, required: bool) -> str:
    incoterm = cell_text(raw).upper()
    if incoterm and incoterm not in INCOTERMS_2020:
        problems.add(
            "incoterm",
            _("%(value)s is not an Incoterms 2020 rule; use one of %(rules)s.")
            % {"value": incoterm, "rules": " ".join(INCOTERMS_2020)},
        )
        return ""
    if required and not incoterm:
        problems.add("incoterm", _("A value is required."))
    return incoterm


def _economies(raw: Any, name: str, problems: Problems) -> list[str]:
    if isinstance(raw, str):
        raw = raw.replace(",", " ").split()
    codes = [cell_text(code).upper() for code in (raw or []) if cell_text(code)]
    known = set(Economy.objects.filter(iso3__in=codes, is_apec=True).values_list("iso3", flat=True))
    for code in codes:
        if code not in known:
            problems.add(
                name, _("%(value)s is not the ISO code of an APEC economy, such as IDN.") % {"value": code}
            )
    return sorted(set(codes) & known)


def _boolean(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    return cell_text(raw).lower() in ("1", "true", "yes", "on", "ya")


def clean_request(
    raw: Mapping[str, Any], today: dt.date | None = None
) -> tuple[RequestValues | None, Problems]:
    """Check a sourcing request; values only when nothing is wrong. A missing key is an empty value."""
    today = today or dt.date.today()
    problems = Problems()
    title = " ".join(cell_text(raw.get("title")).split())
    if not title:
        problems.add("title", _('Say what you need, such as "ground robusta coffee, 250 g bags".'))
    elif len(title) > TITLE_MAX_LENGTH:
        problems.add(
            "title", _("A title can be at most %(max)d characters long.") % {"max": TITLE_MAX_LENGTH}
        )
    description = cell_text(raw.get("description"))
    if len(description) > DESCRIPTION_MAX_LENGTH:
        problems.add(
            "description",
            _("A description can be at most %(max)d characters long.") % {"max": DESCRIPTION_MAX_LENGTH},
        )
    language = cell_text(raw.get("language")).lower() or "und"
    if language != "und" and language not in language_codes():
        problems.add("language", _("Use a two-letter ISO 639-1 language code, such as id or en."))

    hs_text = cell_text(raw.get("hs_code"))
    hs_id = hs_subheading_value(hs_text, problems, hs_levels_for(hs_text)) or None if hs_text else None

    quantity = decimal_value(
        raw.get("quantity"),
        "quantity",
        problems,
        digits=QUANTITY_DIGITS,
        places=QUANTITY_PLACES,
        required=True,
    )
    if quantity is not None and quantity <= 0:
        problems.add("quantity", _("The quantity must be more than zero."))
    unit_text = cell_text(raw.get("unit"))
    unit = UNIT_WORDS.get(unit_text.lower(), "")
    if not unit_text:
        problems.add("unit", _("A value is required."))
    elif not unit:
        problems.add(
            "unit",
            _("%(value)s is not a unit we know; use one of %(units)s.")
            % {"value": unit_text, "units": ", ".join(Unit.values)},
        )
    target_price = decimal_value(
        raw.get("target_price"), "target_price", problems, digits=PRICE_DIGITS, places=PRICE_PLACES
    )
    currency = _currency(raw.get("currency"), problems, required=target_price is not None)

    destination_text = cell_text(raw.get("destination")).upper()
    destination = (
        Economy.objects.filter(iso3=destination_text, is_apec=True).values_list("iso3", flat=True).first()
    )
    if not destination_text:
        problems.add("destination", _("A value is required."))
    elif destination is None:
        problems.add(
            "destination",
            _("%(value)s is not the ISO code of an APEC economy, such as IDN.") % {"value": destination_text},
        )
    incoterm = _incoterm(raw.get("incoterm"), problems, required=False)

    wanted = raw.get("certifications") or []
    if isinstance(wanted, str):
        wanted = wanted.replace(",", " ").split()
    codes = [cell_text(code).lower() for code in wanted if cell_text(code)]
    known = set(CertificationType.objects.filter(code__in=codes).values_list("code", flat=True))
    for code in codes:
        if code not in known:
            problems.add("certifications", _("%(value)s is not a certification we know.") % {"value": code})
    deadline = _future_date(raw.get("deadline"), "deadline", problems, today, MAX_DEADLINE_DAYS)
    current_origins = _economies(raw.get("current_origins"), "current_origins", problems)

    if problems:
        return None, problems
    assert quantity is not None and deadline is not None and destination is not None
    return RequestValues(
        title=title,
        description=description,
        language=language,
        hs_id=hs_id,
        quantity=quantity,
        unit=unit,
        target_price=target_price,
        currency=currency,
        destination_id=destination,
        incoterm=incoterm,
        certifications=sorted(set(codes)),
        deadline=deadline,
        diversify=_boolean(raw.get("diversify")),
        current_origins=current_origins,
    ), problems


def clean_quote(raw: Mapping[str, Any], today: dt.date | None = None) -> tuple[QuoteValues | None, Problems]:
    today = today or dt.date.today()
    problems = Problems()
    price = decimal_value(
        raw.get("price"), "price", problems, digits=PRICE_DIGITS, places=PRICE_PLACES, required=True
    )
    if price is not None and price <= 0:
        problems.add("price", _("The price must be more than zero."))
    currency = _currency(raw.get("currency"), problems, required=True)
    incoterm = _incoterm(raw.get("incoterm"), problems, required=True)
    lead_time = whole_number(raw.get("lead_time_days"), "lead_time_days", problems)
    if lead_time is None and "lead_time_days" not in problems.by_field:
        problems.add("lead_time_days", _("A value is required."))
    elif lead_time is not None and lead_time > MAX_LEAD_TIME_DAYS:
        problems.add(
            "lead_time_days", _("A lead time can be at most %(max)d days.") % {"max": MAX_LEAD_TIME_DAYS}
        )
    valid_until = _future_date(raw.get("valid_until"), "valid_until", problems, today, MAX_VALIDITY_DAYS)
    message = cell_text(raw.get("message"))
    if len(message) > MESSAGE_MAX_LENGTH:
        problems.add(
            "message", _("A message can be at most %(max)d characters long.") % {"max": MESSAGE_MAX_LENGTH}
        )
    if problems:
        return None, problems
    assert price is not None and lead_time is not None and valid_until is not None
    return QuoteValues(price, currency, incoterm, lead_time, valid_until, message), problems


def clean_message(raw: Any) -> tuple[str, Problems]:
    problems = Problems()
    body = cell_text(raw)
    if not body:
        problems.add("body", _("Write a message."))
    elif len(body) > MESSAGE_MAX_LENGTH:
        problems.add(
            "body", _("A message can be at most %(max)d characters long.") % {"max": MESSAGE_MAX_LENGTH}
        )
    return body, problems
