from __future__ import annotations

import datetime as dt

import pytest

from rantai.core import schedule

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 28)


def test_a_daily_job_is_claimed_once_per_day():
    assert schedule.claim("rantai.example.job", DAY) is True
    assert schedule.claim("rantai.example.job", DAY) is False
    assert schedule.claim("rantai.example.job", DAY + dt.timedelta(days=1)) is True


def test_due_jobs_are_enqueued_for_the_worker(monkeypatch):
    from django_tasks_db.models import DBTaskResult

    monkeypatch.setattr(schedule, "DAILY_JOBS", ["rantai.core.tasks.heartbeat"])
    assert schedule.enqueue_due_jobs(DAY) == ["rantai.core.tasks.heartbeat"]
    assert schedule.enqueue_due_jobs(DAY) == []
    assert DBTaskResult.objects.filter(task_path="rantai.core.tasks.heartbeat").count() == 1
