"""Small, hand-made tariff rows for the rate-logic, landed-cost and ranking tests.

The figures imitate real schedules (Japan's MFN and RCEP/IJEPA columns for frozen shrimp, Indonesia's BTKI
with PPN and PPnBM) but are written here, so each test states exactly what it relies on. Reference data
(economies, HS 2022, agreements with their per-party in-force dates) is loaded in every test database.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from rantai.core.models import DataSource
from rantai.reference.models import Agreement, Economy, HsCode
from rantai.tariffs.models import (
    ExchangeRate,
    ImportTax,
    LineTax,
    RateKind,
    Regime,
    Schedule,
    TariffLine,
    TariffLineHs2022,
)

SHRIMP = "030617"  # frozen shrimps and prawns (other)
COFFEE = "090111"  # coffee, not roasted, not decaffeinated


def source(key: str = "tests-tariff", publisher: str = "Test customs office") -> DataSource:
    return DataSource.objects.get_or_create(
        key=key, version="1",
        defaults={"kind": DataSource.Kind.FILE, "title": f"{key} schedule", "publisher": publisher},
    )[0]


def schedule(economy: str, regime: str = Regime.MFN, *, agreement: str | None = None, partners: tuple[str, ...] = (),
             partner_group: str = "", valid_from: dt.date = dt.date(2022, 1, 1), valid_to: dt.date | None = None,
             label: str = "") -> Schedule:
    made = Schedule.objects.create(
        economy_id=economy, regime=regime,
        agreement=Agreement.objects.get(code=agreement) if agreement else None,
        partner_group=partner_group, label=label, year=valid_from.year, hs_version="HS2022",
        valid_from=valid_from, valid_to=valid_to, source=source(f"tests-{economy.lower()}"),
        publisher="Test customs office", format="jp-customs",
    )
    if partners:
        made.partners.set(Economy.objects.filter(iso3__in=partners))
    return made


def line(sched: Schedule, national_code: str, rate_text: str, kind: str = RateKind.AD_VALOREM, *,
         ad_valorem: str | None = None, specific: str | None = None, currency: str = "", unit: str = "",
         per: str = "1", hs2022: str | None = None) -> TariffLine:
    hs = hs2022 or national_code[:6]
    made = TariffLine.objects.create(
        schedule=sched, national_code=national_code, hs6=hs, description=f"line {national_code}",
        rate_text=rate_text, kind=kind, ad_valorem=Decimal(ad_valorem) if ad_valorem is not None else None,
        specific_amount=Decimal(specific) if specific is not None else None, specific_currency=currency,
        specific_unit=unit, specific_per=Decimal(per), line_no=TariffLine.objects.count() + 1,
    )
    TariffLineHs2022.objects.create(line=made, hs2022=HsCode.objects.get(code=hs), relationship="1:1")
    return made


def free(sched: Schedule, national_code: str) -> TariffLine:
    return line(sched, national_code, "Free", RateKind.FREE, ad_valorem="0")


def pct(sched: Schedule, national_code: str, rate: str) -> TariffLine:
    return line(sched, national_code, f"{rate}%", ad_valorem=rate)


def exchange_rate(currency: str, per_usd: str, on: dt.date) -> ExchangeRate:
    return ExchangeRate.objects.create(currency=currency, per_usd=Decimal(per_usd), on=on,
                                       source=source("tests-fx", "Test central bank"))


def import_tax(economy: str, tax: str, rate: str, basis: str = "customs_value_plus_duty", *, name: str = "",
               conditions: str = "", hs_prefix: str = "") -> ImportTax:
    return ImportTax.objects.create(
        economy_id=economy, tax=tax, name=name or tax, rate=Decimal(rate), basis=basis, hs_prefix=hs_prefix,
        conditions=conditions, valid_from=dt.date(2022, 1, 1), source=source("tests-tax", "Test tax office"),
    )


def line_tax(tariff_line: TariffLine, tax: str, rate: str) -> LineTax:
    return LineTax.objects.create(line=tariff_line, tax=tax, rate=Decimal(rate), rate_text=rate)


def make_japan_shrimp() -> dict[str, Schedule]:
    """Japan, frozen shrimp: MFN 1% on both lines; RCEP (ASEAN group) free; IJEPA free; RCEP China 0.5%."""
    mfn = schedule("JPN", Regime.MFN, valid_from=dt.date(2022, 1, 1))
    pct(mfn, "030617010", "1")
    pct(mfn, "030617090", "1")
    rcep = schedule("JPN", Regime.PREF, agreement="rcep", partner_group="ASEAN, Australia, New Zealand",
                    partners=("BRN", "IDN", "MYS", "PHL", "SGP", "THA", "VNM", "AUS", "NZL", "KHM", "LAO"))
    free(rcep, "030617010")
    free(rcep, "030617090")
    rcep_china = schedule("JPN", Regime.PREF, agreement="rcep", partner_group="CHN", partners=("CHN",))
    pct(rcep_china, "030617010", "0.5")
    pct(rcep_china, "030617090", "0.5")
    bound = schedule("JPN", Regime.BOUND)
    pct(bound, "030617010", "2")
    pct(bound, "030617090", "2")
    return {"mfn": mfn, "rcep": rcep, "rcep_china": rcep_china, "bound": bound}


# Test modules declare it with ``japan_shrimp = shrimp_fixture`` so pytest finds it by that name.
shrimp_fixture = pytest.fixture(name="japan_shrimp")(make_japan_shrimp)
