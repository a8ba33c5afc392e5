"""Serve the platform over HTTP with gunicorn (static files through WhiteNoise)."""

from __future__ import annotations

import os
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve the web application and API with gunicorn."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=os.environ.get("RANTAI_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2")))

    def handle(self, *args: Any, **options: Any) -> None:
        argv = [
            sys.executable, "-m", "gunicorn", "rantai.wsgi:application",
            "--bind", options["bind"],
            "--workers", str(options["workers"]),
            "--threads", "4",
            "--config", "python:rantai.core.gunicorn_conf",
            "--access-logfile", "-",
            "--graceful-timeout", "10",
            # gunicorn closes an idle kept-alive connection after 2 s by default, so a client that sends its next
            # request as the server closes gets a dropped connection; people pause longer than 2 s between clicks.
            "--keep-alive", "30",
        ]
        # Replace this process so signals reach gunicorn directly.
        os.execv(sys.executable, argv)  # noqa: S606
