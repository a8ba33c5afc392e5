"""``rantai demo load``: the small demo data set, with the logins printed.
``rantai demo generate --orgs N --products M``: many realistic organisations and products (demos, benchmarks)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Load the demo data set (local instances only) and print its logins."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("load", help="Create demo users and organisations (idempotent).")
        generate = sub.add_parser(
            "generate", help="Generate organisations and products across the 21 APEC economies."
        )
        generate.add_argument("--orgs", type=int, required=True, help="Organisations to create.")
        generate.add_argument("--products", type=int, required=True, help="Products to create.")
        generate.add_argument("--seed", type=int, default=2026, help="Random seed (same seed, same data).")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("Demo data has well-known passwords and is refused in production.")
        if options["action"] == "generate":
            self._generate(options)
            return
        from rantai.directory.demo import load_demo

        logins = load_demo()
        self.stdout.write("Demo logins (local use only):")
        for login in logins:
            self.stdout.write(f"  {login.role:<34} {login.email:<24} {login.password}")

    def _generate(self, options: dict[str, Any]) -> None:
        import time

        from rantai.search.demo_generate import generate

        if options["orgs"] < 1 or options["products"] < 0:
            raise CommandError("--orgs must be at least 1 and --products at least 0.")
        started = time.perf_counter()
        result = generate(
            options["orgs"],
            options["products"],
            seed=options["seed"],
            progress=lambda m: self.stdout.write(f"  {m}"),
        )
        self.stdout.write(
            f"Generated {result.organisations:,} organisations in {result.economies} economies and "
            f"{result.products:,} products ({result.documents:,} published) in {time.perf_counter() - started:.1f} s."
        )
