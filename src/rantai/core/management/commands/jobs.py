"""``rantai jobs requeue-abandoned [--older-than SECONDS]``: give back jobs whose worker died."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from rantai.core.jobs import requeue_abandoned_jobs


class Command(BaseCommand):
    help = "Background jobs: requeue those left RUNNING by a worker that died."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["requeue-abandoned"])
        parser.add_argument(
            "--older-than", type=float, default=None,
            help="Seconds a job must have been running (default: JOB_LEASE_SECONDS, 30 minutes).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        older = options["older_than"]
        requeued = requeue_abandoned_jobs(None if older is None else dt.timedelta(seconds=older))
        self.stdout.write(f"Requeued {len(requeued)} abandoned job(s).")
        for pk in requeued:
            self.stdout.write(f"  {pk}")
