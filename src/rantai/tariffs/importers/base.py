"""What every tariff importer shares: opening files, the in-memory shape of a parsed schedule, and one writer
that stores schedules atomically, maps their lines to HS 2022 and supersedes older schedules.

An importer parses the whole file first (raising ``ImportFileError`` at the first bad line, before anything is
written), then hands ``ScheduleSpec`` objects to ``write_schedules``, which runs in one transaction:

1. the file's ``DataSource`` (key ``tariffs-<format>``, version = sha256); the same bytes again are a no-op;
2. the schedules, their lines (``executemany`` in batches — the ORM's per-object cost dominates at 10⁵ lines)
   and their HS 2022 links, filled by one ``INSERT … SELECT`` per schedule through ``HsCorrelation`` (or the
   HS 2022 nomenclature itself for schedules already in HS 2022);
3. the validity chain: within one economy, regime, agreement and partner group, each schedule ends the day
   before the next one starts. History is never deleted;
4. a new tariff data version (``cache.bump``), so every process's next lookup sees the new schedules.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import itertools
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from django.db import connection, transaction
from django.db.models import Q

from rantai.core.errors import ImportFileError
from rantai.core.models import DataSource
from rantai.reference.importers import sources
from rantai.reference.models import Agreement, AgreementParty, Economy, HsCode, HsLevel
from rantai.tariffs import cache
from rantai.tariffs.models import Regime, Schedule, ScheduleHsVersion, TariffLine, TariffLineHs2022
from rantai.tariffs.rate_text import ParsedRate

GZIP_MAGIC = b"\x1f\x8b"
BATCH_SIZE = 5000


@contextmanager
def open_binary(path: Path) -> Iterator[BinaryIO]:
    """The file's bytes, decompressed when it starts with the gzip magic (whatever its name says)."""
    with path.open("rb") as raw:
        compressed = raw.read(2) == GZIP_MAGIC
    if compressed:
        with gzip.open(path, "rb") as handle:
            yield handle  # type: ignore[misc]
    else:
        with path.open("rb") as handle:
            yield handle


@contextmanager
def open_text(path: Path, encoding: str = "utf-8-sig") -> Iterator[TextIO]:
    with open_binary(path) as raw, io.TextIOWrapper(raw, encoding=encoding, newline="") as handle:
        yield handle


@dataclass
class LineRow:
    national_code: str
    hs6: str
    description: str
    rate_text: str
    rate: ParsedRate
    line_no: int
    note: str = ""
    taxes: list[tuple[str, Decimal | None, str]] = field(default_factory=list)


@dataclass
class ScheduleSpec:
    economy: str
    regime: str
    year: int
    hs_version: str
    valid_from: dt.date
    label: str = ""
    agreement: str | None = None
    partner_group: str = ""
    # None: the agreement's parties in force (other than the importing economy); a tuple: these ISO3 codes.
    partners: tuple[str, ...] | None = None
    valid_to: dt.date | None = None
    note: str = ""
    lines: list[LineRow] = field(default_factory=list)

    @property
    def chain_key(self) -> tuple[str, str, str | None, str]:
        return (self.economy, self.regime, self.agreement, self.partner_group)


@dataclass(frozen=True)
class SourceInfo:
    key: str
    title: str
    publisher: str
    format: str
    url: str = ""
    licence: str = ""


def already_imported(path: Path, info: SourceInfo) -> DataSource | None:
    """The source row when these exact bytes were imported before under the same key."""
    return DataSource.objects.filter(key=info.key, version=sources.sha256_of(path)).first()


def no_op_report(path: Path, source: DataSource) -> list[str]:
    count = Schedule.objects.filter(source=source).count()
    return [
        f"{path.name}: already imported (sha256 {source.version[:12]}, {count} schedules); nothing changed."
    ]


def check_economy(path: Path, iso3: str, line: int = 0, column: int | str = 0) -> str:
    iso3 = iso3.strip().upper()
    if not Economy.objects.filter(iso3=iso3).exists():
        raise ImportFileError(path, line, column, f"{iso3!r} is not a known economy (ISO 3166 alpha-3).")
    return iso3


def _agreements(codes: Iterable[str]) -> dict[str, Agreement]:
    return {a.code: a for a in Agreement.objects.filter(code__in=set(codes))}


def _partners(spec: ScheduleSpec, agreement: Agreement | None, known: set[str]) -> list[Any]:
    if spec.partners is not None:
        return [iso3 for iso3 in spec.partners if iso3 in known and iso3 != spec.economy]
    if agreement is None:
        return []
    parties = AgreementParty.objects.filter(
        agreement=agreement, in_force_on__isnull=False, withdrawn_on__isnull=True
    ).exclude(economy_id=spec.economy)
    return list(parties.values_list("economy_id", flat=True))


