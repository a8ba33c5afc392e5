"""Economies: every ISO country, the 21 APEC members with their facts; a repeat load changes nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.forms.models import model_to_dict

from rantai.core.models import DataSource
from rantai.reference.importers import economies
from rantai.reference.models import Economy

pytestmark = pytest.mark.django_db

APEC = {"AUS", "BRN", "CAN", "CHL", "CHN", "HKG", "IDN", "JPN", "KOR", "MYS", "MEX", "NZL", "PNG", "PER",
        "PHL", "RUS", "SGP", "TWN", "THA", "USA", "VNM"}  # fmt: skip


def test_every_iso_country_is_loaded_and_exactly_the_21_apec_members_are_flagged():
    assert Economy.objects.count() == 249
    assert set(Economy.objects.filter(is_apec=True).values_list("iso3", flat=True)) == APEC


def test_apec_members_carry_their_trade_facts_and_a_named_source():
    for economy in Economy.objects.filter(is_apec=True):
        assert economy.apec_name and economy.currency and economy.languages, economy.iso3
        assert economy.facts_as_of is not None
        assert economy.source.kind == DataSource.Kind.FACTS
        assert "apec.org" in economy.source.url
    idn = Economy.objects.get(pk="IDN")
    assert (idn.currency, idn.vat_name, idn.vat_rate, idn.valuation_basis) == (
        "IDR",
        "PPN",
        Decimal("11"),
        "CIF",
    )
    assert idn.facts_need_verification  # DOMAIN.md marks the effective PPN rate "verify"
    assert Economy.objects.get(pk="AUS").valuation_basis == "FOB"
    assert Economy.objects.get(pk="NZL").vat_rate == Decimal("15")
    assert Economy.objects.get(pk="SGP").languages == ["en", "ms", "zh", "ta"]


def test_economies_without_vat_have_no_rate_but_say_why():
    for iso3 in ("BRN", "HKG", "USA"):
        economy = Economy.objects.get(pk=iso3)
        assert economy.vat_rate is None
        assert economy.vat_note


def test_apec_usage_names_chinese_taipei_and_hong_kong_china():
    twn = Economy.objects.get(pk="TWN")
    assert twn.name_en == "Taiwan, Province of China"  # ISO's name is kept for matching files
    assert twn.apec_name == "Chinese Taipei"
    assert str(twn) == "Chinese Taipei"
    assert Economy.objects.get(pk="HKG").display_name == "Hong Kong, China"
    assert Economy.objects.get(pk="KOR").apec_name == "Republic of Korea"


def test_indonesian_names_come_from_facts_for_apec_and_from_iso_translations_otherwise():
    assert Economy.objects.get(pk="IDN").name_id == "Indonesia"
    assert Economy.objects.get(pk="JPN").name_id == "Jepang"
    assert Economy.objects.get(pk="NLD").name_id == "Belanda"  # not APEC: pycountry's Indonesian catalogue
    assert Economy.objects.get(pk="NLD").source.kind == DataSource.Kind.PACKAGE


def test_iso_numeric_codes_are_zero_padded_for_matching_official_files():
    assert Economy.objects.get(pk="AUS").iso_numeric == "036"


def test_second_load_changes_nothing():
    before = {e.pk: model_to_dict(e) for e in Economy.objects.all()}
    sources = DataSource.objects.count()
    report = economies.load()
    assert report[0] == "Economies: 249 (21 APEC), 0 created, 0 changed"
    assert {e.pk: model_to_dict(e) for e in Economy.objects.all()} == before
    assert DataSource.objects.count() == sources


def test_a_hand_edited_fact_is_restored_and_reported():
    Economy.objects.filter(pk="THA").update(vat_rate=Decimal("10"), currency="USD")
    report = economies.load()
    assert "1 changed" in report[0]
    assert report[1] == "  THA: currency, vat_rate"
    assert Economy.objects.get(pk="THA").vat_rate == Decimal("7")
