"""Landed cost: customs value on the destination's basis, duty, import taxes and conversion, itemised."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from rantai.core.errors import RantaiError
from rantai.tariffs.landed_cost import landed_cost
from rantai.tariffs.models import RateKind, Regime
from tests.tariffs.rate_fixtures import (
    COFFEE,
    SHRIMP,
    exchange_rate,
    import_tax,
    line,
    line_tax,
    pct,
    schedule,
    shrimp_fixture,
)

pytestmark = pytest.mark.django_db
japan_shrimp_rows = shrimp_fixture
ON = dt.date(2024, 6, 1)


def test_a_cif_economy_values_fob_plus_freight_and_insurance(japan_shrimp):
    exchange_rate("JPY", "150", dt.date(2024, 5, 31))

    cost = landed_cost("IDN", "JPN", SHRIMP, fob=Decimal("10000"), currency="USD", freight=Decimal("800"),
                       insurance=Decimal("50"), on=ON, regime="MFN")

    assert cost.currency == "JPY"
    assert cost.valuation_basis == "CIF"
    assert cost.item("conversion").rate == Decimal("150")
    assert cost.item("customs_value").amount == Decimal("1627500.00")
    assert cost.item("duty").amount == Decimal("16275.00")  # MFN 1%
    # No ImportTax rows for Japan: the consumption tax from the economy facts, on customs value + duty.
    tax = cost.item("tax:CONSUMPTION TAX")
    assert tax.amount == Decimal("164377.50")
    assert "not loaded" in tax.note
    assert cost.total == Decimal("1627500.00") + Decimal("16275.00") + Decimal("164377.50")


def test_an_fob_economy_values_the_fob_price_only():
    mfn = schedule("AUS", Regime.MFN)
    pct(mfn, "03061700", "5")
    exchange_rate("AUD", "1.5", dt.date(2024, 1, 1))

    cost = landed_cost("IDN", "AUS", SHRIMP, fob=Decimal("1000"), currency="USD", freight=Decimal("100"),
                       insurance=Decimal("10"), on=ON)

    assert cost.valuation_basis == "FOB"
    assert cost.item("customs_value").amount == Decimal("1500.00")
    assert cost.item("duty").amount == Decimal("75.00")
    assert cost.item("tax:GST").amount == Decimal("157.50")  # 10% of 1500 + 75
    assert cost.total == Decimal("1500") + Decimal("150") + Decimal("15") + Decimal("75") + Decimal("157.50")


def indonesian_coffee():
    btki = schedule("IDN", Regime.MFN)
    coffee = pct(btki, "09011110", "5")
    line_tax(coffee, "PPNBM", "10")
    import_tax("IDN", "PPN", "11", name="Pajak Pertambahan Nilai")
    import_tax("IDN", "PPNBM", "0", name="Pajak Penjualan atas Barang Mewah")
    import_tax("IDN", "PPH22", "2.5", name="PPh Pasal 22 impor", conditions="importer_has_id")
    import_tax("IDN", "PPH22", "7.5", name="PPh Pasal 22 impor", conditions="importer_without_id")


def test_indonesian_taxes_ppn_ppnbm_and_pph22_with_an_importer_id():
    indonesian_coffee()

    cost = landed_cost("VNM", "IDN", COFFEE, fob=Decimal("1000"), currency="IDR", on=ON)

    assert cost.item("duty").amount == Decimal("50.00")
    assert cost.item("tax:PPN").amount == Decimal("115.50")  # 11% of 1050
    assert cost.item("tax:PPNBM").amount == Decimal("105.00")  # the line's 10%
    assert cost.item("tax:PPH22").amount == Decimal("26.25")  # 2.5% of 1050
    assert all(item.source for item in cost.lines if item.key.startswith("tax:"))


def test_pph22_is_higher_without_an_importer_id():
    indonesian_coffee()

    cost = landed_cost("VNM", "IDN", COFFEE, fob=Decimal("1000"), currency="IDR", on=ON, importer_has_id=False)

    assert cost.item("tax:PPH22").amount == Decimal("78.75")


def test_a_missing_exchange_rate_is_a_line_not_a_zero(japan_shrimp):
    cost = landed_cost("IDN", "JPN", SHRIMP, fob=Decimal("100"), currency="EUR", on=ON)

    assert cost.item("conversion").status == "not_loaded"
    assert cost.item("conversion").amount is None
    assert cost.total is None
    assert not cost.complete


def test_a_specific_duty_needs_the_quantity_and_converts_its_currency():
    mfn = schedule("JPN", Regime.MFN)
    line(mfn, "030617010", "10円/kg", RateKind.SPECIFIC, specific="10", currency="JPY", unit="kg")
    exchange_rate("JPY", "150", dt.date(2024, 1, 1))

    without = landed_cost("IDN", "JPN", SHRIMP, fob=Decimal("1000"), currency="USD", on=ON)
    with_quantity = landed_cost("IDN", "JPN", SHRIMP, fob=Decimal("1000"), currency="USD", on=ON,
                                quantity=Decimal("500"))

    assert without.item("duty").status == "not_computable"
    assert "give the quantity" in without.item("duty").note
    assert with_quantity.item("duty").amount == Decimal("5000.00")  # 10 JPY times 500 kg


def test_a_regime_that_does_not_apply_is_a_field_error(japan_shrimp):
    with pytest.raises(RantaiError) as caught:
        landed_cost("IDN", "JPN", SHRIMP, fob=Decimal("100"), currency="JPY", on=dt.date(2023, 1, 1), regime="rcep")

    assert caught.value.status == 422
    assert list(caught.value.fields) == ["regime"]


def test_a_fresh_install_knows_indonesias_import_taxes_from_the_projects_facts():
    # No import_tax() rows here: PPN and PPh 22 come from tariffs/facts/import_taxes.toml (load-reference).
    btki = schedule("IDN", Regime.MFN)
    pct(btki, "09011110", "5")

    with_id = landed_cost("VNM", "IDN", COFFEE, fob=Decimal("1000"), currency="IDR", on=ON)
    without_id = landed_cost("VNM", "IDN", COFFEE, fob=Decimal("1000"), currency="IDR", on=ON, importer_has_id=False)

    assert with_id.item("tax:PPN").amount == Decimal("115.50")  # 11% of 1050
    assert with_id.item("tax:PPH22").amount == Decimal("26.25")  # 2.5% with an importer identification number
    assert without_id.item("tax:PPH22").amount == Decimal("78.75")  # 7.5% without
    assert "131/2024" in with_id.item("tax:PPN").source and "34/PMK.010/2017" in with_id.item("tax:PPH22").source
