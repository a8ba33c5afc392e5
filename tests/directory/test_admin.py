"""Organisations in the back office, with their members inline."""

from __future__ import annotations

import pytest

from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_organisation_page_lists_members(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    membership = MembershipFactory(user=UserFactory(email="siti@kopigayo.id"), role="owner")

    assert client.get("/admin/directory/organisation/").status_code == 200
    page = client.get(f"/admin/directory/organisation/{membership.organisation.pk}/change/")

    assert page.status_code == 200
    html = page.content.decode()
    assert membership.organisation.name in html
    assert "siti@kopigayo.id" in html
