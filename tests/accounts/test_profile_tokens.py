"""The profile page: details, language (with its cookie), organisations, and API tokens."""

from __future__ import annotations

import re

import pytest

from rantai.accounts.models import ApiToken
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory, api_token

pytestmark = pytest.mark.django_db

SECRET = re.compile(r'<code id="new-token-secret">(rnt_[^<]+)</code>')


@pytest.fixture
def user(client):
    user = UserFactory(full_name="Siti Rahmawati")
    client.force_login(user)
    return user


def bearer(secret):
    return {"Authorization": f"Bearer {secret}"}


def test_profile_needs_sign_in(client):
    response = client.get("/accounts/profile/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_profile_shows_details_and_organisations_with_role(client, user):
    MembershipFactory(user=user, organisation=OrganisationFactory(name="Kopi Gayo Lestari"), role="owner")
    MembershipFactory(user=user, organisation=OrganisationFactory(name="Koperasi Takengon"), role="member")
    OrganisationFactory(name="Someone Else's Shop")

    html = client.get("/accounts/profile/").content.decode()

    assert user.email in html
    assert "Kopi Gayo Lestari" in html and "Owner" in html
    assert "Koperasi Takengon" in html and "Member" in html
    assert "Someone Else" not in html


def test_saving_the_language_sets_the_cookie_and_switches_pages(client, user):
    response = client.post("/accounts/profile/", {"full_name": "Siti R.", "preferred_language": "id"})

    assert response.status_code == 302
    assert response["Location"] == "/id/accounts/profile/"
    assert response.cookies["rantai_language"].value == "id"
    user.refresh_from_db()
    assert (user.full_name, user.preferred_language) == ("Siti R.", "id")
    assert "Profil Anda" in client.get(response["Location"]).content.decode()


def test_unknown_language_is_a_field_error(client, user):
    response = client.post("/accounts/profile/", {"full_name": "Siti", "preferred_language": "xx"})
    assert response.status_code == 400
    assert "preferred_language" in response.context["profile_form"].errors
    user.refresh_from_db()
    assert user.preferred_language == "en"


def test_token_secret_is_shown_once_and_works_against_the_api(client, user):
    response = client.post("/accounts/profile/tokens/", {"name": "shop server"})
    assert response.status_code == 200
    secret = SECRET.search(response.content.decode()).group(1)
    token = ApiToken.objects.get(user=user)
    assert token.name == "shop server"
    assert secret.startswith(token.prefix)
    assert secret not in token.key_hash

    listing = client.get("/accounts/profile/").content.decode()
    assert secret not in listing
    assert token.prefix in listing
    assert "never" in listing

    me = client.get("/api/v1/me", headers=bearer(secret))
    assert me.status_code == 200
    assert me.json()["email"] == user.email
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_revoked_token_is_refused_with_the_uniform_error(client, user):
    token, secret = api_token(user)

    response = client.post(f"/accounts/profile/tokens/{token.pk}/revoke/")

    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    refused = client.get("/api/v1/me", headers=bearer(secret))
    assert refused.status_code == 401
    assert refused.json() == {
        "code": "unauthenticated",
        "message": "A valid API token is required.",
        "fields": {},
    }
    assert token.prefix not in client.get("/accounts/profile/").content.decode()


def test_nobody_revokes_someone_elses_token(client, user):
    other_token, secret = api_token(UserFactory())

    client.post(f"/accounts/profile/tokens/{other_token.pk}/revoke/")

    other_token.refresh_from_db()
    assert other_token.revoked_at is None
    assert client.get("/api/v1/me", headers=bearer(secret)).status_code == 200


def test_token_needs_a_name(client, user):
    response = client.post("/accounts/profile/tokens/", {"name": ""})
    assert response.status_code == 400
    assert "name" in response.context["token_form"].errors
    assert not ApiToken.objects.filter(user=user).exists()
