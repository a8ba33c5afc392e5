"""Trade agreements and their parties, from our ``agreements.toml`` facts.

Rows are matched by ``code`` and their parties synced to the facts file, so a repeat load changes nothing
and a correction in the file is applied. ``desta_number`` is left alone: the DESTA importer owns it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.db import transaction

from rantai.core.errors import ImportFileError
from rantai.core.models import DataSource
from rantai.reference.importers.economies import read_facts_file
from rantai.reference.importers.sources import facts_source
from rantai.reference.models import Agreement, AgreementParty, Economy

FACTS_FILE = Path(__file__).resolve().parent.parent / "facts" / "agreements.toml"

_KNOWN_KEYS = {
    "code", "short_name", "name", "signed_on", "origin_document", "notes", "verify", "source", "parties",
    "pending", "ended_on",
}  # fmt: skip


def _check(path: Path, index: int, entry: dict[str, Any], economies: set[str]) -> None:
    column = f"agreement[{index}] {entry.get('code', '?')}"
    problems = []
    if unknown := set(entry) - _KNOWN_KEYS:
        problems.append(f"unknown keys {sorted(unknown)}")
    parties: dict[str, Any] = entry.get("parties", {})
    named = set(parties) | set(entry.get("pending", []))
    if missing := named - economies:
        problems.append(f"unknown economies {sorted(missing)}")
    if len(named) < 2:
        problems.append("an agreement needs at least two parties")
    if not all(isinstance(value, dt.date) for value in parties.values()):
        problems.append("every party needs an in-force date (put undated signatories under 'pending')")
    if problems:
        raise ImportFileError(path, 0, column, "; ".join(problems))


def _sync_parties(
    agreement: Agreement, wanted: dict[str, dt.date | None], source: DataSource, ended_on: dt.date | None = None
) -> list[str]:
    """Make the agreement's parties exactly ``wanted``; returns what changed, for the report."""
    changes = []
    existing = {party.economy_id: party for party in agreement.parties.all()}
    for iso3, party in existing.items():
        if iso3 not in wanted:
            party.delete()
            changes.append(f"-{iso3}")
    for iso3, in_force_on in wanted.items():
        current = existing.get(iso3)
        if current is None:
            AgreementParty.objects.create(
                agreement=agreement, economy_id=iso3, in_force_on=in_force_on, withdrawn_on=ended_on, source=source
            )
            changes.append(f"+{iso3}")
            continue
        # The facts file states an end only for a whole agreement (``ended_on``, e.g. NAFTA replaced by
        # USMCA); otherwise it clears a withdrawal it contradicts.
        fields = {"in_force_on": in_force_on, "withdrawn_on": ended_on, "source_id": source.pk}
        changed = [name for name, value in fields.items() if getattr(current, name) != value]
        if changed:
            for name in changed:
                setattr(current, name, fields[name])
            current.save(update_fields=changed)
            changes.append(f"{iso3}.{'/'.join(changed)}")
    return changes


def load(path: Path = FACTS_FILE) -> list[str]:
    facts = read_facts_file(path)
    entries: list[dict[str, Any]] = facts.get("agreement", [])
    economies = set(Economy.objects.values_list("iso3", flat=True))
    codes = [str(entry.get("code", "")) for entry in entries]
    if duplicates := sorted({code for code in codes if codes.count(code) > 1}):
        raise ImportFileError(path, 0, "code", f"duplicate agreement codes {duplicates}")
    for index, entry in enumerate(entries):
        _check(path, index, entry, economies)

    created = 0
    report_changes: list[str] = []
    with transaction.atomic():
        for entry in entries:
            src = entry["source"]
            source = facts_source(
                f"rantai-facts-agreement-{entry['code']}",
                facts["facts"]["version"],
                src["title"],
                src["publisher"],
                url=src.get("url", ""),
            )
            values: dict[str, Any] = {
                "short_name": entry["short_name"],
                "name": entry["name"],
                "signed_on": entry.get("signed_on"),
                "origin_document": entry.get("origin_document", ""),
                "notes": entry.get("notes", ""),
                "facts_need_verification": bool(entry.get("verify", False)),
                "source_id": source.pk,
            }
            agreement = Agreement.objects.filter(code=entry["code"]).first()
            is_new = agreement is None
            changed: list[str] = []
            if agreement is None:
                agreement = Agreement.objects.create(code=entry["code"], **values)
                created += 1
            else:
                changed = [name for name, value in values.items() if getattr(agreement, name) != value]
                if changed:
                    for name in changed:
                        setattr(agreement, name, values[name])
                    agreement.save(update_fields=changed)
            wanted: dict[str, dt.date | None] = dict(entry["parties"])
            wanted.update(dict.fromkeys(entry.get("pending", [])))
            party_changes = _sync_parties(agreement, wanted, source, entry.get("ended_on"))
            if not is_new and (changed or party_changes):
                report_changes.append(f"  {agreement.code}: {', '.join(changed + party_changes)}")
    total = Agreement.objects.count()
    parties = AgreementParty.objects.count()
    summary = (
        f"Agreements: {len(entries)} from facts, {total} in total, {parties} parties; "
        f"{created} created, {len(report_changes)} changed"
    )
    return [summary, *report_changes]
