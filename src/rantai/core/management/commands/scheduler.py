"""``rantai scheduler``: enqueue the daily jobs once a day (``--once`` to check and exit)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from rantai.core.schedule import enqueue_due_jobs


class Command(BaseCommand):
    help = "Enqueue daily jobs for the worker, once per day."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Enqueue what is due now, then exit.")
        parser.add_argument("--interval", type=int, default=300, help="Seconds between checks.")

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            for job in enqueue_due_jobs():
                self.stdout.write(f"Enqueued daily job {job}")
            if options["once"]:
                return
            time.sleep(options["interval"])
