"""Signing in: throttled by django-axes, language follows the person, sign-out is POST only."""

from __future__ import annotations

import pytest

from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def sign_in(client, email, password):
    return client.post("/accounts/login/", {"username": email, "password": password})


def test_right_password_signs_in(client):
    user = UserFactory(preferred_language="id")
    response = sign_in(client, user.email, DEFAULT_PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    assert response.cookies["rantai_language"].value == "id"


def test_sixth_attempt_is_refused_even_with_the_right_password(client):
    user = UserFactory()
    for _ in range(5):
        response = sign_in(client, user.email, "wrong-password")
        assert response.status_code in (200, 429)

    response = sign_in(client, user.email, DEFAULT_PASSWORD)

    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_four_failures_do_not_lock_the_account(client):
    user = UserFactory()
    for _ in range(4):
        sign_in(client, user.email, "wrong-password")
    assert sign_in(client, user.email, DEFAULT_PASSWORD).status_code == 302


def test_failed_sign_in_shows_an_error(client):
    user = UserFactory()
    response = sign_in(client, user.email, "wrong-password")
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()


def test_sign_out_needs_post(client):
    client.force_login(UserFactory())
    assert client.get("/accounts/logout/").status_code == 405
    assert "_auth_user_id" in client.session
    assert client.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session
