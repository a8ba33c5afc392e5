"""The back office for people works with e-mail login (there is no username)."""

from __future__ import annotations

import pytest

from rantai.accounts.models import User
from tests.factories import TradeOfficialFactory, UserFactory, api_token, indonesia

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_user_pages_open(admin_client):
    official = TradeOfficialFactory()
    assert admin_client.get("/admin/accounts/user/").status_code == 200
    assert admin_client.get("/admin/accounts/user/add/").status_code == 200
    page = admin_client.get(f"/admin/accounts/user/{official.user.pk}/change/")
    assert page.status_code == 200
    assert "Kementerian Perdagangan" in page.content.decode()


def test_admin_creates_a_user_by_email(admin_client):
    response = admin_client.post(
        "/admin/accounts/user/add/",
        {
            "email": "pejabat@kemendag.go.id",
            "full_name": "Pejabat",
            "password1": "kopi-gayo-takengon-2026",
            "password2": "kopi-gayo-takengon-2026",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert User.objects.get(email="pejabat@kemendag.go.id").check_password("kopi-gayo-takengon-2026")


def test_admin_appoints_an_official_inline(admin_client):
    user = UserFactory()
    indonesia()
    page = admin_client.get(f"/admin/accounts/user/{user.pk}/change/")
    form = page.context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "password"}
    data.update(
        {
            "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
            "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
            "official-TOTAL_FORMS": "1",
            "official-INITIAL_FORMS": "0",
            "official-0-economy": "IDN",
            "official-0-agency": "Kementerian Perdagangan",
            "official-0-active": "on",
            "groups": [],
            "user_permissions": [],
        }
    )
    for flag in ("is_active", "email_verified"):
        data[flag] = "on"
    for flag in ("is_staff", "is_superuser"):
        data.pop(flag, None)
    response = admin_client.post(f"/admin/accounts/user/{user.pk}/change/", data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    assert user.official.economy_id == "IDN"


def test_token_hash_is_read_only_and_tokens_are_not_added_here(admin_client):
    token, _secret = api_token(UserFactory())
    page = admin_client.get(f"/admin/accounts/apitoken/{token.pk}/change/")
    assert page.status_code == 200
    assert 'name="key_hash"' not in page.content.decode()
    assert token.key_hash in page.content.decode()
    assert admin_client.get("/admin/accounts/apitoken/add/").status_code == 403
