"""Every form that changes something carries a CSRF token, and a POST without one is refused."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from rantai.directory.models import Membership
from tests.factories import MembershipFactory, OrganisationFactory, TradeOfficialFactory, UserFactory

pytestmark = pytest.mark.django_db

FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S | re.I)


def post_forms(html: str) -> list[tuple[str, str]]:
    """(opening tag attributes, body) of every form that posts."""
    return [(attrs, body) for attrs, body in FORM.findall(html) if re.search(r'method="post"', attrs, re.I)]


@pytest.fixture
def owner() -> Any:
    organisation = OrganisationFactory(name="Kopi Gayo Lestari")
    return MembershipFactory(organisation=organisation, role=Membership.Role.OWNER).user


def pages(owner: Any) -> list[tuple[Any, str]]:
    slug = owner.memberships.get().organisation.slug
    official = TradeOfficialFactory().user
    admin = UserFactory(is_staff=True, is_superuser=True)
    return [
        (None, "/"),
        (None, "/id/"),
        (None, "/hs/"),
        (None, "/accounts/login/"),
        (None, "/accounts/signup/"),
        (None, "/accounts/password/reset/"),
        (owner, "/"),
        (owner, "/accounts/profile/"),
        (owner, "/accounts/password/change/"),
        (owner, f"/o/{slug}/edit/"),
        (owner, "/dashboard/"),
        (owner, "/catalogue/"),
        (owner, "/catalogue/new/"),
        (owner, "/catalogue/import/"),
        (official, "/official/queue/"),
        (admin, "/admin/"),
    ]


def test_every_post_form_on_the_pages_carries_a_csrf_token(owner: Any) -> None:
    seen = 0
    for user, path in pages(owner):
        client = Client()
        if user is not None:
            client.force_login(user)
        response = client.get(path)
        assert response.status_code == 200, path
        for attrs, body in post_forms(response.content.decode()):
            seen += 1
            assert 'name="csrfmiddlewaretoken"' in body, f"{path}: form {attrs.strip()} has no CSRF token"
    assert seen >= 10  # the sign-in, sign-up, language, sign-out, profile and catalogue forms at least


@pytest.mark.parametrize(
    ("path", "data", "as_owner"),
    [
        ("/accounts/login/", {"username": "x@example.id", "password": "whatever-123"}, False),
        ("/accounts/signup/", {"email": "x@example.id"}, False),
        ("/i18n/setlang/", {"language": "id", "next": "/"}, False),
        ("/accounts/profile/tokens/", {"name": "ci"}, True),
        ("/accounts/logout/", {}, True),
        ("/catalogue/new/", {"sku": "X"}, True),
    ],
)
def test_a_post_without_the_csrf_token_is_refused(owner: Any, path: str, data: dict[str, str], as_owner: bool) -> None:
    client = Client(enforce_csrf_checks=True)
    if as_owner:
        client.force_login(owner)
    response = client.post(path, data)
    assert response.status_code == 403
    if path == "/accounts/profile/tokens/":
        assert not owner.api_tokens.exists()


def test_the_same_post_with_the_token_goes_through(owner: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    page = client.get("/accounts/profile/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    response = client.post("/accounts/profile/tokens/", {"name": "ci", "csrfmiddlewaretoken": token.group(1)})
    assert response.status_code in (200, 302)
    assert owner.api_tokens.filter(name="ci").exists()


def test_the_api_uses_bearer_tokens_not_cookies(owner: Any) -> None:
    """A signed-in browser session cannot drive the API (so the API needs no CSRF token)."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    assert client.get("/api/v1/me").status_code == 401
