"""DESTA (Design of Trade Agreements) memberships, long format, as packaged by globalgov/manytrade.

Columns used: ``number, base_treaty, name, entry_type, year, entryforceyear, member_iso3n`` (one row per
agreement entry and member; ISO 3166 numeric codes). DESTA extends our agreement facts:

* only agreements with at least two APEC members among their parties are imported;
* an agreement already in our facts (same parties, entry into force within a year) only gets its
  ``desta_number``: our dates and parties stay as stated;
* any other becomes ``desta-<number>`` with in_force_on = 1 January of DESTA's year of entry into force,
  flagged for verification, since DESTA records years only;
* accessions add the acceding members from the accession's year; withdrawals set ``withdrawn_on`` for the
  member the entry names; negotiations, protocols and consolidated texts change no membership.

The whole file is checked before anything is written; the import is one transaction and idempotent by the
file's sha256.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from rantai.core.errors import ImportFileError
from rantai.core.models import DataSource
from rantai.reference.importers.sources import file_source
from rantai.reference.models import Agreement, AgreementParty, Economy

SOURCE_KEY = "desta-memberships"
REQUIRED = ("number", "base_treaty", "name", "entry_type", "year", "entryforceyear", "member_iso3n")
BASE, ACCESSION, WITHDRAWAL = "base_treaty", "accession", "withdrawal"
# Entries that do not change who is a party.
IGNORED_TYPES = frozenset({"negotiation", "protocol or amendment", "consolidated"})
ENTRY_TYPES = frozenset({BASE, ACCESSION, WITHDRAWAL}) | IGNORED_TYPES
YEAR = re.compile(r"\d{4}")
ISO_NUMERIC = re.compile(r"\d{3}")
# Two DESTA member lists are the same agreement as ours when they mostly coincide (DESTA predates later
# accessions such as the United Kingdom's to CPTPP) and entered into force within a year of each other.
MIN_OVERLAP = 0.8
MAX_YEAR_GAP = 1
# One of our facts agreements as matching sees it: parties, first year in force, year signed.
Ours = tuple[set[str], int | None, int | None]


@dataclass
class Entry:
    """One DESTA agreement entry, gathered from its rows."""

    number: str
    base_treaty: int
    name: str
    entry_type: str
    year: int | None
    entry_into_force: int | None
    members: set[str] = field(default_factory=set)  # ISO numeric


@dataclass
class Treaty:
    base: Entry
    accessions: list[Entry] = field(default_factory=list)
    withdrawals: list[Entry] = field(default_factory=list)


def _read(path: Path) -> tuple[dict[int, Treaty], int]:
    """Every entry of the file by base treaty, checked row by row; the first bad cell raises."""
    entries: dict[str, Entry] = {}
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = [name.strip() for name in next(reader, [])]
            for name in REQUIRED:
                if name not in header:
                    raise ImportFileError(path, 1, name, f"missing column {name!r}")
            index = {name: header.index(name) for name in REQUIRED}

            def fail(column: str, problem: str) -> ImportFileError:
                return ImportFileError(path, reader.line_num, f"{index[column] + 1} ({column})", problem)

            for values in reader:
                if not any(v.strip() for v in values):
                    continue
                if len(values) != len(header):
                    raise ImportFileError(
                        path,
                        reader.line_num,
                        len(values),
                        f"{len(values)} fields, the header has {len(header)}",
                    )
                cell = {name: values[i].strip() for name, i in index.items()}
                if not cell["number"]:
                    raise fail("number", "empty agreement number")
                if not cell["base_treaty"].isdigit():
                    raise fail("base_treaty", f"{cell['base_treaty']!r} is not a number")
                if cell["entry_type"] not in ENTRY_TYPES:
                    raise fail("entry_type", f"unknown entry type {cell['entry_type']!r}")
                for column in ("year", "entryforceyear"):
                    if cell[column] and not YEAR.fullmatch(cell[column]):
                        raise fail(column, f"{cell[column]!r} is not a year")
                if not ISO_NUMERIC.fullmatch(cell["member_iso3n"]):
                    raise fail("member_iso3n", f"{cell['member_iso3n']!r} is not a 3-digit ISO numeric code")
                if not cell["name"]:
                    raise fail("name", "empty agreement name")
                entry = entries.get(cell["number"])
                if entry is None:
                    entry = entries[cell["number"]] = Entry(
                        number=cell["number"],
                        base_treaty=int(cell["base_treaty"]),
                        name=cell["name"],
                        entry_type=cell["entry_type"],
                        year=int(cell["year"]) if cell["year"] else None,
                        entry_into_force=int(cell["entryforceyear"]) if cell["entryforceyear"] else None,
                    )
                entry.members.add(cell["member_iso3n"])
    except UnicodeDecodeError as exc:
        raise ImportFileError(path, 0, exc.start, f"not UTF-8 text ({exc.reason})") from exc

    treaties: dict[int, Treaty] = {}
    for entry in entries.values():
        if entry.entry_type == BASE and entry.number == str(entry.base_treaty):
            treaties[entry.base_treaty] = Treaty(entry)
    ignored = 0
    for entry in entries.values():
        treaty = treaties.get(entry.base_treaty)
        if entry.entry_type == ACCESSION and treaty:
            treaty.accessions.append(entry)
        elif entry.entry_type == WITHDRAWAL and treaty:
            treaty.withdrawals.append(entry)
        elif entry.entry_type != BASE or entry.number != str(entry.base_treaty):
            ignored += 1
    return treaties, ignored


def _jan1(year: int | None) -> dt.date | None:
    return dt.date(year, 1, 1) if year else None


def _withdrawn_members(entry: Entry, names: dict[str, list[str]]) -> set[str]:
    """Members named after 'withdrawal' in the entry's name: DESTA's member list is everyone at the time."""
    _, _, named = entry.name.partition("withdrawal")
    return {iso3 for iso3, candidates in names.items() if any(c and c in named for c in candidates)}


def _parties(
    treaty: Treaty, by_numeric: dict[str, str], names: dict[str, list[str]]
) -> dict[str, tuple[dt.date | None, dt.date | None]]:
    """iso3 -> (in_force_on, withdrawn_on) from the base treaty, its accessions and withdrawals."""
    parties: dict[str, tuple[dt.date | None, dt.date | None]] = {}
    for numeric in treaty.base.members:
        if numeric in by_numeric:
            parties[by_numeric[numeric]] = (_jan1(treaty.base.entry_into_force), None)
    for accession in sorted(treaty.accessions, key=lambda e: (e.year or 0, e.number)):
        when = _jan1(accession.entry_into_force or accession.year)
        for numeric in accession.members:
            iso3 = by_numeric.get(numeric)
            if iso3 and iso3 not in parties:
                parties[iso3] = (when, None)
    for withdrawal in treaty.withdrawals:
        left = _withdrawn_members(withdrawal, {iso3: names[iso3] for iso3 in parties})
        for iso3 in left:
            parties[iso3] = (parties[iso3][0], _jan1(withdrawal.entry_into_force or withdrawal.year))
    return parties


def _match(treaty: Treaty, parties: set[str], ours: dict[str, Ours]) -> str | None:
    """The code of our facts agreement this DESTA treaty is, or None when none (or several) fit.

    Party lists must mostly coincide, and either the entry-into-force years (within a year) or the
    signature years must agree: DESTA sometimes records a later entry into force (the last party's), while
    earlier agreements between the same parties (e.g. Chile and Mexico's 1991 ALADI accord) differ in both.
    """
    base = treaty.base
    scored = []
    for code, (our_parties, first_in_force, signed) in ours.items():
        overlap = len(our_parties & parties) / len(our_parties | parties)
        in_force_agrees = (
            base.entry_into_force is not None
            and first_in_force is not None
            and abs(first_in_force - base.entry_into_force) <= MAX_YEAR_GAP
        )
        signature_agrees = base.year is not None and base.year == signed
        if overlap >= MIN_OVERLAP and (in_force_agrees or signature_agrees):
            scored.append((overlap, in_force_agrees, signature_agrees, code))
    scored.sort(reverse=True)
    if not scored or (len(scored) > 1 and scored[0][:3] == scored[1][:3]):
        return None
    return scored[0][3]


def import_file(path: Path) -> list[str]:
    path = Path(path)
    treaties, ignored_entries = _read(path)

    economies = list(Economy.objects.values_list("iso3", "iso_numeric", "name_en", "apec_name", "is_apec"))
    by_numeric = {numeric: iso3 for iso3, numeric, *_ in economies}
    apec = {iso3 for iso3, *_, is_apec in economies if is_apec}
    names = {
        iso3: [name_en.split(",")[0].split(" (")[0], apec_name.split(",")[0]]
        for iso3, _, name_en, apec_name, _ in economies
    }

    with transaction.atomic():
        source, created = file_source(
            SOURCE_KEY,
            path,
            "Design of Trade Agreements (DESTA) memberships, long format (globalgov/manytrade)",
            "Dür, Baccini and Elsig (2014), DESTA; packaged by globalgov/manytrade",
            url="https://www.designoftradeagreements.org/",
            licence="CC BY 4.0; cite Dür, Baccini & Elsig (2014)",
        )
        if not created:
            return [
                f"DESTA: {path.name} (sha256 {source.sha256[:12]}…) was already imported; nothing changed"
            ]

        ours: dict[str, Ours] = {}
        for agreement in Agreement.objects.exclude(code__startswith="desta-").prefetch_related("parties"):
            dates = [p.in_force_on for p in agreement.parties.all() if p.in_force_on]
            ours[agreement.code] = (
                {p.economy_id for p in agreement.parties.all()},
                min(dates).year if dates else None,
                agreement.signed_on.year if agreement.signed_on else None,
            )
        matched: list[str] = []
        added = updated = outside_apec = 0
        for number, treaty in sorted(treaties.items()):
            parties = _parties(treaty, by_numeric, names)
            if len(set(parties) & apec) < 2:
                outside_apec += 1
                continue
            code = _match(treaty, set(parties), ours)
            if code is not None:
                # Our facts stay as stated; DESTA only tells us its number for this agreement.
                ours.pop(code)
                Agreement.objects.filter(desta_number=number).exclude(code=code).delete()
                Agreement.objects.filter(code=code).exclude(desta_number=number).update(desta_number=number)
                matched.append(f"  {code} = DESTA {number} {treaty.base.name}")
                continue
            years = (
                f"signed {treaty.base.year or '?'}, in force {treaty.base.entry_into_force or 'not recorded'}"
            )
            agreement, is_new = Agreement.objects.update_or_create(
                code=f"desta-{number}",
                defaults={
                    "short_name": treaty.base.name[:80],
                    "name": treaty.base.name[:300],
                    "desta_number": number,
                    "facts_need_verification": True,
                    "notes": f"From DESTA ({years}); dates are 1 January of DESTA's year, to be verified.",
                    "source": source,
                },
            )
            added += is_new
            updated += not is_new
            _sync(agreement, parties, source)
    return [
        f"DESTA: {len(treaties)} agreements in {path.name}; {outside_apec} skipped (fewer than two APEC "
        f"members), {len(matched)} matched to our facts, {added} added, {updated} updated; "
        f"{ignored_entries} negotiation, protocol and consolidated entries change no membership",
        *matched,
    ]


def _sync(
    agreement: Agreement, parties: dict[str, tuple[dt.date | None, dt.date | None]], source: DataSource
) -> None:
    agreement.parties.exclude(economy_id__in=parties).delete()
    for iso3, (in_force_on, withdrawn_on) in parties.items():
        AgreementParty.objects.update_or_create(
            agreement=agreement,
            economy_id=iso3,
            defaults={"in_force_on": in_force_on, "withdrawn_on": withdrawn_on, "source": source},
        )
