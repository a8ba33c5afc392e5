"""The home page tells each kind of user what Rantai does for them, in English and Indonesian, with live
counts of the reference data; error pages speak the reader's language."""

from __future__ import annotations

import re

import pytest
from django.contrib import messages
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views import defaults

from rantai.reference.models import Agreement, Economy, HsCode, HsLevel
from rantai.web.templatetags.web_tags import url_or_none, user_facing_404_message

pytestmark = pytest.mark.django_db


def shown_count(html: str, name: str) -> int:
    match = re.search(rf'data-count="{name}"><dt>[^<]*</dt><dd>([\d.,]+)</dd>', html)
    assert match, f"count {name!r} is not on the page"
    return int(re.sub(r"[.,]", "", match.group(1)))


def test_home_in_english_speaks_to_each_kind_of_user(client: Client) -> None:
    response = client.get("/")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in html
    for heading in ("For MSME owners", "For buyers", "For trade officials"):
        assert heading in html
    assert "Get verified by your own trade authority, so buyers can trust you." in html


def test_home_in_indonesian_under_the_id_prefix(client: Client) -> None:
    response = client.get("/id/")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="id">' in html
    for heading in ("Untuk pelaku UMKM", "Untuk pembeli", "Untuk pejabat perdagangan"):
        assert heading in html
    assert "For MSME owners" not in html


def test_home_shows_the_reference_data_the_database_holds(client: Client) -> None:
    html = client.get("/").content.decode()

    assert shown_count(html, "economies") == Economy.objects.filter(is_apec=True).count() == 21
    assert shown_count(html, "subheadings") == HsCode.objects.filter(level=HsLevel.SUBHEADING).count() > 5000
    assert shown_count(html, "agreements") == Agreement.objects.count()


def test_counts_are_grouped_the_way_each_language_writes_numbers(client: Client) -> None:
    subheadings = HsCode.objects.filter(level=HsLevel.SUBHEADING).count()
    assert subheadings >= 1000

    english = client.get("/").content.decode()
    indonesian = client.get("/id/").content.decode()

    assert f"<dd>{subheadings // 1000},{subheadings % 1000:03d}</dd>" in english
    assert f"<dd>{subheadings // 1000}.{subheadings % 1000:03d}</dd>" in indonesian


def test_home_counts_follow_the_database(client: Client) -> None:
    before = shown_count(client.get("/").content.decode(), "agreements")
    Agreement.objects.create(
        code="test-fta",
        short_name="Test FTA",
        name="Test free trade agreement",
        source=Economy.objects.first().source,  # type: ignore[union-attr]
    )

    assert shown_count(client.get("/").content.decode(), "agreements") == before + 1


def test_home_links_to_sign_up_and_the_hs_browser_once_they_exist(client: Client) -> None:
    html = client.get("/id/").content.decode()

    for name in ("accounts:signup", "web:hs-index"):
        url = url_or_none(name)
        if url is not None:
            assert f'href="{url}"' in html
            assert url.startswith("/id/")


def test_url_or_none_gives_none_for_a_route_that_does_not_exist() -> None:
    with translation.override("en"):
        assert url_or_none("web:home") == "/"
        assert url_or_none("web:no-such-page") is None
        assert url_or_none("nowhere:home") is None


def test_signed_in_user_sees_sign_out_as_a_post_form(client: Client, django_user_model) -> None:
    if url_or_none("accounts:logout") is None:
        pytest.skip("accounts:logout does not exist yet")
    user = django_user_model.objects.create_user(email="siti@example.com", password="x" * 12)
    client.force_login(user)

    html = client.get("/").content.decode()

    assert re.search(rf'<form method="post" action="{reverse("accounts:logout")}"', html)
    assert "Sign in</a>" not in html


def test_unknown_page_is_a_translated_404(client: Client) -> None:
    response = client.get("/id/no-such-page/")

    html = response.content.decode()
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in html
    assert "Resolver404" not in html


def test_404_shows_a_message_written_for_users() -> None:
    request = RequestFactory().get("/hs/999999/")
    with translation.override("id"):
        response = defaults.page_not_found(request, Http404("Kode HS 999999 tidak ada dalam HS 2022."))

    html = response.content.decode()
    assert response.status_code == 404
    assert "Kode HS 999999 tidak ada dalam HS 2022." in html
    assert "Halaman tidak ditemukan" in html


def test_404_hides_messages_meant_for_developers() -> None:
    assert user_facing_404_message("Resolver404") == ""
    assert user_facing_404_message("No HsCode matches the given query.") == ""
    assert user_facing_404_message({"path": "x"}) == ""
    assert user_facing_404_message("That HS code does not exist.") == "That HS code does not exist."


def test_500_page_is_translated_and_needs_no_request_context() -> None:
    request = RequestFactory().get("/id/")
    with translation.override("id"):
        response = defaults.server_error(request)

    html = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="id">' in html
    assert "Terjadi kesalahan" in html
    assert 'href="/id/"' in html


def test_messages_are_shown_as_notices_of_their_level() -> None:
    request = RequestFactory().get("/")
    SessionMiddleware(lambda r: HttpResponse()).process_request(request)
    MessageMiddleware(lambda r: HttpResponse()).process_request(request)
    messages.warning(request, "Your verification request is waiting for an official.")

    html = render_to_string("web/home.html", {"counts": {}}, request=request)

    assert (
        '<p class="notice notice-warning">Your verification request is waiting for an official.</p>' in html
    )
