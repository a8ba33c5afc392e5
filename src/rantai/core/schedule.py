"""Daily jobs: enqueued once a day by ``rantai scheduler`` (which ``rantai run`` starts).

A domain registers a daily job by adding the dotted path of a django-tasks ``@task()`` taking no arguments to
``DAILY_JOBS``. The scheduler only enqueues; the worker runs the job.
"""

from __future__ import annotations

import datetime as dt
from importlib import import_module

from django.db import IntegrityError, transaction
from django.utils import timezone

from rantai.core.models import DailyRun

DAILY_JOBS: list[str] = [
    "rantai.core.tasks.heartbeat",
    "rantai.directory.tasks.remind_expiring_certifications",
    "rantai.matching.tasks.expire_requests",
]


def claim(job: str, today: dt.date) -> bool:
    """True for exactly one caller per job and day."""
    if DailyRun.objects.filter(job=job, last_run_on__lt=today).update(last_run_on=today):
        return True
    try:
        with transaction.atomic():
            DailyRun.objects.create(job=job, last_run_on=today)
    except IntegrityError:
        return False  # already ran today (or another scheduler just claimed it)
    return True


def enqueue_due_jobs(today: dt.date | None = None) -> list[str]:
    """Enqueue every daily job not yet enqueued today; returns the ones enqueued."""
    today = today or timezone.now().date()
    enqueued = []
    for path in DAILY_JOBS:
        if claim(path, today):
            module_name, _, attr = path.rpartition(".")
            task = getattr(import_module(module_name), attr)
            task.enqueue()
            enqueued.append(path)
    return enqueued
