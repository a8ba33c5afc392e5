"""Daily jobs of the directory (registered in ``core.schedule.DAILY_JOBS``)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import formats, timezone, translation
from django_tasks import task

from rantai.directory.models import Certification
from rantai.directory.notifications import notify_owners

REMIND_DAYS_BEFORE = 30


def send_expiry_reminders(today: dt.date | None = None) -> int:
    """E-mail the owners once about each certification expiring within 30 days; returns how many were sent.

    Each certification is claimed with a conditional UPDATE on ``reminder_sent_on``, so two workers running
    the job at once send one e-mail, not two.
    """
    today = today or timezone.now().date()
    due = Certification.objects.filter(
        reminder_sent_on__isnull=True,
        valid_until__gte=today,
        valid_until__lte=today + dt.timedelta(days=REMIND_DAYS_BEFORE),
    ).select_related("organisation", "type")
    sent = 0
    for certification in due.iterator():
        with transaction.atomic():
            claimed = Certification.objects.filter(pk=certification.pk, reminder_sent_on__isnull=True).update(
                reminder_sent_on=today
            )
            if not claimed:
                continue
            assert certification.valid_until is not None
            notify_owners(
                certification.organisation,
                "certification_expiring",
                certification=certification.type,
                number=certification.number,
                date=_LocalDate(certification.valid_until),
            )
            sent += 1
    return sent


class _LocalDate:
    """A date that formats itself in the language active when the e-mail is written."""

    def __init__(self, day: dt.date) -> None:
        self.day = day

    def __str__(self) -> str:
        return str(formats.date_format(self.day, "DATE_FORMAT", use_l10n=True))


@task()
def remind_expiring_certifications() -> int:
    with translation.override(None):
        return send_expiry_reminders()
