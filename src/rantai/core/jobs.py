"""Recovering background jobs whose worker died.

django-tasks-db marks a job RUNNING when a worker claims it and SUCCESSFUL/FAILED when the worker finishes.
A worker killed in between (SIGKILL, out of memory, a machine lost) leaves the job RUNNING for ever: nothing
in the library gives it back. ``requeue_abandoned_jobs`` does: a job RUNNING for longer than the lease
(``JOB_LEASE_SECONDS``, longer than any job takes) is put back to READY, with one conditional UPDATE so two
sweepers never requeue the same job twice and a job that finished meanwhile is left alone.

Delivery is therefore at least once: a job must be idempotent (check before it acts, or write under a unique
key) so that running it again after a crash changes nothing more. Run the sweep with
``rantai jobs requeue-abandoned`` (from cron or beside the scheduler).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

DEFAULT_LEASE_SECONDS = 30 * 60


def lease() -> dt.timedelta:
    return dt.timedelta(seconds=getattr(settings, "JOB_LEASE_SECONDS", DEFAULT_LEASE_SECONDS))


def abandoned_jobs(older_than: dt.timedelta | None = None, now: dt.datetime | None = None) -> list[str]:
    """Ids of jobs RUNNING since before ``now - older_than``."""
    cutoff = (now or timezone.now()) - (lease() if older_than is None else older_than)
    return [
        str(pk)
        for pk in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lte=cutoff)
        .order_by("started_at")
        .values_list("pk", flat=True)
    ]


def requeue_abandoned_jobs(older_than: dt.timedelta | None = None, now: dt.datetime | None = None) -> list[str]:
    """Put every abandoned job back in its queue; returns the ids requeued by this call."""
    cutoff = (now or timezone.now()) - (lease() if older_than is None else older_than)
    requeued = []
    for pk in abandoned_jobs(older_than, now):
        # Conditional on the state we saw, so a job finished (or requeued by another sweeper) in the meantime
        # is not touched.
        changed = DBTaskResult.objects.filter(
            pk=pk, status=TaskResultStatus.RUNNING, started_at__lte=cutoff
        ).update(status=TaskResultStatus.READY, started_at=None)
        if changed:
            requeued.append(pk)
    return requeued
