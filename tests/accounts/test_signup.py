"""Sign-up creates the person, their organisation and an owner membership — all or nothing."""

from __future__ import annotations

import pytest

from rantai.accounts import actions
from rantai.accounts.models import User
from rantai.directory.models import Membership, Organisation
from tests.accounts.helpers import signup_data
from tests.factories import DEFAULT_PASSWORD, UserFactory, france, indonesia, japan

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def economies():
    return indonesia(), japan(), france()


def test_form_is_accessible_and_lists_apec_economies_first(client):
    response = client.get("/accounts/signup/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<label for="id_email">' in html
    assert 'aria-describedby="id_email_helptext"' in html
    apec = html.index('<optgroup label="APEC economies">')
    others = html.index('<optgroup label="Other economies">')
    assert apec < html.index('value="JPN"') < others < html.index('value="FRA"')


def test_sign_up_creates_user_organisation_and_owner_membership(client, sent_mail):
    with sent_mail.committing():
        response = client.post("/accounts/signup/", signup_data())

    assert response.status_code == 302
    user = User.objects.get(email="siti@kopigayo.id")
    assert user.full_name == "Siti Rahmawati"
    assert user.check_password(DEFAULT_PASSWORD)
    assert user.email_verified is False
    membership = Membership.objects.select_related("organisation").get(user=user)
    assert membership.role == Membership.Role.OWNER
    assert membership.organisation.name == "Kopi Gayo Lestari"
    assert membership.organisation.kind == Organisation.Kind.MSME
    assert membership.organisation.economy_id == "IDN"
    # Signed in at once, though unverified: the profile shows the banner.
    profile = client.get(response["Location"])
    assert profile.status_code == 200
    assert "is not verified yet" in profile.content.decode()


def test_sign_up_with_an_economy_outside_apec(client, sent_mail):
    with sent_mail.committing():
        client.post("/accounts/signup/", signup_data(economy="FRA", organisation_kind="buyer"))
    organisation = Organisation.objects.get(name="Kopi Gayo Lestari")
    assert (organisation.economy_id, organisation.kind) == ("FRA", "buyer")


def test_failure_midway_leaves_nothing_behind(monkeypatch, sent_mail):
    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Membership.objects, "create", fail)

    with sent_mail.committing(), pytest.raises(RuntimeError):
        actions.sign_up(
            email="siti@kopigayo.id",
            full_name="Siti",
            password=DEFAULT_PASSWORD,
            preferred_language="id",
            organisation_name="Kopi Gayo Lestari",
            organisation_kind="msme",
            economy=indonesia(),
        )

    assert not User.objects.filter(email="siti@kopigayo.id").exists()
    assert not Organisation.objects.filter(name="Kopi Gayo Lestari").exists()
    assert sent_mail.messages == []


def test_duplicate_email_is_a_field_error(client):
    UserFactory(email="siti@kopigayo.id")
    response = client.post("/accounts/signup/", signup_data(email="Siti@KopiGayo.id"))
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert User.objects.filter(email__iexact="siti@kopigayo.id").count() == 1
    assert not Organisation.objects.filter(name="Kopi Gayo Lestari").exists()


def test_duplicate_email_error_is_in_indonesian_on_the_indonesian_page(client):
    UserFactory(email="siti@kopigayo.id")
    response = client.post("/id/accounts/signup/", signup_data())
    html = response.content.decode()
    assert "Sudah ada akun dengan alamat e-mail ini." in html
    assert 'id="id_email_error"' in html
    assert 'aria-invalid="true"' in html


def test_passwords_that_differ_or_are_weak_are_refused(client):
    differ = client.post("/accounts/signup/", signup_data(password2="something-else-entirely"))
    assert "password2" in differ.context["form"].errors
    weak = client.post("/accounts/signup/", signup_data(password1="12345678901", password2="12345678901"))
    assert "password1" in weak.context["form"].errors
    assert not User.objects.filter(email="siti@kopigayo.id").exists()


def test_action_refuses_a_taken_address_even_when_the_form_was_skipped():
    UserFactory(email="siti@kopigayo.id")
    with pytest.raises(actions.RantaiError) as caught:
        actions.sign_up(
            email="siti@kopigayo.id",
            full_name="Another Siti",
            password=DEFAULT_PASSWORD,
            preferred_language="en",
            organisation_name="Kopi Kedua",
            organisation_kind="msme",
            economy=indonesia(),
        )
    assert caught.value.code == "email_taken"
    assert "email" in caught.value.fields
    assert not Organisation.objects.filter(name="Kopi Kedua").exists()
