"""Import-tax facts written by the Rantai project (``import_taxes.toml``), loaded by ``rantai data load-reference``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from rantai.core.errors import ImportFileError
from rantai.directory.loaders import fact_entries, fact_source, fact_summary, upsert_fact
from rantai.tariffs.models import ImportTax, TaxBasis

IMPORT_TAXES = Path(__file__).resolve().parent / "import_taxes.toml"


def load_import_taxes(path: Path = IMPORT_TAXES) -> list[str]:
    known = {"economy", "tax", "name", "rate", "basis", "conditions", "valid_from", "source"}
    facts, entries = fact_entries(path, "tax", known, known - {"conditions"})
    outcomes = []
    with transaction.atomic():
        for index, entry in enumerate(entries):
            if entry["basis"] not in TaxBasis.values:
                raise ImportFileError(path, 0, f"tax[{index}]", f"unknown basis {entry['basis']!r}")
            conditions = entry.get("conditions", "")
            key = f"{entry['economy']}-{entry['tax']}-{conditions or 'all'}"
            source = fact_source("import-tax", key, facts, entry)
            lookup = {"economy_id": entry["economy"], "tax": entry["tax"], "conditions": conditions,
                      "valid_from": dt.date.fromisoformat(entry["valid_from"]), "hs_prefix": ""}  # fmt: skip
            values = {"name": entry["name"], "rate": Decimal(entry["rate"]), "basis": entry["basis"],
                      "source_id": source.pk}  # fmt: skip
            outcomes.append(upsert_fact(ImportTax, lookup, values))
    return [fact_summary("Import taxes", len(entries), outcomes)]
