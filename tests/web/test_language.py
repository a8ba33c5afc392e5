"""The language switcher keeps the reader on the same page, in the other language, whatever language the
cookie or the browser asked for before."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

SET_LANGUAGE = "/i18n/setlang/"


def switcher_fields(html: str, language: str) -> dict[str, str]:
    """The hidden fields of the switcher form that changes the page to ``language``."""
    for form in re.findall(r'<form method="post" action="/i18n/setlang/".*?</form>', html, re.S):
        fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))
        if fields.get("language") == language:
            return fields
    raise AssertionError(f"no language switcher to {language!r} on the page")


def switch(client: Client, page: str, language: str) -> str:
    """Open ``page``, press the switcher for ``language``; return where the browser lands."""
    fields = switcher_fields(client.get(page).content.decode(), language)
    response = client.post(SET_LANGUAGE, fields)
    assert response.status_code == 302
    return response["Location"]


def test_switching_to_indonesian_lands_on_the_same_page_under_id(client: Client) -> None:
    landed = switch(client, "/", "id")

    assert landed == "/id/"
    assert client.cookies["rantai_language"].value == "id"
    page = client.get(landed).content.decode()
    assert '<html lang="id">' in page
    assert "Untuk pelaku UMKM" in page


def test_switching_back_to_english_lands_on_the_unprefixed_page(client: Client) -> None:
    landed = switch(client, "/id/", "en")

    assert landed == "/"
    assert client.cookies["rantai_language"].value == "en"
    assert "For MSME owners" in client.get(landed).content.decode()


@pytest.mark.parametrize(
    ("cookie", "page", "language", "expected"),
    [
        # The address decides the page's language; a stale cookie must not send the reader back.
        ("en", "/id/", "en", "/"),
        ("id", "/", "id", "/id/"),
        ("id", "/?from=newsletter", "id", "/id/?from=newsletter"),
        ("en", "/id/?from=newsletter", "en", "/?from=newsletter"),
    ],
)
def test_switch_ignores_the_previous_language_cookie(
    client: Client, cookie: str, page: str, language: str, expected: str
) -> None:
    client.cookies["rantai_language"] = cookie

    assert switch(client, page, language) == expected


def test_round_trip_keeps_a_deeper_page(client: Client) -> None:
    page = reverse("accounts:login")  # any page under i18n_patterns that uses the site shell

    there = switch(client, page, "id")
    back = switch(client, there, "en")

    assert there == "/id" + page
    assert back == page


def test_switch_on_a_missing_page_moves_the_language_prefix(client: Client) -> None:
    assert switch(client, "/no-such-page/", "id") == "/id/no-such-page/"
    assert switch(client, "/id/no-such-page/", "en") == "/no-such-page/"


def test_switcher_button_names_the_language_in_that_language(client: Client) -> None:
    english = client.get("/").content.decode()
    indonesian = client.get("/id/").content.decode()

    assert '<button type="submit" class="link-button" lang="id">Bahasa Indonesia</button>' in english
    assert '<button type="submit" class="link-button" lang="en">English</button>' in indonesian
