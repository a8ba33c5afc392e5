"""``rantai match``: the suppliers the match engine ranks for a stored sourcing request, with the reasons.

  rantai match --request 42 [--json] [--limit 20] [--store]

Prints each ranked supplier with its score and the components of the score (value, weight and reason). The
ranking is computed afresh and changes nothing, unless ``--store``: then the request's stored matches are
refreshed as when it is opened (``actions.refresh_matches``; new matches are notified by the worker), which
only an open request allows. With ``--json`` one object is written::

  {"request": 42, "hs6": "090111", "destination": "JPN",
   "matches": [{"rank", "organisation_id", "organisation", "economy", "product_id", "product", "score",
                "components": [{"name", "value", "weight", "reason", "text"}]}]}

An unknown request is an error with exit status 1.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rantai.matching import actions, engine
from rantai.matching.models import SourcingRequest

MAX_LIMIT = 100


class Command(BaseCommand):
    help = "Rank the suppliers for a sourcing request and show why (--store also saves them as its matches)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--request", type=int, required=True, help="The sourcing request's id.")
        parser.add_argument("--json", action="store_true", help="One JSON object on standard output.")
        parser.add_argument(
            "--limit", type=int, default=engine.DEFAULT_LIMIT, help=f"Suppliers shown (1 to {MAX_LIMIT})."
        )
        parser.add_argument(
            "--store",
            action="store_true",
            help="Also refresh the request's stored matches (open requests only).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        limit = options["limit"]
        if not 1 <= limit <= MAX_LIMIT:
            raise CommandError(f"--limit must be between 1 and {MAX_LIMIT}.", returncode=1)
        request = (
            SourcingRequest.objects.select_related("destination", "hs").filter(pk=options["request"]).first()
        )
        if request is None:
            raise CommandError(f"There is no sourcing request {options['request']}.", returncode=1)
        if options["store"] and request.status != SourcingRequest.Status.OPEN:
            raise CommandError(
                f"Request {request.pk} is {request.status}: only an open request's matches are stored "
                "(its matched suppliers are notified).",
                returncode=1,
            )
        ranked = engine.rank(engine.spec_for(request), limit=limit)
        if options["store"]:
            stored = actions.refresh_matches(request)
            self.stderr.write(f"Stored {len(stored)} match(es) for request {request.pk}.")
        rows = [self._row(position, item) for position, item in enumerate(ranked, start=1)]
        if options["json"]:
            document = {
                "request": request.pk,
                "hs6": request.hs_id,
                "destination": request.destination_id,
                "matches": rows,
            }
            self.stdout.write(json.dumps(document, ensure_ascii=False))
        else:
            self._print(request, rows)

    @staticmethod
    def _row(position: int, item: engine.Ranked) -> dict[str, Any]:
        document = item.document
        return {
            "rank": position,
            "organisation_id": item.organisation_id,
            "organisation": document.organisation_name,
            "economy": document.economy,
            "product_id": item.product_id,
            "product": document.title,
            "score": round(item.score, 4),
            "components": [
                {
                    "name": c.name,
                    "value": round(c.value, 4),
                    "weight": round(c.weight, 4),
                    "reason": c.reason,
                    "text": engine.reason_text(c.as_json()),
                }
                for c in item.components
            ],
        }

    def _print(self, request: SourcingRequest, rows: list[dict[str, Any]]) -> None:
        self.stdout.write(
            f"Request {request.pk} ({request.status}): {request.title} — HS {request.hs_id or '(none)'}, "
            f"to {request.destination_id}"
        )
        if not rows:
            self.stdout.write("No supplier fits this request.")
        for row in rows:
            self.stdout.write(
                f"{row['rank']:>3}. {row['score']:.4f}  {row['organisation']} ({row['economy']}, "
                f"organisation {row['organisation_id']}) — {row['product']} (product {row['product_id']})"
            )
            for c in row["components"]:
                self.stdout.write(
                    f"       {c['name']:<16}{c['value']:>6.2f} (weight {c['weight']:.2f})  {c['text']}"
                )
