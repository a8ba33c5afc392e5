"""The tariff finder, the landed-cost calculator and the "where can I sell this?" panel."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.tariffs.rate_fixtures import SHRIMP, shrimp_fixture

pytestmark = pytest.mark.django_db
japan_shrimp_rows = shrimp_fixture
QUERY = {"origin": "IDN", "destination": "JPN", "hs": "0306.17", "date": "2024-06-01"}


def test_the_finder_shows_every_option_with_document_and_source(client: Client, japan_shrimp):
    page = client.get("/tariffs/", QUERY).content.decode()

    assert "MFN applied rate" in page
    assert "RCEP (ASEAN, Australia, New Zealand)" in page
    assert "RCEP certificate of origin" in page
    assert "Test customs office" in page  # the source citation
    assert "That is 1 percentage points below the MFN rate." in page


def test_the_finder_in_indonesian(client: Client, japan_shrimp):
    page = client.get("/id/tariffs/", QUERY).content.decode()

    assert '<html lang="id">' in page
    assert "Pencari tarif" in page
    assert "Dokumen asal" in page
    assert "Tarif terbaik" in page


def test_an_unknown_hs_code_is_shown_beside_its_field(client: Client):
    page = client.get("/tariffs/", {**QUERY, "hs": "030690"}).content.decode()

    assert "There is no HS 2022 subheading 030690." in page
    assert "Unknown HS code" in page


def test_an_economy_without_data_says_so_plainly(client: Client):
    page = client.get("/tariffs/", {**QUERY, "destination": "KOR"}).content.decode()

    assert "No tariff schedule is loaded for Republic of Korea." in page


def test_the_landed_cost_calculator_itemises_with_sources(client: Client, japan_shrimp):
    page = client.get("/tariffs/landed-cost/", {**QUERY, "value": "1000", "currency": "JPY",
                                                "importer_has_id": "on"}).content.decode()

    assert "Customs value" in page
    assert "1000.00 JPY" in page
    assert "Total landed cost" in page
    assert "1100.00 JPY" in page  # free under RCEP, 10% consumption tax


def test_the_markets_panel_is_a_fragment_that_lists_economies_without_data(client: Client, japan_shrimp):
    response = client.get("/tariffs/markets/", {"origin": "IDN", "hs": SHRIMP})
    page = response.content.decode()

    assert response.status_code == 200
    assert "<html" not in page
    assert "Where can I sell this?" in page
    assert page.index("Japan") < page.index("No tariff schedule is loaded for Australia")
