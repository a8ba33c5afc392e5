"""``rantai officials …``: appoint trade officials (a platform admin's job, never self-service).

rantai officials add EMAIL --economy IDN --agency "Kementerian Perdagangan" [--position "Director"]
rantai officials remove EMAIL          ends the appointment (the account stays)
rantai officials list [--economy IDN]
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rantai.accounts.actions import appoint_official, end_official_appointment
from rantai.accounts.models import TradeOfficial
from rantai.core.errors import RantaiError


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="Appoint an existing user as trade official of one economy.")
        add.add_argument("email")
        add.add_argument("--economy", required=True, help="ISO 3166 alpha-3 code, e.g. IDN.")
        add.add_argument("--agency", required=True)
        add.add_argument("--position", default="")
        remove = sub.add_parser("remove", help="End an official's appointment.")
        remove.add_argument("email")
        listing = sub.add_parser("list", help="List active officials.")
        listing.add_argument("--economy", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "add":
                official = appoint_official(
                    options["email"],
                    economy_iso3=options["economy"],
                    agency=options["agency"],
                    position=options["position"],
                )
                self.stdout.write(
                    f"{official.user.email} is a trade official of {official.economy_id} ({official.agency})."
                )
            elif options["action"] == "remove":
                end_official_appointment(options["email"])
                self.stdout.write(f"{options['email']} is no longer a trade official.")
            else:
                officials = TradeOfficial.objects.filter(active=True).select_related("user")
                if options["economy"]:
                    officials = officials.filter(economy_id=options["economy"].upper())
                for official in officials.order_by("economy_id", "user__email"):
                    self.stdout.write(f"{official.economy_id}\t{official.user.email}\t{official.agency}")
        except RantaiError as exc:
            raise CommandError(str(exc.message)) from exc
