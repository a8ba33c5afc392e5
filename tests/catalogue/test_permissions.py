"""A member of another organisation gets 403 on every catalogue page and endpoint, and changes nothing."""

from __future__ import annotations

import io

import pytest

from rantai.catalogue.actions import add_photo
from rantai.catalogue.models import Product, ProductPhoto
from tests.catalogue.helpers import make_product, photo_bytes, product_row, write_csv
from tests.factories import api_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def product(organisation, member):
    return make_product(organisation, member, status="draft")


@pytest.fixture
def photo(product, member):
    return add_photo(product, member, io.BytesIO(photo_bytes()))


def _upload(tmp_path):
    return write_csv(tmp_path / "x.csv", [product_row("NEW-1")]).open("rb")


def _image():
    upload = io.BytesIO(photo_bytes())
    upload.name = "p.jpg"
    return upload


PAGES = [
    ("get", "/catalogue/?org={org}", None),
    ("get", "/catalogue/new/?org={org}", None),
    ("post", "/catalogue/new/", "create"),
    ("get", "/catalogue/import/?org={org}", None),
    ("post", "/catalogue/import/", "import"),
    ("get", "/catalogue/export.csv?org={org}", None),
    ("get", "/catalogue/export.xlsx?org={org}", None),
    ("get", "/catalogue/{product}/", None),
    ("post", "/catalogue/{product}/", "create"),
    ("post", "/catalogue/{product}/publish/", None),
    ("post", "/catalogue/{product}/unpublish/", None),
    ("post", "/catalogue/{product}/delete/", None),
    ("post", "/catalogue/{product}/photos/", "image"),
    ("post", "/catalogue/{product}/photos/{photo}/remove/", None),
    ("post", "/catalogue/{product}/translations/", "translation"),
]


@pytest.mark.parametrize(("method", "url", "body"), PAGES, ids=[f"{m} {u}" for m, u, _b in PAGES])
def test_pages_answer_403_to_another_organisations_member(
    client, organisation, outsider, product, photo, tmp_path, method, url, body
):
    client.force_login(outsider)
    address = url.format(org=organisation.pk, product=product.pk, photo=photo.pk)
    data: dict = {"org": organisation.pk}
    if body == "create":
        data.update({k: "" if v is None else v for k, v in product_row("NEW-1").items()})
    elif body == "import":
        data["file"] = _upload(tmp_path)
    elif body == "image":
        data["image"] = _image()
    elif body == "translation":
        data.update({"language": "en", "title": "Hijacked"})
    response = getattr(client, method)(address, data) if method == "post" else client.get(address)
    assert response.status_code == 403
    product.refresh_from_db()
    assert product.status == Product.Status.DRAFT
    assert list(Product.objects.values_list("sku", flat=True)) == [product.sku]
    assert ProductPhoto.objects.count() == 1
    assert not product.texts.filter(is_original=False).exists()


API = [
    ("get", "/api/v1/organisations/{org}/products", None),
    ("post", "/api/v1/organisations/{org}/products", "json"),
    ("patch", "/api/v1/products/{product}", "json"),
    ("delete", "/api/v1/products/{product}", None),
    ("post", "/api/v1/products/{product}/publish", None),
    ("post", "/api/v1/products/{product}/unpublish", None),
    ("put", "/api/v1/products/{product}/texts/en", "text"),
    ("delete", "/api/v1/products/{product}/texts/en", None),
    ("post", "/api/v1/products/{product}/photos", "image"),
    ("delete", "/api/v1/products/{product}/photos/{photo}", None),
    ("post", "/api/v1/organisations/{org}/catalogue/import", "import"),
    ("get", "/api/v1/organisations/{org}/catalogue/export?format=csv", None),
]


@pytest.mark.parametrize(("method", "url", "body"), API, ids=[f"{m} {u}" for m, u, _b in API])
def test_api_answers_403_to_another_organisations_member(
    client, organisation, outsider, product, photo, tmp_path, method, url, body
):
    _token, secret = api_token(outsider)
    headers = {"Authorization": f"Bearer {secret}"}
    address = url.format(org=organisation.pk, product=product.pk, photo=photo.pk)
    kwargs: dict = {"headers": headers}
    if body == "json":
        kwargs.update(data={k: v for k, v in product_row("NEW-1").items() if v != ""}, content_type="application/json")
        kwargs["data"]["incoterms"] = ["FOB"]
    elif body == "text":
        kwargs.update(data={"title": "Hijacked"}, content_type="application/json")
    elif body == "import":
        kwargs["data"] = {"file": _upload(tmp_path)}
    elif body == "image":
        kwargs["data"] = {"image": _image()}
    response = getattr(client, method)(address, **kwargs)
    assert response.status_code == 403, response.content
    assert response.json()["code"] == "not_allowed"
    product.refresh_from_db()
    assert product.status == Product.Status.DRAFT
    assert Product.objects.count() == 1
    assert ProductPhoto.objects.count() == 1
