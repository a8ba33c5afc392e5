"""Directory facts we write ourselves: identifier schemes, certification types and size-class rules.

Run by ``rantai data load-reference``. Rows named in the facts files are created or corrected; rows admins
added in the back office are left alone. A repeat load changes nothing.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import models, transaction

from rantai.core.errors import ImportFileError
from rantai.core.models import DataSource
from rantai.directory.models import CertificationType, IdentifierScheme, SizeClassRule
from rantai.reference.importers.economies import read_facts_file
from rantai.reference.importers.sources import facts_source
from rantai.reference.models import Economy

FACTS_DIR = Path(__file__).resolve().parent / "facts"


def fact_source(kind: str, key: str, facts: dict[str, Any], entry: dict[str, Any]) -> DataSource:
    src = entry["source"]
    return facts_source(
        f"rantai-facts-{kind}-{key}".lower()[:120],
        facts["facts"]["version"],
        src["title"],
        src["publisher"],
        url=src.get("url", ""),
    )


def upsert_fact(model: type[models.Model], lookup: dict[str, Any], values: dict[str, Any]) -> str:
    """'created', 'changed' or '' — writing only fields that differ."""
    row = model._default_manager.filter(**lookup).first()
    if row is None:
        model._default_manager.create(**lookup, **values)
        return "created"
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    if not changed:
        return ""
    for name in changed:
        setattr(row, name, values[name])
    row.save(update_fields=changed)
    return "changed"


def fact_entries(path: Path, table: str, known: set[str], required: set[str]) -> tuple[dict[str, Any], list[Any]]:
    facts = read_facts_file(path)
    entries: list[dict[str, Any]] = facts.get(table, [])
    economies = set(Economy.objects.values_list("iso3", flat=True))
    for index, entry in enumerate(entries):
        column = f"{table}[{index}]"
        if unknown := set(entry) - known:
            raise ImportFileError(path, 0, column, f"unknown keys {sorted(unknown)}")
        if missing := required - set(entry):
            raise ImportFileError(path, 0, column, f"missing keys {sorted(missing)}")
        if entry.get("economy") and entry["economy"] not in economies:
            raise ImportFileError(path, 0, column, f"unknown economy {entry['economy']!r}")
    return facts, entries


def load_identifier_schemes(path: Path = FACTS_DIR / "identifier_schemes.toml") -> list[str]:
    known = {
        "code",
        "economy",
        "name",
        "name_id",
        "regex",
        "strip",
        "uppercase",
        "checksum",
        "example",
        "source",
    }
    facts, entries = fact_entries(path, "scheme", known, {"code", "economy", "name", "regex", "source"})
    outcomes = []
    with transaction.atomic():
        for entry in entries:
            source = fact_source("identifier", entry["code"], facts, entry)
            values = {
                "economy_id": entry["economy"],
                "name": entry["name"],
                "name_id": entry.get("name_id", ""),
                "regex": entry["regex"],
                "strip": entry.get("strip", " "),
                "uppercase": bool(entry.get("uppercase", False)),
                "checksum": entry.get("checksum", ""),
                "example": entry.get("example", ""),
                "source_id": source.pk,
            }
            outcomes.append(upsert_fact(IdentifierScheme, {"code": entry["code"]}, values))
    return [fact_summary("Identifier schemes", len(entries), outcomes)]


def load_certification_types(path: Path = FACTS_DIR / "certification_types.toml") -> list[str]:
    known = {"code", "economy", "name", "name_id", "issuer_hint", "source"}
    facts, entries = fact_entries(path, "type", known, {"code", "name", "source"})
    outcomes = []
    with transaction.atomic():
        for entry in entries:
            source = fact_source("certification", entry["code"], facts, entry)
            values = {
                "economy_id": entry.get("economy"),
                "name": entry["name"],
                "name_id": entry.get("name_id", ""),
                "issuer_hint": entry.get("issuer_hint", ""),
                "source_id": source.pk,
            }
            outcomes.append(upsert_fact(CertificationType, {"code": entry["code"]}, values))
    return [fact_summary("Certification types", len(entries), outcomes)]


def load_size_class_rules(path: Path = FACTS_DIR / "size_classes.toml") -> list[str]:
    known = {"economy", "measure", "currency", "micro_max", "small_max", "medium_max", "priority", "legal_basis",
             "source"}  # fmt: skip
    facts, entries = fact_entries(path, "rule", known, known - {"currency"})
    outcomes = []
    with transaction.atomic():
        for index, entry in enumerate(entries):
            limits = [Decimal(str(entry[k])) for k in ("micro_max", "small_max", "medium_max")]
            if limits != sorted(limits) or entry["measure"] not in SizeClassRule.Measure.values:
                raise ImportFileError(path, 0, f"rule[{index}]", "limits must grow and the measure be known")
            source = fact_source("size-class", f"{entry['economy']}-{entry['measure']}", facts, entry)
            values = {
                "currency": entry.get("currency", ""),
                "micro_max": limits[0],
                "small_max": limits[1],
                "medium_max": limits[2],
                "priority": entry["priority"],
                "legal_basis": entry["legal_basis"],
                "source_id": source.pk,
            }
            lookup = {"economy_id": entry["economy"], "measure": entry["measure"]}
            outcomes.append(upsert_fact(SizeClassRule, lookup, values))
    return [fact_summary("Size-class rules", len(entries), outcomes)]


def fact_summary(what: str, total: int, outcomes: list[str]) -> str:
    return f"{what}: {total} from facts; {outcomes.count('created')} created, {outcomes.count('changed')} changed"


def load_facts() -> list[str]:
    return load_identifier_schemes() + load_certification_types() + load_size_class_rules()
