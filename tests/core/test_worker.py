"""The background worker is a real process that claims jobs from the database and runs them."""

from __future__ import annotations

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from rantai.core.tasks import send_email, send_email_after_commit
from tests.subprocess_env import rantai


@pytest.mark.django_db(transaction=True)
def test_worker_process_sends_a_queued_email(tmp_path):
    result = send_email.enqueue("Selamat datang", "Akun Anda siap.", ["siti@example.id"])
    assert DBTaskResult.objects.get(pk=result.id).status == "READY"

    done = rantai(
        "worker", "--batch", "--no-reload", "--no-startup-delay", "--queue-name", "*",
        env={"RANTAI_VAR_DIR": str(tmp_path), "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend"},
    )

    assert done.returncode == 0, done.stderr
    task_row = DBTaskResult.objects.get(pk=result.id)
    assert task_row.status == "SUCCESSFUL", task_row.traceback
    sent = list((tmp_path / "mail").iterdir())
    assert len(sent) == 1
    assert "Selamat datang" in sent[0].read_text()


@pytest.mark.django_db(transaction=True)
def test_email_is_not_queued_when_the_transaction_rolls_back():
    class Abort(Exception):
        pass

    with pytest.raises(Abort), transaction.atomic():
        send_email_after_commit("Hello", "body", ["a@example.org"])
        raise Abort

    assert DBTaskResult.objects.count() == 0

    with transaction.atomic():
        send_email_after_commit("Hello", "body", ["a@example.org"])
    assert DBTaskResult.objects.count() == 1
