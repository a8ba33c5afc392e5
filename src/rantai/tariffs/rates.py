"""What a product pays at the border: the MFN rate, every preference the origin can claim, the best of them.

``applicable_rates(origin, destination, hs2022, on)`` answers for one pair of economies; ``load_rate_data``
fetches the rows for many destinations at once, so the destination ranking asks the database the same two
questions whether it ranks one market or twenty: the tariff data version with the HS code, and the lines of
that code. Economies, schedules, partners and agreement parties come from the process's snapshot
(``tariffs.cache``), rebuilt when the version has changed. The answer never guesses:

* no MFN schedule loaded for the destination → ``NoTariffData``; schedules loaded but none in force on the
  date → ``NoScheduleForDate``; a schedule in force without a line for the code → ``NoTariffLine``;
* a preference is offered only if both economies are parties with the agreement in force for each on the
  date (``AgreementParty.in_force_on <= on`` and not withdrawn), the destination's preferential schedule is
  in force and covers the origin (its ``partners``); GSP-type programmes only while in force;
* specific, compound and mixed rates get an ad valorem equivalent (AVE) only from a unit value the user
  gives, converted through the dated ``ExchangeRate`` table; without one they are shown as printed and not
  compared with percentages.

Rates are percent ``Decimal``s; a margin of preference is in percentage points.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Container, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils.translation import gettext as _

from rantai.core.errors import RantaiError
from rantai.core.models import DataSource
from rantai.reference.models import Agreement, Economy, HsCode, HsLevel
from rantai.reference.queries import normalize_code
from rantai.tariffs import cache
from rantai.tariffs.models import ExchangeRate, RateKind, Regime, Schedule, TariffLine, TariffLineHs2022

HUNDRED = Decimal(100)
ISO3 = re.compile(r"^[A-Z]{3}$")
HS6 = re.compile(r"^[0-9]{6}$")
ZERO = Decimal(0)
ONE = Decimal(1)
# Regimes a trader can claim at the border; BOUND is a ceiling, TEMPORARY/OTHER are the importer's inputs.
CLAIMABLE = (Regime.MFN, Regime.PREF, Regime.GSP)


# --- Errors -------------------------------------------------------------------------------------------------


class NoTariffData(RantaiError):
    status = 404
    code = "no_tariff_data"


class NoScheduleForDate(RantaiError):
    status = 404
    code = "no_schedule_for_date"


class NoTariffLine(RantaiError):
    status = 404
    code = "no_tariff_line"


class NoExchangeRate(RantaiError):
    status = 404
    code = "no_exchange_rate"


def field_error(field_name: str, message: str, hint: str, code: str) -> RantaiError:
    """A 422 naming the field, as the API answers input it cannot use."""
    return RantaiError(message, code=code, fields={field_name: [hint]}, status=422)


# --- Input ---------------------------------------------------------------------------------------------------


def unknown_economy(value: str, field_name: str) -> RantaiError:
    return field_error(
        field_name,
        _("There is no economy with the ISO code %(iso3)s.") % {"iso3": (value or "").strip()},
        _("Unknown economy: give an ISO 3166 alpha-3 code such as IDN."),
        "unknown_economy",
    )


def resolve_economy(iso3: str, field_name: str, economies: Mapping[str, Economy] | None = None) -> Economy:
    """The economy with that ISO3 code, from ``economies`` (a ``cache.Snapshot``'s) or the database."""
    code = (iso3 or "").strip().upper()
    # Only three ASCII letters reach the database (PostgreSQL refuses NUL bytes in a query).
    if not ISO3.match(code):
        economy = None
    elif economies is not None:
        economy = economies.get(code)
    else:
        economy = Economy.objects.filter(iso3=code).first()
    if economy is None:
        raise unknown_economy(iso3, field_name)
    return economy


def resolve_pair(
    origin: str | Economy, destination: str | Economy, economies: Mapping[str, Economy] | None = None
) -> tuple[Economy, Economy]:
    """Origin and destination in one query (none with ``economies``); the unknown one is a field error."""
    wanted = [(v if isinstance(v, str) else v.iso3).strip().upper() for v in (origin, destination)]
    valid = [code for code in wanted if ISO3.match(code)]
    if economies is not None:
        found = {code: economies[code] for code in valid if code in economies}
    else:
        found = (
            {e.iso3: e for e in Economy.objects.filter(iso3__in=valid).select_related("source")}
            if valid
            else {}
        )
    if isinstance(origin, Economy):
        found[origin.iso3] = origin
    if isinstance(destination, Economy):
        found[destination.iso3] = destination
    pair = []
    for value, code, name in zip((origin, destination), wanted, ("origin", "destination"), strict=True):
        if code not in found:
            raise unknown_economy(value if isinstance(value, str) else code, name)
        pair.append(found[code])
    return pair[0], pair[1]


def unknown_hs(code: str, field_name: str = "hs") -> RantaiError:
    return field_error(
        field_name,
        _("There is no HS 2022 subheading %(code)s.") % {"code": (code or "").strip()},
        _("Unknown HS code: give a 6-digit HS 2022 subheading such as 0306.17."),
        "unknown_hs_code",
    )


def resolve_hs6(code: str, field_name: str = "hs") -> HsCode:
    normalized = normalize_code(code or "")
    node = (
        next(iter(HsCode.objects.filter(code=normalized, level=HsLevel.SUBHEADING)), None)
        if HS6.match(normalized)
        else None
    )
    if node is None:
        raise unknown_hs(code, field_name)
    return node


def snapshot_and_hs(hs2022: str | HsCode) -> tuple[cache.Snapshot, HsCode | None]:
    """The cached rows as of now and the subheading (None when unknown), in one query when both are known."""
    if isinstance(hs2022, HsCode):
        return cache.current()[0], hs2022
    normalized = normalize_code(hs2022 or "")
    return cache.current(normalized) if HS6.match(normalized) else (cache.current()[0], None)


@dataclass(frozen=True)
class UnitValue:
    """What one unit of the goods is worth (e.g. 8.50 USD per kg); needed for the AVE of a specific duty.

    ``unit`` blank means "the unit the duty is charged per"."""

    amount: Decimal
    currency: str
    unit: str = ""


# --- Exchange rates ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Conversion:
    """An amount converted through the dated exchange-rate table; ``rate`` is target units per source unit."""

    amount: Decimal
    currency: str
    from_amount: Decimal
    from_currency: str
    rate: Decimal
    rate_date: dt.date | None
    sources: tuple[DataSource, ...]

    @property
    def citation(self) -> str:
        return "; ".join(s.citation for s in self.sources)


def per_usd(currency: str, on: dt.date) -> tuple[Decimal, dt.date | None, DataSource | None]:
    """Units of ``currency`` per US dollar on the nearest loaded date on or before ``on``."""
    currency = currency.upper()
    if currency == "USD":
        return Decimal(1), None, None
    row = (
        ExchangeRate.objects.filter(currency=currency, on__lte=on)
        .select_related("source")
        .order_by("-on", "-id")
        .first()
    )
    if row is None:
        raise NoExchangeRate(
            _("No exchange rate for %(currency)s on or before %(date)s is loaded.")
            % {"currency": currency, "date": on.isoformat()},
            fields={"currency": [_("Exchange rate not loaded.")]},
        )
    return row.per_usd, row.on, row.source


def convert(amount: Decimal, from_currency: str, to_currency: str, on: dt.date) -> Conversion:
    """Convert through US dollars with the nearest earlier rates; raises ``NoExchangeRate`` when one is missing."""
    from_currency, to_currency = from_currency.upper(), to_currency.upper()
    if from_currency == to_currency:
        return Conversion(amount, to_currency, amount, from_currency, Decimal(1), None, ())
    from_rate, from_on, from_source = per_usd(from_currency, on)
    to_rate, to_on, to_source = per_usd(to_currency, on)
    rate = to_rate / from_rate
    dates = [d for d in (from_on, to_on) if d is not None]
    sources = tuple({s.pk: s for s in (from_source, to_source) if s is not None}.values())
    return Conversion(
        amount * rate, to_currency, amount, from_currency, rate, min(dates) if dates else None, sources
    )


# --- Answer types --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LineRate:
    """One national line under the subheading, its rate as printed and as a percentage where one can be had."""

    national_code: str
    description: str
    rate_text: str
    kind: str
    ad_valorem: Decimal | None
    specific_amount: Decimal | None
    specific_currency: str
    specific_unit: str
    specific_per: Decimal
    relationship: str
    note: str = ""
    line_id: int | None = None
    ave: Decimal | None = None
    ave_note: str = ""

    @property
    def percent(self) -> Decimal | None:
        """The rate as a percentage of value: ad valorem, 0 when free, the AVE for the others when known."""
        if self.kind == RateKind.FREE:
            return ZERO
        if self.kind == RateKind.AD_VALOREM:
            return self.ad_valorem
        if self.kind == RateKind.SPECIFIC and self.specific_amount == 0:
            return ZERO
        return self.ave

    @property
    def has_specific(self) -> bool:
        return self.kind in (RateKind.SPECIFIC, RateKind.COMPOUND, RateKind.MIXED_MAX, RateKind.MIXED_MIN)


@dataclass(frozen=True)
class RegimeRate:
    """One regime the goods can enter under (MFN, or one agreement's schedule for the origin's partner group)."""

    regime: str  # "MFN", the agreement code, or "GSP"
    regime_kind: str
    name: str
    partner_group: str
    document: str | None
    lines: tuple[LineRate, ...]
    schedule_id: int
    schedule_year: int
    valid_from: dt.date
    valid_to: dt.date | None
    source: DataSource
    agreement: Agreement | None = None

    @property
    def percents(self) -> list[Decimal | None]:
        return [line.percent for line in self.lines]

    @property
    def comparable(self) -> bool:
        return bool(self.lines) and all(p is not None for p in self.percents)

    @property
    def min_percent(self) -> Decimal | None:
        known = [p for p in self.percents if p is not None]
        return min(known) if known and self.comparable else None

    @property
    def max_percent(self) -> Decimal | None:
        known = [p for p in self.percents if p is not None]
        return max(known) if known and self.comparable else None

    @property
    def lines_differ(self) -> bool:
        return len({line.rate_text.strip() for line in self.lines}) > 1

    @property
    def ad_valorem(self) -> Decimal | None:
        """The percentage every line pays, or None when lines differ or a specific rate has no AVE."""
        low, high = self.min_percent, self.max_percent
        return low if low is not None and low == high else None

    @property
    def rate_text(self) -> str:
        if not self.lines_differ:
            return self.lines[0].rate_text if self.lines else ""
        low, high = self.min_percent, self.max_percent
        if low is not None and high is not None:
            return f"{format_percent(low)}\N{EN DASH}{format_percent(high)}"
        return " / ".join(dict.fromkeys(line.rate_text for line in self.lines))


@dataclass(frozen=True)
class NotOffered:
    """A regime loaded for the destination that this origin cannot claim on this date, and why."""

    regime: str
    name: str
    reason: str


@dataclass
class RateAnswer:
    origin: Economy
    destination: Economy
    hs: HsCode
    on: dt.date
    mfn: RegimeRate
    options: list[RegimeRate]  # MFN first, then the preferences, lowest first
    best: RegimeRate | None
    margin: Decimal | None  # MFN minus best, percentage points, at the highest line of each
    bound: RegimeRate | None = None
    not_offered: list[NotOffered] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unit_value: UnitValue | None = None

    @property
    def preferences(self) -> list[RegimeRate]:
        return [o for o in self.options if o.regime_kind != Regime.MFN]


def format_percent(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return f"{text}%"


# --- Loading rows --------------------------------------------------------------------------------------------


@dataclass
class ScheduleRows:
    schedule: Schedule
    partners: AbstractSet[str]
    lines: list[LineRate]


@dataclass
class RateData:
    """Everything needed to answer for a set of destinations, one subheading and one date."""

    hs: HsCode
    on: dt.date
    schedules: dict[str, list[ScheduleRows]]  # destination → schedules in force on the date
    economies_with_mfn: set[str]  # destinations with any MFN schedule loaded, whatever its dates
    parties: dict[int, dict[str, tuple[dt.date | None, dt.date | None]]]  # agreement → economy → dates
    lapsed: dict[str, list[Schedule]]  # destination → claimable schedules loaded but not in force


# The line's columns read for each lookup (``TariffLineHs2022`` ``x`` → ``TariffLine`` ``l``), in unpacking order.
LINE_COLUMNS = (
    ("l", TariffLine, "schedule"),
    ("l", TariffLine, "national_code"),
    ("l", TariffLine, "description"),
    ("l", TariffLine, "rate_text"),
    ("l", TariffLine, "kind"),
    ("l", TariffLine, "ad_valorem"),
    ("l", TariffLine, "specific_amount"),
    ("l", TariffLine, "specific_currency"),
    ("l", TariffLine, "specific_unit"),
    ("l", TariffLine, "specific_per"),
    ("l", TariffLine, "note"),
    ("x", TariffLineHs2022, "relationship"),
    ("x", TariffLineHs2022, "line"),
)
_line_statements: dict[tuple[str, str, int], tuple[str, cache.Converters]] = {}


def _line_statement(db: BaseDatabaseWrapper, economies: int) -> tuple[str, cache.Converters]:
    """The links of one HS 2022 code to the lines of the destinations' schedules, by national code, as the ORM
    would write it; once per database and number of destinations (see ``cache``)."""
    key = (db.alias, db.vendor, economies)
    if key not in _line_statements:
        qn = db.ops.quote_name
        fields = [cache.model_field(model, name) for _, model, name in LINE_COLUMNS]
        columns = ", ".join(
            f"{alias}.{qn(cache.column(f))}" for (alias, _, _), f in zip(LINE_COLUMNS, fields, strict=True)
        )
        sql = (
            f"SELECT {columns} FROM {qn(TariffLineHs2022._meta.db_table)} x "  # noqa: S608 - metadata identifiers
            f"INNER JOIN {qn(TariffLine._meta.db_table)} l ON x.{qn('line_id')} = l.{qn('id')} "
            f"INNER JOIN {qn(Schedule._meta.db_table)} s ON l.{qn('schedule_id')} = s.{qn('id')} "
            f"WHERE x.{qn('hs2022_id')} = %s AND s.{qn('economy_id')} IN ({', '.join(['%s'] * economies)}) "
            f"ORDER BY l.{qn('national_code')} ASC, x.{qn('line_id')} ASC"
        )
        _line_statements[key] = (sql, cache.db_converters(db, fields))
    return _line_statements[key]


def line_rows(
    hs_code: str, economies: Sequence[str], schedules: Container[int] | None = None
) -> list[tuple[Any, ...]]:
    """``(schedule_id, national_code, description, rate_text, kind, ad_valorem, specific_amount,
    specific_currency, specific_unit, specific_per, note, relationship, line_id)`` of every line linked to the
    HS 2022 code in the economies' schedules (any date; only ``schedules`` when given).

    Filtered by HS 2022 code and economy in SQL, by schedule in Python: asked for "schedule IN (…)", SQLite walks
    every line of those schedules instead of the few links of one code."""
    if not economies:
        return []
    sql, converters = _line_statement(connection, len(economies))
    with connection.cursor() as cursor:
        cursor.execute(sql, [hs_code, *economies])
        rows = cursor.fetchall()
    if schedules is not None:
        rows = [row for row in rows if row[0] in schedules]
    return cache.convert_rows(rows, converters, connection)


def load_rate_data(
    destinations: Sequence[str], hs: HsCode, on: dt.date, snapshot: cache.Snapshot | None = None
) -> RateData:
    """The rows for many destinations at once: schedules, partners and parties from the process's snapshot
    (``cache.current()``, read afresh when not given), the lines of the one subheading in one query."""
    if snapshot is None:
        snapshot = cache.current()[0]
    wanted = list(dict.fromkeys(destinations))
    # The schedules in force on the date, every MFN schedule (to tell "no data" from "no schedule for that
    # date") and the preferences that lapsed, in (economy, regime, valid_from, id) order.
    loaded = [
        s
        for iso3 in wanted
        for s in snapshot.schedules.get(iso3, ())
        if (s.valid_from <= on and (s.valid_to is None or s.valid_to >= on))
        or s.regime == Regime.MFN
        or (
            s.regime in (Regime.PREF, Regime.GSP)
            and s.valid_to is not None
            and (s.valid_to < on or s.valid_to < s.valid_from)
        )
    ]
    economies_with_mfn = {s.economy_id for s in loaded if s.regime == Regime.MFN}
    schedules = [s for s in loaded if s.valid_from <= on and (s.valid_to is None or on <= s.valid_to)]
    lapsed: dict[str, list[Schedule]] = defaultdict(list)
    for schedule in sorted(loaded, key=lambda s: s.valid_to or on, reverse=True):
        if (
            schedule.regime in (Regime.PREF, Regime.GSP)
            and schedule.valid_to is not None
            and (schedule.valid_to < on or schedule.valid_to < schedule.valid_from)
        ):
            lapsed[schedule.economy_id].append(schedule)
    none: frozenset[str] = frozenset()
    by_id = {
        s.pk: ScheduleRows(
            s, snapshot.partners.get(s.pk, none) if s.regime in (Regime.PREF, Regime.GSP) else none, []
        )
        for s in schedules
    }
    if by_id:
        rows = line_rows(hs.code, sorted({s.economy_id for s in schedules}), by_id)
        for sid, code, desc, text, kind, adv, amount, currency, unit, per, note, rel, line_id in rows:
            by_id[sid].lines.append(
                LineRate(code, desc, text, kind, adv, amount, currency, unit, per or ONE, rel, note, line_id)
            )
    agreement_ids = {s.agreement_id for s in schedules if s.agreement_id is not None}
    agreement_ids |= {
        s.agreement_id for group in lapsed.values() for s in group if s.agreement_id is not None
    }
    parties = {aid: snapshot.parties[aid] for aid in agreement_ids if aid in snapshot.parties}
    grouped: dict[str, list[ScheduleRows]] = defaultdict(list)
    for rows_ in by_id.values():
        grouped[rows_.schedule.economy_id].append(rows_)
    return RateData(hs, on, dict(grouped), economies_with_mfn, parties, dict(lapsed))


# --- Computing the answer ------------------------------------------------------------------------------------


def party_in_force(dates: tuple[dt.date | None, dt.date | None] | None, on: dt.date) -> bool:
    if dates is None:
        return False
    start, end = dates
    return start is not None and start <= on and (end is None or end > on)


def _regime_code(schedule: Schedule) -> str:
    if schedule.regime == Regime.MFN:
        return "MFN"
    if schedule.agreement is not None:
        return schedule.agreement.code
    if schedule.regime == Regime.GSP:
        return "GSP"
    return schedule.partner_group or schedule.label or str(schedule.regime)


def _regime_name(schedule: Schedule) -> str:
    if schedule.regime == Regime.MFN:
        return _("MFN applied rate")
    if schedule.regime == Regime.BOUND:
        return _("WTO bound rate")
    base = schedule.agreement.short_name if schedule.agreement is not None else (schedule.label or "GSP")
    return f"{base} ({schedule.partner_group})" if schedule.partner_group else base


def _document(schedule: Schedule) -> str | None:
    if schedule.regime in (Regime.MFN, Regime.BOUND):
        return None
    if schedule.agreement is not None and schedule.agreement.origin_document:
        return schedule.agreement.origin_document
    if schedule.regime == Regime.GSP:
        return _(
            "Proof of origin as the preference programme requires (often a GSP certificate of origin, Form A)."
        )
    return _("Proof of origin as the preferential scheme requires.")


def _with_ave(
    line: LineRate, unit_value: UnitValue | None, on: dt.date, fx: dict[str, Conversion]
) -> LineRate:
    """The line with its AVE filled in from the unit value, or a note saying why it could not be."""
    if not line.has_specific:
        return line
    if line.specific_amount is None:
        return _replace(line, ave=None, ave_note=_("The specific part of this rate could not be read."))
    if unit_value is None:
        return _replace(line, ave=None, ave_note=_("Give a unit value to compare this specific rate."))
    if unit_value.unit and line.specific_unit and unit_value.unit.lower() != line.specific_unit.lower():
        return _replace(
            line,
            ave=None,
            ave_note=_("The unit value is per %(given)s but the duty is charged per %(unit)s.")
            % {"given": unit_value.unit, "unit": line.specific_unit},
        )
    if unit_value.amount <= 0:
        return _replace(line, ave=None, ave_note=_("The unit value must be more than zero."))
    currency = (line.specific_currency or unit_value.currency).upper()
    if currency not in fx:
        try:
            fx[currency] = convert(Decimal(1), currency, unit_value.currency, on)
        except NoExchangeRate as exc:
            return _replace(line, ave=None, ave_note=str(exc.message))
    per_unit = line.specific_amount / (line.specific_per or Decimal(1)) * fx[currency].rate
    specific_pct = per_unit / unit_value.amount * HUNDRED
    ad_valorem = line.ad_valorem or ZERO
    if line.kind == RateKind.SPECIFIC:
        ave = specific_pct
    elif line.kind == RateKind.COMPOUND:
        ave = ad_valorem + specific_pct
    elif line.kind == RateKind.MIXED_MAX:
        ave = max(ad_valorem, specific_pct)
    else:
        ave = min(ad_valorem, specific_pct)
    return _replace(line, ave=ave.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP), ave_note="")


def _replace(line: LineRate, *, ave: Decimal | None, ave_note: str) -> LineRate:
    return replace(line, ave=ave, ave_note=ave_note)


def _option(
    rows: ScheduleRows, unit_value: UnitValue | None, on: dt.date, fx: dict[str, Conversion]
) -> RegimeRate:
    schedule = rows.schedule
    return RegimeRate(
        regime=_regime_code(schedule),
        regime_kind=schedule.regime,
        name=_regime_name(schedule),
        partner_group=schedule.partner_group,
        document=_document(schedule),
        lines=tuple(_with_ave(line, unit_value, on, fx) for line in rows.lines),
        schedule_id=schedule.pk,
        schedule_year=schedule.year,
        valid_from=schedule.valid_from,
        valid_to=schedule.valid_to,
        source=schedule.source,
        agreement=schedule.agreement,
    )


def latest_per_column(rows: Iterable[ScheduleRows]) -> list[ScheduleRows]:
    """Where two schedules of one column are both in force, the newer takes over."""
    latest: dict[tuple[str, int | None, str], ScheduleRows] = {}
    for item in rows:
        s = item.schedule
        key = (s.regime, s.agreement_id, s.partner_group)
        current = latest.get(key)
        if current is None or (s.valid_from, s.pk) > (current.schedule.valid_from, current.schedule.pk):
            latest[key] = item
    return list(latest.values())


def _sort_key(option: RegimeRate) -> tuple[int, Decimal, Decimal, int, str]:
    high, low = option.max_percent, option.min_percent
    known = 0 if high is not None and low is not None else 1
    return (
        known,
        high if high is not None else ZERO,
        low if low is not None else ZERO,
        0 if option.regime_kind == Regime.MFN else 1,
        option.regime,
    )


def choose_best(options: Sequence[RegimeRate]) -> RegimeRate | None:
    """The lowest rate, compared at each regime's highest line; MFN wins ties (no origin paperwork).

    When a regime's rate cannot be put as a percentage (specific, no unit value), the best is known only if
    another regime is free on every line."""
    ranked = sorted(options, key=_sort_key)
    if not ranked:
        return None
    first = ranked[0]
    if first.max_percent is None:
        return None
    if all(o.comparable for o in options) or first.max_percent == 0:
        return first
    return None


def _not_offered(schedule: Schedule, reason: str) -> NotOffered:
    return NotOffered(_regime_code(schedule), _regime_name(schedule), reason)


def _lapsed(
    data: RateData, origin: Economy, destination: Economy, columns: list[ScheduleRows]
) -> list[NotOffered]:
    """Programmes that ended (or never took effect) and were not replaced: named, so nobody counts on them."""
    current = {(c.schedule.regime, c.schedule.agreement_id, c.schedule.partner_group) for c in columns}
    found: dict[tuple[str, int | None, str], NotOffered] = {}
    for schedule in data.lapsed.get(destination.iso3, []):
        key = (schedule.regime, schedule.agreement_id, schedule.partner_group)
        if key in current or key in found:
            continue
        if schedule.agreement_id is not None and origin.iso3 not in data.parties.get(
            schedule.agreement_id, {}
        ):
            continue
        assert schedule.valid_to is not None  # the query asked for valid_to < on
        if schedule.valid_to < schedule.valid_from:
            reason = _("Printed in the schedule but not in effect (the programme has lapsed).")
        else:
            reason = _("No longer in force: it ended on %(date)s.") % {"date": schedule.valid_to.isoformat()}
        found[key] = _not_offered(schedule, reason)
    return list(found.values())


def answer_from(
    data: RateData, origin: Economy, destination: Economy, unit_value: UnitValue | None = None
) -> RateAnswer:
    """The answer for one destination from rows already loaded (no queries but exchange rates for AVEs)."""
    on, hs = data.on, data.hs
    if destination.iso3 not in data.economies_with_mfn:
        raise NoTariffData(
            _("No tariff schedule is loaded for %(economy)s.") % {"economy": destination.display_name}
        )
    columns = latest_per_column(data.schedules.get(destination.iso3, []))
    mfn_rows = [c for c in columns if c.schedule.regime == Regime.MFN]
    if not mfn_rows:
        raise NoScheduleForDate(
            _("No MFN schedule of %(economy)s is in force on %(date)s: no schedule for that date.")
            % {"economy": destination.display_name, "date": on.isoformat()}
        )
    fx: dict[str, Conversion] = {}
    mfn_item = mfn_rows[0]
    if not mfn_item.lines:
        raise NoTariffLine(
            _("The %(economy)s MFN schedule in force on %(date)s has no line for HS %(code)s.")
            % {"economy": destination.display_name, "date": on.isoformat(), "code": hs.code}
        )
    mfn = _option(mfn_item, unit_value, on, fx)
    answer = RateAnswer(origin, destination, hs, on, mfn, [mfn], None, None, unit_value=unit_value)
    for item in columns:
        schedule = item.schedule
        if schedule.regime == Regime.BOUND:
            if item.lines:
                answer.bound = _option(item, unit_value, on, fx)
            continue
        if schedule.regime == Regime.MFN:
            continue
        if item.partners and origin.iso3 not in item.partners:
            continue  # another partner group's column
        if schedule.agreement_id is not None:
            parties = data.parties.get(schedule.agreement_id, {})
            if not party_in_force(parties.get(origin.iso3), on):
                if origin.iso3 in parties or origin.iso3 in item.partners:
                    answer.not_offered.append(
                        _not_offered(
                            schedule,
                            _("The agreement is not in force for %(economy)s on %(date)s.")
                            % {"economy": origin.display_name, "date": on.isoformat()},
                        )
                    )
                continue
            if not party_in_force(parties.get(destination.iso3), on):
                answer.not_offered.append(
                    _not_offered(
                        schedule,
                        _("The agreement is not in force for %(economy)s on %(date)s.")
                        % {"economy": destination.display_name, "date": on.isoformat()},
                    )
                )
                continue
        if not item.partners and schedule.agreement_id is None:
            answer.not_offered.append(
                _not_offered(
                    schedule,
                    _("The list of origins this programme covers is not loaded, so it is not offered."),
                )
            )
            continue
        if not item.lines:
            answer.not_offered.append(
                _not_offered(schedule, _("The schedule has no line for this subheading."))
            )
            continue
        answer.options.append(_option(item, unit_value, on, fx))
    answer.not_offered.extend(_lapsed(data, origin, destination, columns))
    answer.options = [mfn, *sorted(answer.options[1:], key=_sort_key)]
    answer.best = choose_best(answer.options)
    if answer.best is None:
        answer.notes.append(
            _("Some rates here are specific (an amount per unit): give a unit value to compare them.")
        )
    elif answer.best.max_percent is not None and mfn.max_percent is not None:
        answer.margin = mfn.max_percent - answer.best.max_percent
    if any(o.lines_differ for o in answer.options):
        answer.notes.append(
            _(
                "The national lines under this subheading have different rates: check which line the goods fall under."
            )
        )
    return answer


def applicable_rates(
    origin: str | Economy,
    destination: str | Economy,
    hs2022: str | HsCode,
    on: dt.date | None = None,
    unit_value: UnitValue | None = None,
) -> RateAnswer:
    """The MFN rate, every preference the origin can claim, the best rate and the margin, for one date."""
    snapshot, hs = snapshot_and_hs(hs2022)
    origin_economy, destination_economy = resolve_pair(origin, destination, snapshot.economies)
    if hs is None:
        raise unknown_hs(hs2022 if isinstance(hs2022, str) else hs2022.code)
    on = on or dt.date.today()
    data = load_rate_data([destination_economy.iso3], hs, on, snapshot)
    return answer_from(data, origin_economy, destination_economy, unit_value)


def best_preferential_rate(
    origin: str | Economy, destination: str | Economy, hs6: str | HsCode, on: dt.date | None = None
) -> RegimeRate | None:
    """The lowest rate the origin can claim (MFN when no preference beats it); None when not comparable."""
    return applicable_rates(origin, destination, hs6, on).best


# --- Plain data for the CLI, the API and the pages ------------------------------------------------------------


def number(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def line_data(line: LineRate) -> dict[str, object]:
    return {
        "national_code": line.national_code,
        "description": line.description,
        "rate_text": line.rate_text,
        "kind": line.kind,
        "ad_valorem": number(line.percent),
        "ave": number(line.ave),
        "ave_note": line.ave_note,
        "specific": (
            {
                "amount": number(line.specific_amount),
                "currency": line.specific_currency,
                "unit": line.specific_unit,
                "per": number(line.specific_per),
            }
            if line.has_specific
            else None
        ),
        "relationship": line.relationship,
    }


def regime_data(option: RegimeRate | None) -> dict[str, object] | None:
    if option is None:
        return None
    low, high = option.min_percent, option.max_percent
    return {
        "regime": option.regime,
        "name": option.name,
        "partner_group": option.partner_group,
        "rate_text": option.rate_text,
        "ad_valorem": number(option.ad_valorem),
        "range": {"min": number(low), "max": number(high)} if option.lines_differ else None,
        "document": option.document,
        "lines": [line_data(line) for line in option.lines],
        "schedule": {
            "year": option.schedule_year,
            "valid_from": option.valid_from.isoformat(),
            "valid_to": option.valid_to.isoformat() if option.valid_to else None,
        },
        "source": option.source.citation,
    }


def answer_data(answer: RateAnswer) -> dict[str, object]:
    return {
        "origin": answer.origin.iso3,
        "destination": answer.destination.iso3,
        "hs": answer.hs.code,
        "date": answer.on.isoformat(),
        "mfn": regime_data(answer.mfn),
        "best": regime_data(answer.best),
        "margin": number(answer.margin),
        "options": [regime_data(o) for o in answer.options],
        "bound": regime_data(answer.bound),
        "not_offered": [{"regime": n.regime, "name": n.name, "reason": n.reason} for n in answer.not_offered],
        "notes": answer.notes,
        "unit_value": (
            {
                "amount": number(answer.unit_value.amount),
                "currency": answer.unit_value.currency,
                "unit": answer.unit_value.unit,
            }
            if answer.unit_value
            else None
        ),
    }
