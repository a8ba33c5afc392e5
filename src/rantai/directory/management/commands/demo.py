"""``rantai demo load``: the small demo data set, with the logins printed."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Load the demo data set (local instances only) and print its logins."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("load", help="Create demo users and organisations (idempotent).")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("Demo data has well-known passwords and is refused in production.")
        from rantai.directory.demo import load_demo

        logins = load_demo()
        self.stdout.write("Demo logins (local use only):")
        for login in logins:
            self.stdout.write(f"  {login.role:<34} {login.email:<24} {login.password}")
