"""A NUL character (U+0000) in any input is refused with a clear error in the person's language.

PostgreSQL refuses NUL in text, so before this every search or lookup that passed such a value to the
database answered 500 there (``tests/security/test_injection.py`` finds those on PostgreSQL). The check is at
the boundary, for every page and endpoint: query string, form fields, JSON body and path. These tests run on
SQLite too, where the same requests used to succeed and store or search for the NUL.
"""

from __future__ import annotations

import pytest
from django.test import Client

from rantai.catalogue.models import Product
from rantai.core.input import json_nul_fields, nul_fields
from tests.catalogue.helpers import product_row
from tests.factories import MembershipFactory, OrganisationFactory, api_token

pytestmark = pytest.mark.django_db

ID_VALUE = (
    "Nilai ini berisi karakter null (U+0000), yang tidak diperbolehkan. Hapus karakter itu lalu coba lagi."
)
ID_REQUEST = "Permintaan Anda berisi karakter null (U+0000), yang tidak diperbolehkan."
EN_VALUE = "This value contains a null character (U+0000), which is not allowed. Remove it and try again."


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/api/v1/hs", {"q": "kopi\x00"}, "q"),
        ("/api/v1/search/products", {"q": "kopi", "economy": "\x00"}, "economy"),
        ("/api/v1/search/suppliers", {"certification": "halal\x00"}, "certification"),
        ("/api/v1/identifier-schemes", {"economy": "IDN\x00"}, "economy"),
    ],
)
def test_the_api_answers_422_naming_the_parameter_in_the_language_asked_for(
    client: Client, path: str, params: dict[str, str], field: str
) -> None:
    response = client.get(path, params, headers={"Accept-Language": "id"})
    assert response.status_code == 422
    assert response.json() == {
        "code": "invalid_character",
        "message": ID_REQUEST,
        "fields": {field: [ID_VALUE]},
    }


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/id/hs/search/", {"q": "\x00"}, "q"),
        ("/id/search/", {"economy": "IDN", "certification": "\x00"}, "certification"),
    ],
)
def test_a_page_answers_400_naming_the_field_in_the_pages_language(
    client: Client, path: str, params: dict[str, str], field: str
) -> None:
    response = client.get(path, params)
    assert response.status_code == 400
    page = response.content.decode()
    assert ID_REQUEST in page
    assert f"<li><code>{field}</code>: {ID_VALUE}</li>" in page
    assert "Ke beranda" in page  # the site's layout, not a bare error


def test_every_value_of_a_repeated_parameter_and_the_names_are_checked(client: Client) -> None:
    response = client.get("/api/v1/hs?q=kopi&q=ko%00pi&a%00=1")
    assert response.status_code == 422
    assert response.json()["fields"] == {"q": [EN_VALUE], "a\ufffd": [EN_VALUE]}


def test_a_form_field_is_refused_before_the_view(client: Client) -> None:
    response = client.post("/accounts/login/", {"username": "a@example.id\x00", "password": "x"})
    assert response.status_code == 400
    assert f"<li><code>username</code>: {EN_VALUE}</li>" in response.content.decode()


def test_a_json_body_is_refused_naming_the_field_and_nothing_is_stored(client: Client) -> None:
    membership = MembershipFactory(organisation=OrganisationFactory())
    _token, secret = api_token(membership.user)
    payload = {k: v for k, v in product_row("NUL-1", status=None).items() if v not in ("", None)}
    payload["title"] = "Kopi\x00Gayo"
    response = client.post(
        f"/api/v1/organisations/{membership.organisation.pk}/products",
        payload,
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.status_code == 422
    assert response.json()["fields"] == {"title": [EN_VALUE]}
    assert not Product.objects.exists()


def test_a_nul_in_the_address_is_not_found(client: Client) -> None:
    api = client.get("/api/v1/hs/09%00")
    assert api.status_code == 404
    assert api.json()["code"] == "not_found"
    page = client.get("/id/hs/09%00/")
    assert page.status_code == 404
    assert "alamat ini berisi karakter null" in page.content.decode()


def test_text_without_nul_goes_through(client: Client) -> None:
    assert client.get("/api/v1/hs", {"q": "kopi %00 \\u0000"}).status_code == 200
    assert client.get("/hs/search/", {"q": "kopi"}).status_code == 200


def test_nul_fields_names_nested_json_fields() -> None:
    assert nul_fields({"a": {"b": ["x", "y\x00"]}, "c": "ok", "d\x00": 1}) == ["a.b.1", "d\ufffd"]
    assert json_nul_fields(b'{"items": [{"title": "k\\u0000"}]}') == ["items.0.title"]
    assert json_nul_fields(b'{"title": "a literal \\\\u0000 is text"}') == []
    assert json_nul_fields(b"not json \\u0000") == []
