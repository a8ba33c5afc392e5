"""What the rate logic keeps in memory between lookups, and how every process knows when to forget it.

Schedules (with their agreement and source), their partners, agreement parties and economies are small and
change only when an import, a reference load or an admin edit runs. ``current()`` reads the token of
``TariffDataVersion`` — in the same query as the HS subheading asked for — and answers from the ``Snapshot``
this process built for that token, building it afresh (four queries) when the token has changed.

Every change to a cached row replaces the token in the same transaction: the receivers below (connected in
``TariffsConfig.ready``) bump it on each save and delete of a schedule, economy, agreement or agreement party,
on changes to a schedule's partners and on edits to a source; ``write_schedules`` bumps it too. A token is
random, never a counter, so one written by a transaction that rolled back never names other data later. A new
``DataSource`` row bumps nothing: no cached row points at it until that row is saved. Code that changes
these tables without signals (``bulk_create``, ``QuerySet.update``, raw SQL) must call ``bump()`` itself.

HS codes and tariff lines are not cached: the lines are many, and the subheading is read with the token.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field, Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from rantai.core.models import DataSource
from rantai.reference.models import Agreement, AgreementParty, Economy, HsCode, HsLevel
from rantai.tariffs.models import Regime, Schedule, TariffDataVersion

VERSION_ID = 1
# The schedules the rate logic reads: the claimable regimes and the WTO ceiling.
RATE_REGIMES = (Regime.MFN, Regime.PREF, Regime.GSP, Regime.BOUND)
PREFERENTIAL = (Regime.PREF, Regime.GSP)

PartyDates = tuple[dt.date | None, dt.date | None]


@dataclass(frozen=True)
class Snapshot:
    """The rows the rate logic needs besides tariff lines, as of one token. Shared: never modify."""

    token: str | None
    economies: dict[str, Economy]  # every economy, with its source
    apec: tuple[Economy, ...]  # the APEC members, by ISO3 code
    schedules: dict[str, tuple[Schedule, ...]]  # economy → MFN, PREF, GSP and BOUND schedules, every date
    partners: dict[int, frozenset[str]]  # preferential schedule → the origins listed for it
    parties: dict[int, dict[str, PartyDates]]  # agreement → economy → (in force on, withdrawn on)


_snapshots: dict[str, Snapshot] = {}


def build(token: str | None, using: str = DEFAULT_DB_ALIAS) -> Snapshot:
    economies = {e.iso3: e for e in Economy.objects.using(using).select_related("source")}
    schedules: dict[str, list[Schedule]] = defaultdict(list)
    for schedule in (
        Schedule.objects.using(using)
        .filter(regime__in=RATE_REGIMES)
        .select_related("agreement", "source")
        .order_by("economy_id", "regime", "valid_from", "id")
    ):
        schedules[schedule.economy_id].append(schedule)
    partners: dict[int, set[str]] = defaultdict(set)
    through = Schedule.partners.through.objects.using(using)
    for schedule_id, economy_id in through.filter(schedule__regime__in=PREFERENTIAL).values_list(
        "schedule_id", "economy_id"
    ):
        partners[schedule_id].add(economy_id)
    parties: dict[int, dict[str, PartyDates]] = defaultdict(dict)
    for agreement_id, economy_id, start, end in AgreementParty.objects.using(using).values_list(
        "agreement_id", "economy_id", "in_force_on", "withdrawn_on"
    ):
        parties[agreement_id][economy_id] = (start, end)
    return Snapshot(
        token=token,
        economies=economies,
        apec=tuple(sorted((e for e in economies.values() if e.is_apec), key=lambda e: e.iso3)),
        schedules={iso3: tuple(rows) for iso3, rows in schedules.items()},
        partners={sid: frozenset(codes) for sid, codes in partners.items()},
        parties=dict(parties),
    )


# --- Reading with hand-written SQL -------------------------------------------------------------------------
# Per lookup the ORM spent more time compiling its two queries than the database spent answering them, so the
# statements read on every lookup are written once per database (identifiers from the models' metadata, values
# bound) and their values converted exactly as the ORM converts them (e.g. SQLite's floats to ``Decimal``s of
# the field's scale).

Converters = list[tuple[int, list[Any], Any]]


def db_converters(connection: BaseDatabaseWrapper, fields: Sequence[Field[Any, Any]]) -> Converters:
    """The converters Django's compiler applies to each of these columns, by position."""
    found: Converters = []
    for pos, selected in enumerate(fields):
        col = selected.get_col(selected.model._meta.db_table)
        convs = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
        if convs:
            found.append((pos, convs, col))
    return found


def convert_rows(
    rows: Iterable[Sequence[Any]], converters: Converters, connection: BaseDatabaseWrapper
) -> list[tuple[Any, ...]]:
    if not converters:
        return [tuple(row) for row in rows]
    converted = []
    for row in rows:
        values = list(row)
        for pos, convs, col in converters:
            value = values[pos]
            for converter in convs:
                value = converter(value, col, connection)
            values[pos] = value
        converted.append(tuple(values))
    return converted


