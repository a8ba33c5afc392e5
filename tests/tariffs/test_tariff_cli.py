"""``rantai tariff`` and ``rantai markets``: the JSON contracts other tools rely on, and failing exit codes."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from rantai.tariffs.models import Regime
from tests.subprocess_env import rantai
from tests.tariffs.rate_fixtures import SHRIMP, exchange_rate, free, pct, schedule, shrimp_fixture

japan_shrimp_rows = shrimp_fixture
REGIME_KEYS = {"regime", "rate_text", "ad_valorem", "document", "lines"}


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_tariff_json_has_mfn_best_and_every_option(japan_shrimp):
    data = json.loads(run("tariff", "--from", "IDN", "--to", "JPN", "--hs", SHRIMP, "--date", "2024-01-01", "--json"))

    assert set(data["mfn"]) >= REGIME_KEYS
    assert set(data["best"]) >= REGIME_KEYS
    assert [o["regime"] for o in data["options"]] == ["MFN", "rcep"]
    assert data["mfn"]["ad_valorem"] == 1.0
    assert data["best"]["regime"] == "rcep"
    assert data["best"]["ad_valorem"] == 0.0
    assert data["best"]["document"].startswith("RCEP certificate")
    assert [ln["national_code"] for ln in data["best"]["lines"]] == ["030617010", "030617090"]
    assert "landed_cost" not in data


@pytest.mark.django_db
def test_tariff_with_a_value_adds_the_landed_cost(japan_shrimp):
    exchange_rate("JPY", "150", __import__("datetime").date(2024, 1, 1))

    data = json.loads(run("tariff", "--from", "IDN", "--to", "JPN", "--hs", "0306.17", "--date", "2024-06-01",
                          "--value", "10000", "--currency", "USD", "--json"))

    cost = data["landed_cost"]
    assert cost["currency"] == "JPY"
    assert cost["regime"] == "rcep"
    assert [line["key"] for line in cost["lines"]][:5] == ["conversion", "fob", "freight", "insurance", "customs_value"]
    assert cost["total"] == "1650000.00"  # 1,500,000 JPY free of duty + 10% consumption tax


@pytest.mark.django_db
def test_unknown_economy_or_code_fails_with_a_message():
    with pytest.raises(CommandError, match="no economy with the ISO code XYZ"):
        run("tariff", "--from", "XYZ", "--to", "JPN", "--hs", SHRIMP)
    with pytest.raises(CommandError, match="no HS 2022 subheading 123"):
        run("markets", "--from", "IDN", "--hs", "123")


@pytest.mark.django_db
def test_a_date_before_any_schedule_fails_plainly(japan_shrimp):
    with pytest.raises(CommandError, match="no schedule for that date"):
        run("tariff", "--from", "IDN", "--to", "JPN", "--hs", SHRIMP, "--date", "2020-01-01")


@pytest.mark.django_db
def test_markets_json_lists_destinations_in_rank_order():
    japan = schedule("JPN", Regime.MFN)
    pct(japan, "090111000", "6")
    usa = schedule("USA", Regime.MFN)
    free(usa, "0901110015")

    rows = json.loads(run("markets", "--from", "IDN", "--hs", "090111", "--date", "2024-06-01", "--json"))

    assert [r["economy"] for r in rows[:2]] == ["USA", "JPN"]
    assert all({"economy", "best", "score"} <= set(r) for r in rows)
    assert rows[0]["best"]["ad_valorem"] == 0.0
    assert rows[0]["score"] > rows[1]["score"]
    assert rows[-1]["score"] is None and rows[-1]["best"] is None
    assert rows[-1]["status"] == "no_tariff_data"


@pytest.mark.django_db
def test_the_real_command_prints_json_and_fails_with_a_nonzero_exit():
    # The subprocess sees committed rows only: the session's reference data, and no tariff schedule.
    ok = rantai("markets", "--from", "IDN", "--hs", "0901.11", "--date", "2026-06-01", "--json")
    no_data = rantai("tariff", "--from", "IDN", "--to", "JPN", "--hs", "090111", "--json")
    bad = rantai("tariff", "--from", "IDN", "--to", "JPN", "--hs", "12")

    assert ok.returncode == 0, ok.stderr
    rows = json.loads(ok.stdout)
    assert len(rows) == 20
    assert all({"economy", "best", "score"} <= set(r) for r in rows)
    assert {(r["status"], r["score"]) for r in rows} == {("no_tariff_data", None)}
    assert no_data.returncode != 0
    assert "No tariff schedule is loaded for Japan" in no_data.stderr
    assert bad.returncode != 0
    assert "no HS 2022 subheading 12" in bad.stderr
