"""/api/v1 products: members manage their catalogue with a token; the public reads published products."""

from __future__ import annotations

import io

import pytest

from rantai.catalogue.models import Product
from tests.catalogue.helpers import make_product, photo_bytes, product_row, write_xlsx
from tests.factories import api_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def headers(member):
    _token, secret = api_token(member)
    return {"Authorization": f"Bearer {secret}"}


def test_create_publish_and_read_a_product(client, organisation, headers):
    payload = {k: v for k, v in product_row("API-1", status=None).items() if v not in ("", None)}
    payload["incoterms"] = ["CIF", "FOB"]
    created = client.post(
        f"/api/v1/organisations/{organisation.pk}/products", payload, content_type="application/json", headers=headers
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["status"], body["hs_code"], body["incoterms"]) == ("draft", "090111", ["FOB", "CIF"])

    assert client.get(f"/api/v1/products/{body['id']}").status_code == 404
    assert client.get(f"/api/v1/products/{body['id']}", headers=headers).status_code == 200
    assert client.get("/api/v1/products").json() == []

    published = client.post(f"/api/v1/products/{body['id']}/publish", headers=headers)
    assert published.json()["status"] == "published"
    public = client.get("/api/v1/products").json()
    assert [p["sku"] for p in public] == ["API-1"]


def test_field_errors_in_the_clients_language(client, organisation, headers):
    payload = {**product_row("API-2", hs_code="010199", min_order=-1, status=None), "incoterms": ["FOB"]}
    response = client.post(
        f"/api/v1/organisations/{organisation.pk}/products",
        {k: v for k, v in payload.items() if v is not None},
        content_type="application/json",
        headers={**headers, "Accept-Language": "id"},
    )
    assert response.status_code == 400
    fields = response.json()["fields"]
    assert fields["hs_code"] == ["010199 bukan kode dalam nomenklatur HS 2022."]
    assert fields["min_order"] == ["Nilainya tidak boleh negatif."]
    assert not Product.objects.exists()


def test_patch_changes_only_the_fields_sent(client, organisation, member, headers):
    product = make_product(organisation, member)
    response = client.patch(
        f"/api/v1/products/{product.pk}", {"price_max": "150000"}, content_type="application/json", headers=headers
    )
    assert response.status_code == 200
    product.refresh_from_db()
    assert product.price_max == 150000
    assert product.title == "Kopi arabika Gayo grade 1"


def test_import_refused_lists_problems_keyed_by_row_and_field(client, organisation, headers, tmp_path):
    path = write_xlsx(tmp_path / "bad.xlsx", [product_row("A"), product_row("B", min_order=-2, unit="sack")])
    with path.open("rb") as upload:
        response = client.post(
            f"/api/v1/organisations/{organisation.pk}/catalogue/import", {"file": upload}, headers=headers
        )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "catalogue_import_refused"
    assert set(body["fields"]) == {"row 3: min_order", "row 3: unit"}
    assert not Product.objects.exists()

    good = write_xlsx(tmp_path / "good.xlsx", [product_row("A"), product_row("B")])
    with good.open("rb") as upload:
        response = client.post(
            f"/api/v1/organisations/{organisation.pk}/catalogue/import", {"file": upload}, headers=headers
        )
    assert response.status_code == 200
    assert (response.json()["created"], response.json()["unchanged"]) == (2, 0)


def test_photo_upload_and_export(client, organisation, member, headers):
    product = make_product(organisation, member)
    upload = io.BytesIO(photo_bytes("PNG", (640, 480)))
    upload.name = "p.png"
    response = client.post(f"/api/v1/products/{product.pk}/photos", {"image": upload}, headers=headers)
    assert response.status_code == 201
    assert (response.json()["width"], response.json()["height"]) == (640, 480)

    export = client.get(f"/api/v1/organisations/{organisation.pk}/catalogue/export?format=csv", headers=headers)
    assert export.status_code == 200
    assert "GAYO-1" in export.content.decode("utf-8-sig")


def test_product_routes_need_a_token(client, organisation):
    assert client.post(f"/api/v1/organisations/{organisation.pk}/products", {}, content_type="application/json").status_code == 401


@pytest.mark.parametrize("query", ["limit=0", "limit=101", "offset=-1", "offset=99999999999999999999999", "organisation=x"])
def test_public_list_refuses_out_of_range_paging_with_a_field_error(client, query):
    response = client.get(f"/api/v1/products?{query}")
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"
