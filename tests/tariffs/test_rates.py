"""Rate logic: which regimes an origin can claim on a date, the best of them and what it saves."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rantai.core.errors import RantaiError
from rantai.reference.models import AgreementParty
from rantai.tariffs.models import RateKind, Regime
from rantai.tariffs.rates import (
    NoScheduleForDate,
    NoTariffData,
    NoTariffLine,
    UnitValue,
    applicable_rates,
    best_preferential_rate,
    convert,
)
from tests.tariffs.rate_fixtures import SHRIMP, exchange_rate, free, line, pct, schedule, shrimp_fixture

japan_shrimp_rows = shrimp_fixture

pytestmark = pytest.mark.django_db


def regimes(answer):
    return [o.regime for o in answer.options]


def test_rcep_is_offered_from_the_day_it_entered_into_force_for_indonesia(japan_shrimp):
    answer = applicable_rates("IDN", "JPN", SHRIMP, on=dt.date(2023, 1, 2))

    assert regimes(answer) == ["MFN", "rcep"]
    rcep = answer.options[1]
    assert rcep.partner_group == "ASEAN, Australia, New Zealand"
    assert rcep.document.startswith("RCEP certificate of origin")
    assert answer.best is rcep
    assert answer.margin == Decimal("1")


def test_rcep_is_not_offered_the_day_before(japan_shrimp):
    answer = applicable_rates("IDN", "JPN", SHRIMP, on=dt.date(2023, 1, 1))

    assert regimes(answer) == ["MFN"]
    assert answer.best is answer.mfn
    assert answer.margin == 0
    assert [n.regime for n in answer.not_offered] == ["rcep"]
    assert "not in force for Indonesia on 2023-01-01" in answer.not_offered[0].reason


def test_an_origin_gets_its_own_partner_groups_column(japan_shrimp):
    answer = applicable_rates("CHN", "JPN", SHRIMP, on=dt.date(2024, 1, 1))

    assert [(o.regime, o.partner_group, o.rate_text) for o in answer.preferences] == [("rcep", "CHN", "0.5%")]


def test_every_agreement_in_force_for_both_is_offered_lowest_first(japan_shrimp):
    ijepa = schedule("JPN", Regime.PREF, agreement="ijepa", partners=("IDN",))
    pct(ijepa, "030617010", "0.3")
    pct(ijepa, "030617090", "0.3")

    before_rcep = applicable_rates("IDN", "JPN", SHRIMP, on=dt.date(2023, 1, 1))
    after_rcep = applicable_rates("IDN", "JPN", SHRIMP, on=dt.date(2024, 6, 1))

    assert regimes(before_rcep) == ["MFN", "ijepa"]
    assert before_rcep.best.regime == "ijepa"
    assert before_rcep.best.document == "Form IJEPA"
    assert before_rcep.margin == Decimal("0.7")
    assert regimes(after_rcep) == ["MFN", "rcep", "ijepa"]
    assert after_rcep.best.regime == "rcep"


def test_a_withdrawn_party_is_offered_nothing(japan_shrimp):
    AgreementParty.objects.filter(agreement__code="rcep", economy_id="IDN").update(withdrawn_on=dt.date(2025, 1, 1))

    assert regimes(applicable_rates("IDN", "JPN", SHRIMP, on=dt.date(2024, 12, 31))) == ["MFN", "rcep"]
    assert regimes(applicable_rates("IDN", "JPN", SHRIMP, on=dt.date(2025, 1, 1))) == ["MFN"]


def test_a_lapsed_gsp_programme_is_not_offered_but_named(japan_shrimp):
    gsp = schedule("JPN", Regime.GSP, partners=("IDN",), label="GSP", valid_from=dt.date(2019, 1, 1),
                   valid_to=dt.date(2022, 12, 31))
    free(gsp, "030617010")
    free(gsp, "030617090")

    in_force = applicable_rates("IDN", "JPN", SHRIMP, on=dt.date(2022, 6, 1))
    lapsed = applicable_rates("IDN", "JPN", SHRIMP, on=dt.date(2023, 1, 1))

    assert regimes(in_force) == ["MFN", "GSP"]
    assert "GSP" not in regimes(lapsed)
    assert any(n.regime == "GSP" and "2022-12-31" in n.reason for n in lapsed.not_offered)


def test_a_programme_printed_but_never_in_effect_is_not_offered(japan_shrimp):
    # How the USITC HTS keeps US GSP: still in the "special" column, not in effect since 2020.
    gsp = schedule("JPN", Regime.GSP, partners=("IDN",), valid_from=dt.date(2022, 1, 1),
                   valid_to=dt.date(2020, 12, 31))
    free(gsp, "030617010")

    answer = applicable_rates("IDN", "JPN", SHRIMP, on=dt.date(2024, 1, 1))

    assert "GSP" not in regimes(answer)
    assert any(n.regime == "GSP" for n in answer.not_offered)


def test_a_date_before_any_schedule_is_no_schedule_for_that_date(japan_shrimp):
    with pytest.raises(NoScheduleForDate) as caught:
        applicable_rates("IDN", "JPN", SHRIMP, on=dt.date(2021, 12, 31))

    assert caught.value.code == "no_schedule_for_date"
    assert "no schedule for that date" in str(caught.value.message)


def test_a_newer_mfn_schedule_takes_over_from_its_date(japan_shrimp):
    japan_shrimp["mfn"].valid_to = dt.date(2025, 3, 31)
    japan_shrimp["mfn"].save(update_fields=["valid_to"])
    newer = schedule("JPN", Regime.MFN, valid_from=dt.date(2025, 4, 1))
    pct(newer, "030617010", "4")
    pct(newer, "030617090", "4")

    assert applicable_rates("IDN", "JPN", SHRIMP, on=dt.date(2025, 3, 31)).mfn.rate_text == "1%"
    assert applicable_rates("IDN", "JPN", SHRIMP, on=dt.date(2025, 4, 1)).mfn.rate_text == "4%"


def test_an_economy_without_schedules_says_no_data_is_loaded():
    with pytest.raises(NoTariffData) as caught:
        applicable_rates("IDN", "KOR", SHRIMP, on=dt.date(2024, 1, 1))

    assert "No tariff schedule is loaded for Republic of Korea" in str(caught.value.message)


def test_a_subheading_missing_from_the_schedule_is_said_plainly(japan_shrimp):
    with pytest.raises(NoTariffLine):
        applicable_rates("IDN", "JPN", "090111", on=dt.date(2024, 1, 1))


def test_lines_that_differ_give_a_range_and_every_line():
    mfn = schedule("JPN", Regime.MFN)
    pct(mfn, "030617010", "3.5")
    pct(mfn, "030617090", "5")

    answer = applicable_rates("IDN", "JPN", SHRIMP, on=dt.date(2024, 1, 1))

    assert answer.mfn.rate_text == "3.5%\N{EN DASH}5%"
    assert answer.mfn.ad_valorem is None
    assert (answer.mfn.min_percent, answer.mfn.max_percent) == (Decimal("3.5"), Decimal("5"))
    assert [ln.national_code for ln in answer.mfn.lines] == ["030617010", "030617090"]
    assert any("different rates" in note for note in answer.notes)


def specific_japan():
    mfn = schedule("JPN", Regime.MFN)
    line(mfn, "030617010", "10円/kg", RateKind.SPECIFIC, specific="10", currency="JPY", unit="kg")
    rcep = schedule("JPN", Regime.PREF, agreement="rcep", partners=("IDN",))
    pct(rcep, "030617010", "2")


def test_a_specific_duty_gets_its_ave_from_a_unit_value():
    specific_japan()
    exchange_rate("JPY", "150", dt.date(2024, 5, 31))
    exchange_rate("JPY", "999", dt.date(2024, 6, 2))  # after the date asked: not used

    answer = applicable_rates("IDN", "JPN", SHRIMP, on=dt.date(2024, 6, 1),
                              unit_value=UnitValue(Decimal("2"), "USD", "kg"))

    # 10 JPY/kg = 0.0667 USD/kg on a 2 USD/kg good: 3.3333%
    assert answer.mfn.lines[0].ave == Decimal("3.3333")
    assert answer.best.regime == "rcep"
    assert answer.margin == Decimal("1.3333")


def test_without_a_unit_value_a_specific_rate_is_not_compared():
    specific_japan()

    answer = applicable_rates("IDN", "JPN", SHRIMP, on=dt.date(2024, 6, 1))

    assert answer.best is None
    assert answer.margin is None
    assert "unit value" in answer.mfn.lines[0].ave_note


def test_an_ave_needs_a_loaded_exchange_rate():
    specific_japan()

    answer = applicable_rates("IDN", "JPN", SHRIMP, on=dt.date(2024, 6, 1),
                              unit_value=UnitValue(Decimal("2"), "USD"))

    assert answer.mfn.lines[0].ave is None
    assert "No exchange rate for JPY" in answer.mfn.lines[0].ave_note


def test_conversion_uses_the_nearest_earlier_rate_of_both_currencies():
    exchange_rate("IDR", "16000", dt.date(2024, 1, 1))
    exchange_rate("JPY", "150", dt.date(2024, 1, 3))

    conversion = convert(Decimal("1000"), "JPY", "IDR", dt.date(2024, 1, 5))

    assert conversion.amount.quantize(Decimal("0.01")) == Decimal("106666.67")
    assert conversion.rate_date == dt.date(2024, 1, 1)


def test_unknown_economy_and_hs_code_are_field_errors():
    with pytest.raises(RantaiError) as economy:
        applicable_rates("XXX", "JPN", SHRIMP)
    with pytest.raises(RantaiError) as code:
        applicable_rates("IDN", "JPN", "030690")

    assert (economy.value.status, list(economy.value.fields)) == (422, ["origin"])
    assert (code.value.status, list(code.value.fields)) == (422, ["hs"])


def test_best_preferential_rate_is_the_lowest_claimable(japan_shrimp):
    best = best_preferential_rate("IDN", "JPN", "0306.17", on=dt.date(2024, 1, 1))

    assert (best.regime, best.ad_valorem) == ("rcep", Decimal("0"))


def test_the_lookup_asks_a_fixed_number_of_queries(japan_shrimp):
    with CaptureQueriesContext(connection) as few:
        applicable_rates("IDN", "JPN", SHRIMP, on=dt.date(2024, 1, 1))
    more_lines = schedule("JPN", Regime.PREF, agreement="ajcep", partners=("IDN",))
    for n in range(5):
        pct(more_lines, f"03061701{n}", "0")

    with CaptureQueriesContext(connection) as many:
        applicable_rates("IDN", "JPN", SHRIMP, on=dt.date(2024, 1, 1))

    assert len(many) == len(few) <= 9
