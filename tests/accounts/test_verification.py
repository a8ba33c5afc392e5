"""The verification mail carries a signed link that works for three days, in the user's language."""

from __future__ import annotations

import base64
import time

import pytest
from django.core import signing

from rantai.accounts import actions
from rantai.accounts.models import User
from tests.accounts.helpers import link_in, signup_data
from tests.factories import UserFactory, indonesia

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def economy():
    return indonesia()


def sign_up(client, sent_mail, **overrides):
    with sent_mail.committing():
        response = client.post("/accounts/signup/", signup_data(**overrides))
    assert response.status_code == 302, response.context["form"].errors
    return User.objects.get(email=signup_data(**overrides)["email"])


def test_sign_up_mails_a_link_that_verifies_the_address(client, sent_mail):
    user = sign_up(client, sent_mail)

    assert len(sent_mail.messages) == 1
    mail = sent_mail.messages[0]
    assert mail.to == ["siti@kopigayo.id"]
    assert mail.subject == "Verify your e-mail address for Rantai"
    path = link_in(mail.body)
    assert "kopigayo" not in base64.urlsafe_b64decode(path.split("/")[3].split(":")[0] + "==").decode()

    client.logout()  # the link works from another device too
    response = client.get(path)
    assert response.status_code == 200
    assert "E-mail address verified" in response.content.decode()
    user.refresh_from_db()
    assert user.email_verified is True
    # Following it again is harmless.
    assert client.get(path).status_code == 200


def test_mail_is_in_indonesian_when_the_user_chose_indonesian(client, sent_mail):
    # The page is in English; the mail follows the language the person chose.
    sign_up(client, sent_mail, preferred_language="id")
    mail = sent_mail.messages[0]
    assert mail.subject == "Verifikasi alamat e-mail Anda untuk Rantai"
    assert "Terima kasih telah mendaftar di Rantai" in mail.body
    path = link_in(mail.body)
    assert path.startswith("/id/accounts/verify/")
    assert client.get(path).status_code == 200


def test_a_tampered_link_is_refused(client):
    user = UserFactory(email_verified=False)
    token = actions.verification_token(user)
    response = client.get(f"/accounts/verify/{token[:-2]}xx/")
    assert response.status_code == 400
    user.refresh_from_db()
    assert user.email_verified is False


def test_a_link_older_than_three_days_is_refused(client, monkeypatch):
    user = UserFactory(email_verified=False)
    token = actions.verification_token(user)
    later = time.time() + 3 * 24 * 3600 + 60
    monkeypatch.setattr(signing.time, "time", lambda: later)

    response = client.get(f"/accounts/verify/{token}/")

    assert response.status_code == 400
    assert "expired" in response.content.decode()
    user.refresh_from_db()
    assert user.email_verified is False


def test_a_link_for_an_old_address_stops_working(client):
    user = UserFactory(email_verified=False, email="old@example.id")
    token = actions.verification_token(user)
    User.objects.filter(pk=user.pk).update(email="new@example.id")
    assert client.get(f"/accounts/verify/{token}/").status_code == 400


def test_resend_sends_a_new_link_once_a_minute(client, sent_mail):
    user = UserFactory(email_verified=False, preferred_language="id")
    client.force_login(user)

    with sent_mail.committing():
        first = client.post("/accounts/verify/resend/")
        second = client.post("/accounts/verify/resend/")

    assert first.status_code == second.status_code == 302
    assert len(sent_mail.messages) == 1
    assert sent_mail.messages[0].subject == "Verifikasi alamat e-mail Anda untuk Rantai"
    client.get(link_in(sent_mail.messages[0].body))
    user.refresh_from_db()
    assert user.email_verified is True


def test_resend_needs_a_signed_in_user(client):
    response = client.post("/accounts/verify/resend/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