def column(model_field: Field[Any, Any]) -> str:
    assert model_field.column is not None  # concrete fields have one
    return model_field.column


def model_field(model: type[Model], name: str) -> Field[Any, Any]:
    found = model._meta.get_field(name)
    assert isinstance(found, Field)
    return found


HS_FIELDS: list[Field[Any, Any]] = list(HsCode._meta.concrete_fields)
_statements: dict[tuple[str, str, bool], tuple[str, Converters]] = {}


def _token_statement(connection: BaseDatabaseWrapper, with_hs: bool) -> tuple[str, Converters]:
    key = (connection.alias, connection.vendor, with_hs)
    if key not in _statements:
        qn = connection.ops.quote_name
        versions = qn(TariffDataVersion._meta.db_table)
        if with_hs:
            columns = ", ".join(f"h.{qn(column(f))}" for f in HS_FIELDS)
            sql = (
                f"SELECT v.{qn('token')}, {columns} FROM {versions} v "  # noqa: S608 - metadata identifiers
                f"LEFT JOIN {qn(HsCode._meta.db_table)} h ON h.{qn('code')} = %s AND h.{qn('level')} = %s "
                f"WHERE v.{qn('id')} = %s"
            )
            converters = [(pos + 1, convs, col) for pos, convs, col in db_converters(connection, HS_FIELDS)]
        else:
            sql = f"SELECT {qn('token')} FROM {versions} WHERE {qn('id')} = %s"  # noqa: S608 - metadata identifiers
            converters = []
        _statements[key] = (sql, converters)
    return _statements[key]


def _read(hs_code: str | None, using: str) -> tuple[str | None, HsCode | None]:
    """The token (None without a version row) and the subheading (None when there is none), in one query."""
    connection = connections[using]
    sql, converters = _token_statement(connection, hs_code is not None)
    params: list[str | int] = (
        [hs_code, HsLevel.SUBHEADING.value, VERSION_ID] if hs_code is not None else [VERSION_ID]
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        node = (
            HsCode.objects.using(using).filter(code=hs_code, level=HsLevel.SUBHEADING).first()
            if hs_code
            else None
        )
        return None, node
    if hs_code is None or row[1] is None:
        return row[0], None
    values = convert_rows([row], converters, connection)[0]
    return values[0], HsCode.from_db(using, [f.attname for f in HS_FIELDS], values[1:])


def current(hs_code: str | None = None, using: str = DEFAULT_DB_ALIAS) -> tuple[Snapshot, HsCode | None]:
    """The snapshot for the data as it is now and, when ``hs_code`` is given, that HS 2022 subheading (None
    when there is none). One query while the token is unchanged."""
    token, node = _read(hs_code, using)
    if token is None:
        # No version row (a database flushed by a test): nothing read now can be trusted later.
        return build(None, using), node
    snapshot = _snapshots.get(using)
    if snapshot is None or snapshot.token != token:
        snapshot = build(token, using)
        _snapshots[using] = snapshot
    return snapshot, node


def bump(using: str = DEFAULT_DB_ALIAS) -> None:
    """Say that cached rows changed: a new token, in the caller's transaction."""
    values = {"token": uuid.uuid4().hex, "changed_at": timezone.now()}
    versions = TariffDataVersion.objects.using(using)
    if not versions.filter(id=VERSION_ID).update(**values):
        try:
            with transaction.atomic(using=using):
                versions.create(id=VERSION_ID, **values)
        except IntegrityError:  # another transaction created it meanwhile
            versions.filter(id=VERSION_ID).update(**values)
    _snapshots.pop(using, None)


# --- Signal receivers --------------------------------------------------------------------------------------


def _changed(sender: type, using: str = DEFAULT_DB_ALIAS, **kwargs: object) -> None:
    bump(using)


def _source_saved(
    sender: type, created: bool = False, using: str = DEFAULT_DB_ALIAS, **kwargs: object
) -> None:
    if not created:
        bump(using)


def _partners_changed(
    sender: type, action: str = "", using: str = DEFAULT_DB_ALIAS, **kwargs: object
) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        bump(using)


def connect() -> None:
    for model in (Schedule, Economy, Agreement, AgreementParty):
        post_save.connect(_changed, sender=model, dispatch_uid=f"tariff-cache-save-{model._meta.label}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"tariff-cache-delete-{model._meta.label}")
    post_save.connect(_source_saved, sender=DataSource, dispatch_uid="tariff-cache-save-source")
    post_delete.connect(_changed, sender=DataSource, dispatch_uid="tariff-cache-delete-source")
    m2m_changed.connect(
        _partners_changed, sender=Schedule.partners.through, dispatch_uid="tariff-cache-partners"
    )
