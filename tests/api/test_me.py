"""/api/v1/me and /api/v1/organisations/mine with bearer tokens; errors in the uniform format."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    TradeOfficialFactory,
    UserFactory,
    api_token,
)

pytestmark = pytest.mark.django_db


def bearer(secret):
    return {"Authorization": f"Bearer {secret}"}


def assert_uniform_error(response, status, code):
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"code", "message", "fields"}
    assert body["code"] == code
    assert body["message"]
    return body


def test_me_without_a_token_is_401(client):
    assert_uniform_error(client.get("/api/v1/me"), 401, "unauthenticated")


def test_me_with_a_made_up_token_is_401(client):
    assert_uniform_error(client.get("/api/v1/me", headers=bearer("rnt_made-up")), 401, "unauthenticated")


def test_me_with_a_revoked_token_is_401(client):
    token, secret = api_token(UserFactory())
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    assert_uniform_error(client.get("/api/v1/me", headers=bearer(secret)), 401, "unauthenticated")


def test_me_describes_the_token_owner(client):
    user = UserFactory(email="siti@kopigayo.id", full_name="Siti", preferred_language="id")
    MembershipFactory(user=user, organisation=OrganisationFactory(name="Kopi Gayo Lestari"), role="owner")
    _token, secret = api_token(user)

    body = client.get("/api/v1/me", headers=bearer(secret)).json()

    assert body == {
        "email": "siti@kopigayo.id",
        "full_name": "Siti",
        "preferred_language": "id",
        "email_verified": True,
        "is_official": False,
        "official_economy": None,
        "organisations": ["Kopi Gayo Lestari"],
    }


def test_me_names_an_officials_economy(client):
    official = TradeOfficialFactory()
    _token, secret = api_token(official.user)
    body = client.get("/api/v1/me", headers=bearer(secret)).json()
    assert (body["is_official"], body["official_economy"]) == (True, "IDN")


def test_my_organisations_with_role(client):
    user = UserFactory()
    owned = MembershipFactory(user=user, organisation=OrganisationFactory(name="A Kopi"), role="owner")
    MembershipFactory(user=user, organisation=OrganisationFactory(name="B Koperasi"), role="member")
    OrganisationFactory(name="C Not Mine")
    _token, secret = api_token(user)

    everything = client.get("/api/v1/organisations/mine", headers=bearer(secret))
    owned_only = client.get("/api/v1/organisations/mine?role=owner", headers=bearer(secret))

    assert everything.status_code == 200
    assert [(o["name"], o["role"]) for o in everything.json()] == [
        ("A Kopi", "owner"),
        ("B Koperasi", "member"),
    ]
    assert owned_only.json() == [
        {"id": owned.organisation.pk, "name": "A Kopi", "kind": "msme", "economy": "IDN", "role": "owner"}
    ]


def test_my_organisations_with_a_bad_role_is_a_field_error(client):
    _token, secret = api_token(UserFactory())
    body = assert_uniform_error(
        client.get("/api/v1/organisations/mine?role=boss", headers=bearer(secret)), 422, "validation_error"
    )
    assert list(body["fields"]) == ["role"]


def test_my_organisations_needs_a_token(client):
    assert_uniform_error(client.get("/api/v1/organisations/mine"), 401, "unauthenticated")
