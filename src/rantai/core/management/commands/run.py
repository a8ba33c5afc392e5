"""Set up and run the whole platform: web server plus background worker, until interrupted."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Migrate, load reference and demo data, then serve the platform with its worker."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=os.environ.get("RANTAI_BIND", "127.0.0.1:8000"))
        parser.add_argument("--no-setup", action="store_true", help="Skip migrate and data loading.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["no_setup"]:
            call_command("i18n", "compile")
            call_command("migrate", interactive=False, verbosity=0)
            call_command("collectstatic", interactive=False, verbosity=0)
            call_command("data", "load-reference")
            call_command("demo", "load")
        rantai = [sys.executable, "-m", "rantai.cli"]
        children = [
            subprocess.Popen([*rantai, "serve", "--bind", options["bind"]]),
            subprocess.Popen([*rantai, "worker", "--queue-name", "*", "--no-reload"]),
            subprocess.Popen([*rantai, "scheduler"]),
        ]
        self.stdout.write(self.style.SUCCESS(f"Rantai is running at http://{options['bind']}/ (Ctrl-C stops it)."))

        def stop(signum: int, frame: object) -> None:
            for child in children:
                child.terminate()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        try:
            # If any child dies the platform is not whole: stop the other and report it.
            while all(child.poll() is None for child in children):
                time.sleep(0.5)
        finally:
            stop(signal.SIGTERM, None)
            for child in children:
                child.wait(timeout=15)
        codes = [child.returncode for child in children]
        if any(code not in (0, -signal.SIGTERM) for code in codes):
            sys.exit(1)
