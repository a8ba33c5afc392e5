"""Matched suppliers are notified by the real worker: one notice and one e-mail per owner, however often the job
runs, and a run that stopped before its e-mails leaves them to the next one."""

from __future__ import annotations

from email import message_from_string
from pathlib import Path
from typing import Any

import pytest
from django_tasks_db.models import DBTaskResult

from rantai.directory.models import Membership
from rantai.matching import tasks
from rantai.matching.models import Match, Notification, Responsiveness
from tests import mail_backend
from tests.factories import MembershipFactory
from tests.matching.helpers import buyer, posted, product, supplier
from tests.subprocess_env import rantai

REPO = Path(__file__).resolve().parents[2]


def run_worker(var_dir: Path) -> None:
    done = rantai(
        "worker",
        "--batch",
        "--no-reload",
        "--no-startup-delay",
        "--queue-name",
        "*",
        env={"RANTAI_VAR_DIR": str(var_dir), "EMAIL_BACKEND": mail_backend.PATH, "PYTHONPATH": str(REPO)},
        timeout=300,
    )
    assert done.returncode == 0, done.stderr


def sent_mail(var_dir: Path) -> list[Any]:
    """Every message the file backend wrote (one file per connection, messages separated by a line of dashes)."""
    folder = var_dir / "mail"
    if not folder.exists():
        return []
    messages = []
    for path in sorted(folder.iterdir()):
        for chunk in path.read_text().split("-" * 79):
            if chunk.strip():
                messages.append(message_from_string(chunk.strip()))
    return messages


@pytest.mark.django_db(transaction=True)
def test_the_worker_notifies_each_matched_supplier_once(tmp_path: Path, reference_data: None) -> None:
    osaka, osaka_owner = buyer()
    owners = []
    for name in ("Kopi Gayo Lestari", "Kopi Toraja Sejahtera"):
        org, owner = supplier(name)
        MembershipFactory(
            organisation=org, role=Membership.Role.MEMBER
        )  # members get the notice, not the e-mail
        product(org, owner, title=f"Kopi arabika {name}")
        owners.append(owner.email)
    request = posted(osaka, osaka_owner)  # committed: the job is queued for the worker
    queued = DBTaskResult.objects.filter(task_path="rantai.matching.tasks.notify_matches")
    assert queued.count() == 1 and queued.get().status == "READY"

    run_worker(tmp_path)

    assert queued.get().status == "SUCCESSFUL", queued.get().traceback
    notices = Notification.objects.filter(request=request, kind=Notification.Kind.MATCHED)
    assert notices.count() == 2 and not notices.filter(emailed_at__isnull=True).exists()
    assert not Match.objects.filter(request=request, notified_at__isnull=True).exists()
    mails = sent_mail(tmp_path)
    # Both owners read English: one message, both in Bcc, neither sees the other.
    assert mail_backend.envelope_recipients(mails) == sorted(owners)
    assert all(not m["To"] for m in mails)
    assert all(m["Subject"] == "Rantai: a new sourcing request fits your catalogue" for m in mails)
    assert all(f"/sourcing/requests/{request.pk}/" in m.get_payload() for m in mails)
    assert list(Responsiveness.objects.values_list("matched", flat=True)) == [1, 1]

    # The same job again (a retry, a second enqueue): nothing more.
    tasks.notify_matches.enqueue(request.pk)
    run_worker(tmp_path)

    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 2
    assert notices.count() == 2
    assert mail_backend.envelope_recipients(sent_mail(tmp_path)) == sorted(owners)  # nobody got it twice
    assert list(Responsiveness.objects.values_list("matched", flat=True)) == [1, 1]


@pytest.mark.django_db
def test_a_run_stopped_before_its_emails_leaves_them_to_the_next(monkeypatch, mailoutbox) -> None:
    osaka, osaka_owner = buyer()
    org, owner = supplier("Kopi Gayo Lestari")
    product(org, owner)
    request = posted(osaka, osaka_owner)

    def mail_server_down(*args: Any, **kwargs: Any) -> Any:
        raise ConnectionRefusedError("mail server down")

    with monkeypatch.context() as patched:
        patched.setattr(tasks, "get_connection", mail_server_down)
        with pytest.raises(ConnectionRefusedError):
            tasks.notify_matches.call(request.pk)
    # The notices and the marks were committed; the e-mails were not sent.
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 1
    assert mailoutbox == []

    assert tasks.notify_matches.call(request.pk) == 0  # nothing left to notify …
    assert [m.to for m in mailoutbox] == [[owner.email]]  # … but the e-mail still goes
    tasks.notify_matches.call(request.pk)
    assert len(mailoutbox) == 1
