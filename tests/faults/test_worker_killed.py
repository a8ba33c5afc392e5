"""The worker SIGKILLed in the middle of a batch: after recovery and a new worker, every job is done once."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from rantai.core.jobs import requeue_abandoned_jobs
from tests.faults.jobs import record_once
from tests.subprocess_env import RANTAI, database_url, rantai

JOBS = 6


def _worker(env_dir: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DATABASE_URL": database_url(), "RANTAI_PROFILE": "test", "RANTAI_VAR_DIR": str(env_dir)}
    return subprocess.Popen(
        [*RANTAI, "worker", "--queue-name", "*", "--no-reload", "--no-startup-delay", "--interval", "0.1"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def _wait_for(condition, timeout: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.05)


@pytest.mark.django_db(transaction=True)
def test_a_killed_worker_loses_no_job_and_repeats_none(tmp_path: Path) -> None:
    ledger = tmp_path / "ledger.txt"
    ledger.touch()
    ids = [record_once.enqueue(str(ledger), f"job-{n}", 1.0).id for n in range(JOBS)]

    worker = _worker(tmp_path)
    try:
        # Kill it while it is inside a job, after it has finished at least one.
        _wait_for(lambda: len(ledger.read_text().split()) >= 1, 120, "the first job to finish")
        _wait_for(
            lambda: DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).exists(), 30, "a running job"
        )
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()

    stuck = list(DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).values_list("pk", flat=True))
    assert len(stuck) == 1, "the killed worker should leave exactly the job it was running as RUNNING"

    # A sweep within the lease leaves it alone (its worker might still be alive) ...
    assert requeue_abandoned_jobs(dt.timedelta(minutes=30)) == []
    # ... and past the lease gives it back, once.
    swept = rantai("jobs", "requeue-abandoned", "--older-than", "0")
    assert swept.returncode == 0, swept.stderr
    assert "Requeued 1 abandoned job(s)." in swept.stdout
    assert requeue_abandoned_jobs(dt.timedelta(0)) == []

    done = rantai(
        "worker", "--batch", "--no-reload", "--no-startup-delay", "--queue-name", "*",
        env={"RANTAI_VAR_DIR": str(tmp_path)}, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    statuses = dict(DBTaskResult.objects.filter(pk__in=ids).values_list("pk", "status"))
    assert set(statuses.values()) == {TaskResultStatus.SUCCESSFUL}, statuses
    keys = ledger.read_text().split()
    assert sorted(keys) == sorted(f"job-{n}" for n in range(JOBS)), keys  # each exactly once


@pytest.mark.django_db(transaction=True)
def test_the_sweep_leaves_finished_and_recent_jobs_alone() -> None:
    now = timezone.now()
    old = record_once.enqueue("/dev/null", "old", 0)
    recent = record_once.enqueue("/dev/null", "recent", 0)
    finished = record_once.enqueue("/dev/null", "finished", 0)
    DBTaskResult.objects.filter(pk=old.id).update(status=TaskResultStatus.RUNNING, started_at=now - dt.timedelta(hours=2))
    DBTaskResult.objects.filter(pk=recent.id).update(status=TaskResultStatus.RUNNING, started_at=now)
    DBTaskResult.objects.filter(pk=finished.id).update(
        status=TaskResultStatus.SUCCESSFUL, started_at=now - dt.timedelta(hours=2)
    )

    assert requeue_abandoned_jobs() == [str(old.id)]

    statuses = {str(pk): status for pk, status in DBTaskResult.objects.values_list("pk", "status")}
    assert statuses[old.id] == TaskResultStatus.READY
    assert statuses[recent.id] == TaskResultStatus.RUNNING
    assert statuses[finished.id] == TaskResultStatus.SUCCESSFUL
