"""Helpers for the importer tests: find one imported line and compare it with what the source file prints."""

from __future__ import annotations

from decimal import Decimal

from rantai.tariffs.models import TariffLine


def line(code: str, **schedule: object) -> TariffLine:
    """The one line with this national code in the schedule picked by ``schedule__…`` filters."""
    filters = {f"schedule__{name}": value for name, value in schedule.items()}
    return TariffLine.objects.select_related("schedule").get(national_code=code, **filters)


def check(
    found: TariffLine,
    rate_text: str,
    kind: str,
    ad_valorem: str | None = None,
    amount: str | None = None,
    currency: str = "",
    unit: str = "",
    per: str = "1",
) -> None:
    assert found.rate_text == rate_text
    assert found.kind == kind, (found.national_code, found.rate_text, found.kind)
    assert found.ad_valorem == (Decimal(ad_valorem) if ad_valorem is not None else None), found.ad_valorem
    assert found.specific_amount == (Decimal(amount) if amount is not None else None), found.specific_amount
    assert found.specific_currency == currency
    assert found.specific_unit == unit
    assert found.specific_per == Decimal(per)
