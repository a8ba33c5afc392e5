"""Password reset end to end through the mail, and password change."""

from __future__ import annotations

import pytest

from tests.accounts.helpers import link_in
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "rendang-padang-pedas-77"


def test_reset_through_the_mailed_link(client, sent_mail):
    user = UserFactory(email="budi@example.id")

    with sent_mail.committing():
        response = client.post("/accounts/password/reset/", {"email": "budi@example.id"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/done/"
    assert len(sent_mail.messages) == 1
    mail = sent_mail.messages[0]
    assert mail.subject == "Reset your Rantai password"

    confirm = client.get(link_in(mail.body), follow=True)
    assert confirm.status_code == 200
    assert confirm.context["validlink"] is True
    form_url = confirm.redirect_chain[-1][0]
    done = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert done["Location"] == "/accounts/password/reset/complete/"

    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    # The link works once.
    again = client.get(link_in(mail.body), follow=True)
    assert again.context["validlink"] is False


def test_reset_mail_is_in_the_users_language(client, sent_mail):
    UserFactory(email="budi@example.id", preferred_language="id")
    with sent_mail.committing():
        client.post("/accounts/password/reset/", {"email": "budi@example.id"})
    mail = sent_mail.messages[0]
    assert mail.subject == "Atur ulang kata sandi Rantai Anda"
    assert link_in(mail.body).startswith("/id/accounts/password/reset/")


def test_unknown_address_gets_the_same_answer_and_no_mail(client, sent_mail):
    with sent_mail.committing():
        response = client.post("/accounts/password/reset/", {"email": "nobody@example.id"})
    assert response.status_code == 302
    assert sent_mail.messages == []


def test_password_change(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        "/accounts/password/change/",
        {"old_password": DEFAULT_PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_argon2_is_the_first_hasher_outside_the_test_profile(tmp_path):
    import os
    import subprocess
    import sys

    code = "from django.conf import settings; print(settings.PASSWORD_HASHERS[0])"
    env = {
        **os.environ,
        "RANTAI_PROFILE": "dev",
        "DJANGO_SETTINGS_MODULE": "rantai.settings",
        "RANTAI_VAR_DIR": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "django.contrib.auth.hashers.Argon2PasswordHasher"
