"""Background jobs shared by every domain. Run by ``rantai worker`` (django-tasks database backend)."""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django_tasks import task


@task()
def send_email(subject: str, body: str, to: list[str], html_body: str = "") -> int:
    message = EmailMultiAlternatives(subject=subject, body=body, to=to)
    if html_body:
        message.attach_alternative(html_body, "text/html")
    return message.send()


def send_email_after_commit(subject: str, body: str, to: list[str], html_body: str = "") -> None:
    """Queue an e-mail once the surrounding transaction commits, so a rolled-back change sends nothing."""
    transaction.on_commit(lambda: send_email.enqueue(subject, body, to, html_body))


@task()
def heartbeat() -> str:
    """A daily no-op whose results show an operator that scheduler and worker are alive."""
    return "ok"
