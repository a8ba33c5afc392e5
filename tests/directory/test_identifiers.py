"""Registration numbers are checked against their economy's format; errors come in the user's language."""

from __future__ import annotations

import pytest

from rantai.core.errors import RantaiError
from rantai.directory import actions
from rantai.directory.identifiers import check_identifier
from rantai.directory.models import IdentifierScheme
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("scheme", "raw", "stored"),
    [
        ("id-nib", "9120001234567", "9120001234567"),
        ("id-npwp", "01.234.567.8-901.000", "012345678901000"),
        ("id-npwp", "3171234567890123", "3171234567890123"),
        ("au-abn", "51 824 753 556", "51824753556"),
        ("jp-corporate-number", "7000012050002", "7000012050002"),
        ("sg-uen", "201912345k", "201912345K"),
        ("kr-brn", "123-45-67890", "1234567890"),
        ("vn-enterprise-code", "0101234567-001", "0101234567001"),
        ("th-tax-id", "0105561012345", "0105561012345"),
    ],
)
def test_valid_identifiers_are_stored_normalised(scheme, raw, stored):
    assert check_identifier(IdentifierScheme.objects.get(pk=scheme), raw) == stored


@pytest.mark.parametrize(
    ("scheme", "raw"),
    [
        ("id-nib", "912000123456"),  # 12 digits
        ("id-nib", "912000123456A"),
        ("id-npwp", "01.234.567.8-901.00"),  # 14 digits
        ("au-abn", "51 824 753 557"),  # check digit wrong
        ("jp-corporate-number", "8000012050002"),  # check digit wrong
        ("kr-brn", "123-45-6789"),
        ("vn-enterprise-code", "01012345"),
    ],
)
def test_invalid_identifiers_are_refused(scheme, raw):
    with pytest.raises(RantaiError) as caught:
        check_identifier(IdentifierScheme.objects.get(pk=scheme), raw)
    assert "value" in caught.value.fields


def test_an_indonesian_organisation_cannot_use_another_economys_scheme():
    owner = UserFactory()
    org = OrganisationFactory()
    MembershipFactory(organisation=org, user=owner, role="owner")
    with pytest.raises(RantaiError) as caught:
        actions.set_identifier(owner, org, "au-abn", "51 824 753 556")
    assert "scheme" in caught.value.fields
    assert not org.identifiers.exists()


def test_a_number_belongs_to_one_organisation_only():
    first, second = OrganisationFactory(), OrganisationFactory()
    for org in (first, second):
        MembershipFactory(organisation=org, role="owner")
    actions.set_identifier(first.memberships.get().user, first, "id-nib", "9120001234567")
    with pytest.raises(RantaiError) as caught:
        actions.set_identifier(second.memberships.get().user, second, "id-nib", "9120001234567")
    assert caught.value.status == 409


def test_page_shows_field_error_in_indonesian_and_saves_nothing(client, world):
    client.force_login(world.owner)
    page = client.post(f"/id/o/{world.org.slug}/identifiers/", {"scheme": "id-nib", "value": "12345"})
    assert page.status_code == 400
    assert "Ini bukan NIB (Nomor Induk Berusaha) yang sah" in page.content.decode()
    assert not world.org.identifiers.exists()


def test_api_answers_field_error_in_the_accept_language(client, world):
    response = client.post(
        f"/api/v1/organisations/{world.org.slug}/identifiers",
        {"scheme": "id-npwp", "value": "123"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="id",
        **world.token(world.owner),
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_identifier"
    assert "Ini bukan NPWP" in body["fields"]["value"][0]
    ok = client.post(
        f"/api/v1/organisations/{world.org.slug}/identifiers",
        {"scheme": "id-npwp", "value": "01.234.567.8-901.000"},
        content_type="application/json",
        **world.token(world.owner),
    )
    assert ok.status_code == 201
    assert ok.json()["value"] == "012345678901000"
