"""Destination ranking: duty advantage scored and explained, economies without data last."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from rantai.tariffs.brief import brief_csv, brief_pdf
from rantai.tariffs.models import Regime
from rantai.tariffs.ranking import rank_destinations
from tests.tariffs.rate_fixtures import COFFEE, free, pct, schedule

pytestmark = pytest.mark.django_db
ON = dt.date(2024, 6, 1)


def coffee_markets():
    japan = schedule("JPN", Regime.MFN)
    pct(japan, "090111000", "6")
    rcep = schedule("JPN", Regime.PREF, agreement="rcep", partners=("IDN", "VNM"))
    free(rcep, "090111000")
    usa = schedule("USA", Regime.MFN)
    free(usa, "0901110015")
    korea = schedule("KOR", Regime.MFN)
    pct(korea, "0901110000", "8")
    # Chile: loaded, but only from 2025 on.
    chile = schedule("CHL", Regime.MFN, valid_from=dt.date(2025, 1, 1))
    pct(chile, "09011100", "6")


def test_markets_are_ranked_by_duty_advantage_and_those_without_data_come_last():
    coffee_markets()

    ranks = rank_destinations("IDN", COFFEE, ON)

    assert [r.economy.iso3 for r in ranks[:3]] == ["JPN", "USA", "KOR"]
    assert len(ranks) == 20
    assert "IDN" not in [r.economy.iso3 for r in ranks]
    japan = ranks[0]
    assert japan.best.regime == "rcep"
    assert japan.answer.margin == Decimal("6")
    # Free (40) + a 6-point preference (18) + level with the best competitor, Viet Nam, also free (15).
    assert japan.score == Decimal("73.0")
    assert (japan.competitor, japan.competitor_best) == ("VNM", Decimal("0"))
    assert ranks[2].score == Decimal("39.0")  # Korea: 8% MFN (24), no preference (0), level with everyone (15)
    rest = ranks[3:]
    assert all(r.score is None for r in rest)
    assert rest[0].status == "no_schedule_for_date"
    assert rest[0].economy.iso3 == "CHL"
    assert all(r.status == "no_tariff_data" and "No tariff schedule is loaded" in r.message for r in rest[1:])


def test_every_component_is_explained_and_missing_capabilities_weigh_nothing():
    coffee_markets()

    japan = rank_destinations("IDN", COFFEE, ON)[0]

    by_key = {c.key: c for c in japan.components}
    assert set(by_key) == {"duty", "margin_mfn", "margin_competitors", "import_demand", "sourcing_requests"}
    assert by_key["import_demand"].points is None and by_key["import_demand"].max_points == 0
    assert by_key["sourcing_requests"].points is None  # no open request: no points, and it says so
    assert "No buyer on Rantai has an open request" in by_key["sourcing_requests"].explanation
    assert "(VNM, 0%)" in by_key["margin_competitors"].explanation


def test_a_competitor_with_a_better_preference_lowers_the_score():
    coffee_markets()
    before = rank_destinations("IDN", COFFEE, ON)[0].score
    rcep_china = schedule("KOR", Regime.PREF, agreement="china-korea", partners=("CHN",))
    free(rcep_china, "0901110000")

    korea = next(r for r in rank_destinations("IDN", COFFEE, ON) if r.economy.iso3 == "KOR")

    assert korea.competitor == "CHN"
    assert korea.score == Decimal("27.0")  # 8 points behind China: 30 * 2/20 = 3 instead of 15
    assert before == rank_destinations("IDN", COFFEE, ON)[0].score


def test_the_market_brief_as_csv_and_pdf():
    coffee_markets()
    ranks = rank_destinations("IDN", COFFEE, ON)

    rows = brief_csv(ranks).splitlines()
    pdf = brief_pdf(ranks)

    assert rows[0].startswith("rank,economy,name,status,score,best_regime")
    assert rows[1].startswith("1,JPN,Japan,ok,73.0,RCEP")
    assert "no_tariff_data" in rows[-1]
    assert pdf.startswith(b"%PDF")


def test_open_sourcing_requests_into_a_market_raise_its_rank():
    from tests.matching.helpers import buyer, posted

    coffee_markets()
    before = {r.economy.iso3: r.score for r in rank_destinations("IDN", COFFEE, ON)}
    osaka, owner = buyer()
    posted(osaka, owner, hs_code=COFFEE, destination="KOR")
    posted(osaka, owner, hs_code=COFFEE, destination="KOR", title="Green robusta beans")
    posted(osaka, owner, hs_code="090121", destination="KOR", title="Roasted coffee")  # same heading

    korea = next(r for r in rank_destinations("IDN", COFFEE, ON) if r.economy.iso3 == "KOR")

    component = next(c for c in korea.components if c.key == "sourcing_requests")
    assert component.points == Decimal(5)  # 2 + 2 for the subheading, 1 for the heading
    assert korea.score == before["KOR"] + 5
    assert "2 open requests" in component.explanation