def write_schedules(path: Path, info: SourceInfo, specs: list[ScheduleSpec]) -> list[str]:
    """Store parsed schedules in one transaction; a repeat of the same file writes nothing."""
    specs = [spec for spec in specs if spec.lines]
    if not specs:
        raise ImportFileError(path, 0, 0, "The file holds no tariff lines.")
    agreements = _agreements(spec.agreement for spec in specs if spec.agreement)
    missing = {spec.agreement for spec in specs if spec.agreement and spec.agreement not in agreements}
    if missing:
        raise ImportFileError(
            path,
            0,
            0,
            f"Agreement(s) {', '.join(sorted(m for m in missing if m))} are not loaded; "
            "run `rantai data load-reference` first.",
        )
    if not HsCode.objects.filter(level=HsLevel.SUBHEADING).exists():
        raise ImportFileError(path, 0, 0, "The HS 2022 nomenclature is not loaded; run load-reference first.")
    known_economies = set(Economy.objects.values_list("iso3", flat=True))
    report: list[str] = []
    with transaction.atomic():
        source, created = sources.file_source(
            key=info.key,
            path=path,
            title=info.title,
            publisher=info.publisher,
            url=info.url,
            licence=info.licence,
        )
        if not created:
            return no_op_report(path, source)
        total_lines = total_links = 0
        for spec in specs:
            agreement = agreements.get(spec.agreement) if spec.agreement else None
            schedule = Schedule.objects.create(
                economy_id=spec.economy,
                regime=spec.regime,
                agreement=agreement,
                partner_group=spec.partner_group,
                label=spec.label,
                year=spec.year,
                hs_version=spec.hs_version,
                valid_from=spec.valid_from,
                valid_to=spec.valid_to,
                note=spec.note,
                source=source,
                publisher=info.publisher,
                format=info.format,
            )
            partners = _partners(spec, agreement, known_economies)
            if partners:
                schedule.partners.set(partners)
            total_lines += _insert_lines(schedule, spec.lines)
            total_links += _link_hs2022(schedule)
        chained = _rechain({spec.chain_key for spec in specs})
        cache.bump()  # every process's next lookup reads the new schedules
        report.append(
            f"{path.name}: {len(specs)} schedules, {total_lines} lines, {total_links} HS 2022 links"
            f" (source sha256 {source.version[:12]})."
        )
        if chained:
            report.append(f"{chained} older schedules now end where a newer one starts (kept as history).")
    return report


def _insert_lines(schedule: Schedule, lines: list[LineRow]) -> int:
    table = TariffLine._meta.db_table
    columns = ("schedule_id", "national_code", "hs6", "description", "rate_text", "kind", "ad_valorem",
               "specific_amount", "specific_currency", "specific_unit", "specific_per", "note", "line_no")  # fmt: skip
    qn = connection.ops.quote_name
    # Identifiers come from the model's metadata, values are bound parameters.
    sql = (
        f"INSERT INTO {qn(table)} ({', '.join(qn(c) for c in columns)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    sid = schedule.pk
    rows = [
        (sid, line.national_code, line.hs6, line.description, line.rate_text[:400], str(line.rate.kind),
         line.rate.ad_valorem, line.rate.specific_amount, line.rate.specific_currency,
         line.rate.specific_unit, line.rate.specific_per, line.note[:300], line.line_no)
        for line in lines
    ]  # fmt: skip
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH_SIZE):
            cursor.executemany(sql, rows[start : start + BATCH_SIZE])
    taxed = [line for line in lines if line.taxes]
    if taxed:
        _insert_taxes(schedule, taxed)
    return len(rows)


def _insert_taxes(schedule: Schedule, lines: list[LineRow]) -> None:
    from rantai.tariffs.models import LineTax

    # Ids in insertion order: the lines of one schedule were inserted by this transaction, in list order.
    ids = list(TariffLine.objects.filter(schedule=schedule).order_by("id").values_list("id", "line_no"))
    by_line_no = {line_no: pk for pk, line_no in ids}
    LineTax.objects.bulk_create(
        (
            LineTax(line_id=by_line_no[line.line_no], tax=tax, rate=rate, rate_text=text)
            for line in lines
            for tax, rate, text in line.taxes
        ),
        batch_size=BATCH_SIZE,
    )


def _link_hs2022(schedule: Schedule) -> int:
    """Map every line of a schedule to HS 2022 in the database, through the correlations where needed."""
    qn = connection.ops.quote_name
    links = qn(TariffLineHs2022._meta.db_table)
    lines = qn(TariffLine._meta.db_table)
    if schedule.hs_version == ScheduleHsVersion.HS2022:
        sql = (
            f"INSERT INTO {links} (line_id, hs2022_id, relationship) "  # noqa: S608 - metadata identifiers
            f"SELECT l.id, h.code, '1:1' FROM {lines} l JOIN {qn(HsCode._meta.db_table)} h ON h.code = l.hs6 "
            f"WHERE l.schedule_id = %s AND h.level = %s"
        )
        params: list[str | int] = [schedule.pk, HsLevel.SUBHEADING.value]
    else:
        from rantai.reference.models import HsCorrelation

        sql = (
            f"INSERT INTO {links} (line_id, hs2022_id, relationship) "  # noqa: S608 - metadata identifiers
            f"SELECT l.id, c.hs2022_id, c.relationship FROM {lines} l "
            f"JOIN {qn(HsCorrelation._meta.db_table)} c ON c.other_code = l.hs6 AND c.other_version = %s "
            f"WHERE l.schedule_id = %s"
        )
        params = [schedule.hs_version, schedule.pk]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return max(cursor.rowcount, 0)


def _rechain(keys: set[tuple[str, str, str | None, str]]) -> int:
    """Within each chain, a schedule ends the day before the next one (by start date, then load order)
    starts; an earlier end already set (a lapsed programme) is kept. Returns how many rows changed."""
    changed = 0
    agreements = _agreements(code for _, _, code, _ in keys if code)
    for economy, regime, agreement_code, group in keys:
        agreement_filter = (
            Q(agreement=agreements[agreement_code]) if agreement_code else Q(agreement__isnull=True)
        )
        chain = list(
            Schedule.objects.filter(agreement_filter, economy_id=economy, regime=regime, partner_group=group)
            .order_by("valid_from", "id")
            .only("id", "valid_from", "valid_to")
        )
        for current, following in itertools.pairwise(chain):
            end = following.valid_from - dt.timedelta(days=1)
            if current.valid_to is None or current.valid_to > end:
                current.valid_to = end
                current.save(update_fields=["valid_to"])
                changed += 1
    return changed


def regime_label(regime: str) -> str:
    return str(Regime(regime).label)
