"""Background jobs of matchmaking, run by ``rantai worker``. Each may run twice after a crash and changes
nothing more the second time: notices are unique per (organisation, kind, request, key), matches are marked
notified in the same transaction that creates their notices, and e-mails go only to notices not yet e-mailed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TypeVar

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from rantai.directory.models import Membership
from rantai.matching.models import Match, Notification, Responsiveness, SourcingRequest

EMAIL_BATCH = 2000  # notices read per query
RECIPIENTS_PER_MESSAGE = 100  # many mail servers refuse more recipients in one message
T = TypeVar("T")


@task()
def notify_matches(request_id: int) -> int:
    """Notify every matched supplier not yet notified of this request; returns how many were notified."""
    with transaction.atomic():
        pending = list(
            Match.objects.select_for_update()
            .filter(request_id=request_id, notified_at__isnull=True)
            .values_list("pk", "organisation_id")
        )
        if pending:
            organisation_ids = [org for _pk, org in pending]
            Notification.objects.bulk_create(
                [
                    Notification(organisation_id=org, kind=Notification.Kind.MATCHED, request_id=request_id)
                    for org in organisation_ids
                ],
                ignore_conflicts=True,
                batch_size=1000,
            )
            Match.objects.filter(pk__in=[pk for pk, _org in pending]).update(notified_at=timezone.now())
            Responsiveness.objects.bulk_create(
                [Responsiveness(organisation_id=org) for org in organisation_ids],
                ignore_conflicts=True,
                batch_size=1000,
            )
            for chunk in _chunks(organisation_ids, 900):
                Responsiveness.objects.filter(organisation_id__in=chunk).update(matched=F("matched") + 1)
        # Also when nothing is pending: a run that stopped after its commit but before its e-mails left
        # them to this one.
        notice_ids = list(
            Notification.objects.filter(
                request_id=request_id, kind=Notification.Kind.MATCHED, emailed_at__isnull=True
            ).values_list("pk", flat=True)
        )
    deliver_notifications.call(notice_ids)
    return len(pending)


@task()
def deliver_notifications(notification_ids: list[int]) -> int:
    """E-mail each notice not yet e-mailed to its organisation's owners, each in the owner's language.

    Notices of the same kind about the same request say the same thing in the same language, so the text is
    put together once and goes out as one message to up to ``RECIPIENTS_PER_MESSAGE`` owners (in Bcc, so no
    owner sees another): 10,000 matched suppliers cost about a hundred messages, not 10,000 — building and
    sending each MIME message is what takes the time. Returns the number of recipients.
    """
    sent = 0
    connection = get_connection()
    for chunk in _chunks(notification_ids, EMAIL_BATCH):
        notices = list(
            Notification.objects.filter(pk__in=chunk, emailed_at__isnull=True).select_related("request")
        )
        if not notices:
            continue
        owners: dict[int, list[tuple[str, str]]] = defaultdict(list)
        for org_id, email, language in Membership.objects.filter(
            organisation_id__in={n.organisation_id for n in notices}, role=Membership.Role.OWNER
        ).values_list("organisation_id", "user__email", "user__preferred_language"):
            owners[org_id].append((email, language or settings.LANGUAGE_CODE))
        recipients: dict[tuple[str, int, str], list[str]] = defaultdict(list)
        for notice in notices:
            for email, language in owners[notice.organisation_id]:
                recipients[(notice.kind, notice.request_id, language)].append(email)
        requests = {notice.request_id: notice.request for notice in notices}
        messages = []
        for (kind, request_id, language), emails in recipients.items():
            subject, body = _text(kind, requests[request_id], language)
            for batch in _chunks(emails, RECIPIENTS_PER_MESSAGE):
                single = len(batch) == 1
                messages.append(
                    EmailMessage(subject, body, to=batch if single else [], bcc=[] if single else batch)
                )
            sent += len(emails)
        connection.send_messages(messages)
        Notification.objects.filter(pk__in=[n.pk for n in notices]).update(emailed_at=timezone.now())
    return sent


def _text(kind: str, request: SourcingRequest, language: str) -> tuple[str, str]:
    """Subject and body of a notice in ``language``."""
    with translation.override(language):
        what = str(Notification.Kind(kind).label)
        subject = _("Rantai: %(what)s") % {"what": what}
        url = settings.SITE_URL.rstrip("/") + reverse("matching:request", args=[request.pk])
        body = _("%(what)s: “%(title)s”.\n\nSee it and answer on Rantai:") % {
            "what": what.capitalize(),
            "title": request.title,
        }
        return str(subject), f"{body}\n{url}\n"


@task()
def expire_requests() -> int:
    """Daily: open requests past their deadline become expired."""
    from rantai.matching.actions import expire_due

    return expire_due()


def _chunks(values: Iterable[T], size: int) -> Iterable[list[T]]:
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]
