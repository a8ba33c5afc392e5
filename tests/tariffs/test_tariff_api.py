"""/api/v1/tariffs/rates, /tariffs/landed-cost and /markets: answers and 422 field errors."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.tariffs.rate_fixtures import SHRIMP, shrimp_fixture

pytestmark = pytest.mark.django_db
japan_shrimp_rows = shrimp_fixture


def test_rates_answer_with_mfn_best_and_options(client: Client, japan_shrimp):
    body = client.get("/api/v1/tariffs/rates", {"origin": "IDN", "destination": "JPN", "hs": SHRIMP,
                                                "date": "2023-01-02"}).json()

    assert body["mfn"]["rate_text"] == "1%"
    assert body["best"]["regime"] == "rcep"
    assert body["margin"] == 1.0
    assert body["best"]["source"]


@pytest.mark.parametrize(("params", "field"), [
    ({"origin": "XXX", "destination": "JPN", "hs": SHRIMP}, "origin"),
    ({"origin": "IDN", "destination": "ZZ", "hs": SHRIMP}, "destination"),
    ({"origin": "IDN", "destination": "JPN", "hs": "030690"}, "hs"),
    ({"origin": "ID\x00", "destination": "JPN", "hs": SHRIMP}, "origin"),
    ({"origin": "IDN", "destination": "JPN", "hs": "0306\x0017"}, "hs"),
])
def test_unknown_economy_or_hs_code_is_a_422_naming_the_field(client: Client, params, field):
    response = client.get("/api/v1/tariffs/rates", params)

    assert response.status_code == 422
    body = response.json()
    assert set(body) == {"code", "message", "fields"}
    assert list(body["fields"]) == [field]


def test_a_date_without_a_schedule_is_a_404_saying_so(client: Client, japan_shrimp):
    response = client.get("/api/v1/tariffs/rates", {"origin": "IDN", "destination": "JPN", "hs": SHRIMP,
                                                    "date": "2019-05-01"})

    assert response.status_code == 404
    assert response.json()["code"] == "no_schedule_for_date"


def test_landed_cost_is_itemised(client: Client, japan_shrimp):
    body = client.get("/api/v1/tariffs/landed-cost", {
        "origin": "IDN", "destination": "JPN", "hs": SHRIMP, "value": "1000", "currency": "JPY",
        "date": "2024-06-01", "regime": "MFN"}).json()

    assert body["currency"] == "JPY"
    duty = next(line for line in body["lines"] if line["key"] == "duty")
    assert (duty["amount"], duty["rate"], duty["status"]) == ("10.00", "1", "ok")
    assert duty["source"]


def test_landed_cost_validates_amounts(client: Client):
    response = client.get("/api/v1/tariffs/landed-cost", {
        "origin": "IDN", "destination": "JPN", "hs": SHRIMP, "value": "-5"})

    assert response.status_code == 422
    assert "value" in response.json()["fields"]


def test_markets_rank_every_other_apec_economy(client: Client, japan_shrimp):
    rows = client.get("/api/v1/markets", {"origin": "IDN", "hs": SHRIMP, "date": "2024-06-01"}).json()

    assert len(rows) == 20
    assert rows[0]["economy"] == "JPN" and rows[0]["score"] is not None
    assert rows[1]["status"] == "no_tariff_data"


def test_markets_unknown_origin_is_a_422(client: Client):
    response = client.get("/api/v1/markets", {"origin": "QQQ", "hs": SHRIMP})

    assert response.status_code == 422
    assert list(response.json()["fields"]) == ["origin"]


def test_market_brief_downloads(client: Client, japan_shrimp):
    csv = client.get("/api/v1/markets/brief", {"origin": "IDN", "hs": SHRIMP, "date": "2024-06-01"})
    pdf = client.get("/api/v1/markets/brief", {"origin": "IDN", "hs": SHRIMP, "date": "2024-06-01",
                                               "format": "pdf"})

    assert csv["Content-Type"].startswith("text/csv")
    assert b"JPN" in csv.content
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
