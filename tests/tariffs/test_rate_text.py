"""The shared rate-text parser: what each printed rate means, and what it refuses to guess."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rantai.tariffs.rate_text import parse_number, parse_rate

D = Decimal


@pytest.mark.parametrize(
    ("text", "kind", "ad_valorem", "amount", "currency", "unit", "per"),
    [
        ("Free", "FREE", D(0), None, "", "", D(1)),
        ("無税", "FREE", D(0), None, "", "", D(1)),
        ("6.5% ", "AD_VALOREM", D("6.5"), None, "", "", D(1)),
        ("1.5¢/kg", "SPECIFIC", None, D("0.015"), "USD", "kg", D(1)),
        ("$1.99/pf. liter", "SPECIFIC", None, D("1.99"), "USD", "pf_l", D(1)),
        ("0.9¢ each", "SPECIFIC", None, D("0.009"), "USD", "piece", D(1)),
        ("2.8¢/doz.", "SPECIFIC", None, D("0.028"), "USD", "dozen", D(1)),
        ("90¢/pr. + 37.5%", "COMPOUND", D("37.5"), D("0.9"), "USD", "pair", D(1)),
        ("$1.035/kg + 2.2%", "COMPOUND", D("2.2"), D("1.035"), "USD", "kg", D(1)),
        ("35%\uff0b120円/kg", "COMPOUND", D(35), D(120), "JPY", "kg", D(1)),
        ("8.5%\uff0b290.70円/1,000本", "COMPOUND", D("8.5"), D("290.70"), "JPY", "piece", D(1000)),
        ("424.55円/kl", "SPECIFIC", None, D("424.55"), "JPY", "l", D(1000)),
        ("4,000,000円/頭", "SPECIFIC", None, D(4000000), "JPY", "head", D(1)),
        ("2.8%又は20円/kgのうちいずれか高い税率", "MIXED_MAX", D("2.8"), D(20), "JPY", "kg", D(1)),
        ("2.6%又は8.96円/kgのうちいずれか低い税率", "MIXED_MIN", D("2.6"), D("8.96"), "JPY", "kg", D(1)),
        ("6.32%又は104円/㎡のうちいずれか高い税率", "MIXED_MAX", D("6.32"), D(104), "JPY", "m2", D(1)),
        ("Rp 450/kg", "SPECIFIC", None, D(450), "IDR", "kg", D(1)),
    ],
)
def test_printed_rates(text: str, kind: str, ad_valorem: Decimal | None, amount: Decimal | None, currency: str,
                       unit: str, per: Decimal) -> None:  # fmt: skip
    rate = parse_rate(text)
    assert (rate.kind, rate.ad_valorem, rate.specific_amount) == (kind, ad_valorem, amount)
    assert (rate.specific_currency, rate.specific_unit, rate.specific_per) == (currency, unit, per)


@pytest.mark.parametrize(
    "text",
    [
        "The duty provided in the applicable subheading + 25%",
        "3.7¢/kg on drained weight",
        "1.7%又は1.3%\uff0b0.46円/㎡のうちいずれか高い税率",
        "(490円\u2212課税価格)/kg",
        "関税割当数量以内のもの\u3000無税\nその他のもの\u300010%",
        "See 9822.04.01",
        "",
        "5 per kg",  # no currency sign and none given: not guessed
    ],
)
def test_what_cannot_be_represented_is_other(text: str) -> None:
    rate = parse_rate(text)
    assert rate.kind == "OTHER" and rate.ad_valorem is None and rate.specific_amount is None


def test_btki_numbers_with_indonesian_separators() -> None:
    btki = {"currency": "IDR", "bare_is_percent": True, "thousands_dot": True}
    assert parse_rate("12,5", **btki).ad_valorem == D("12.5")
    assert parse_rate("7.5", **btki).ad_valorem == D("7.5")
    assert parse_rate("0", **btki).kind == "FREE"
    special = parse_rate("21.450,-/menit", **btki)
    assert (special.specific_amount, special.specific_unit) == (D(21450), "minute")
    assert parse_rate("12,5").kind == "OTHER"  # a bare number is a percentage only where the caller says so
    assert parse_number("21.450") == D("21.45") and parse_number("21.450", thousands_dot=True) == D(21450)
    assert parse_number("1,204") == D(1204)
