"""The /search/ page and the /api/v1/search endpoints."""

from __future__ import annotations

import pytest
from django.test import Client

from rantai.directory.models import VerificationStatus

from .helpers import make_org, make_product

pytestmark = pytest.mark.django_db


def test_the_page_lists_products_with_supplier_economy_badge_hs_and_quantities(client: Client) -> None:
    org = make_org(
        "Kopi Gayo Lestari", verification_status=VerificationStatus.VERIFIED, verified_agency="Kemendag"
    )
    make_product(org, "Kopi arabika Gayo", min_order="500", capacity="12000")
    response = client.get("/search/", {"q": "kopi arabika"})
    page = response.content.decode()
    assert response.status_code == 200
    for shown in (
        "Kopi arabika Gayo",
        "Kopi Gayo Lestari",
        "Indonesia",
        "Verified",
        "090111",
        "500 kg",
        "12000 kg",
    ):
        assert shown in page


def test_the_supplier_tab_lists_organisations(client: Client) -> None:
    make_org("Kopi Gayo Lestari", verification_status=VerificationStatus.VERIFIED, verified_agency="Kemendag")
    page = client.get("/search/", {"tab": "suppliers", "q": "gayo"}).content.decode()
    assert "Kopi Gayo Lestari" in page and "Verified by Kemendag" in page


def test_an_empty_result_says_so_in_indonesian(client: Client) -> None:
    page = client.get("/id/search/", {"q": "durian"}).content.decode()
    assert "Tidak ada yang cocok dengan pencarian ini" in page


def test_bad_filters_on_the_indonesian_page_are_field_errors_in_indonesian(client: Client) -> None:
    response = client.get("/id/search/", {"hs": "123", "max_min_order": "-5"})
    page = response.content.decode()
    assert response.status_code == 422
    assert "Masukkan kode HS 2, 4, atau 6 digit" in page
    assert "Jumlah ini tidak boleh negatif." in page


def test_the_api_answers_products_and_suppliers(client: Client) -> None:
    org = make_org("Kopi Gayo Lestari")
    make_product(org, "Kopi arabika Gayo")
    body = client.get("/api/v1/search/products", {"q": "arabika", "economy": "IDN"}).json()
    assert [hit["title"] for hit in body["results"]] == ["Kopi arabika Gayo"]
    assert body["results"][0]["hs6"] == "090111"
    assert body["paging"] == {"page": 1, "size": 20, "total": 1, "total_capped": False, "has_next": False}
    body = client.get("/api/v1/search/suppliers", {"q": "gayo"}).json()
    assert [hit["name"] for hit in body["results"]] == ["Kopi Gayo Lestari"]


def test_the_api_answers_bad_filters_with_422_field_errors_in_the_clients_language(client: Client) -> None:
    response = client.get(
        "/api/v1/search/products", {"economy": "XXX", "min_capacity": "-1"}, headers={"accept-language": "id"}
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_search"
    assert set(body["fields"]) == {"economy", "min_capacity"}
    assert body["fields"]["min_capacity"] == ["Jumlah ini tidak boleh negatif."]
