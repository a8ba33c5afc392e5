"""Background jobs of matchmaking, run by ``rantai worker``. Each may run twice after a crash and changes
nothing more the second time: notices are unique per (organisation, kind, request, key), matches are marked
notified in the same transaction that creates their notices, and e-mails go only to notices not yet e-mailed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from rantai.directory.models import Membership
from rantai.matching.models import Match, Notification, Responsiveness

EMAIL_BATCH = 500


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
    """E-mail each notice not yet e-mailed to its organisation's owners, each in the owner's language."""
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
            owners[org_id].append((email, language))
        messages = [
            _email(notice, email, language)
            for notice in notices
            for email, language in owners[notice.organisation_id]
        ]
        connection.send_messages(messages)
        Notification.objects.filter(pk__in=[n.pk for n in notices]).update(emailed_at=timezone.now())
        sent += len(messages)
    return sent


def _email(notice: Notification, email: str, language: str) -> EmailMessage:
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = _("Rantai: %(what)s") % {"what": notice.get_kind_display()}
        url = settings.SITE_URL.rstrip("/") + reverse("matching:request", args=[notice.request_id])
        body = _("%(what)s: “%(title)s”.\n\nSee it and answer on Rantai:") % {
            "what": notice.get_kind_display().capitalize(),
            "title": notice.request.title,
        }
        return EmailMessage(subject=str(subject), body=f"{body}\n{url}\n", to=[email])


@task()
def expire_requests() -> int:
    """Daily: open requests past their deadline become expired."""
    from rantai.matching.actions import expire_due

    return expire_due()


def _chunks(values: Sequence[int] | Iterable[int], size: int) -> Iterable[list[int]]:
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]
