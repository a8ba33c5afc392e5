"""The rows the rate logic keeps in each process (schedules, partners, parties, economies, sources): a change
is seen by the next lookup, in this process (saves bump the tariff data version in their transaction) and in
another one (through the version it reads on every lookup)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rantai.core.models import DataSource
from rantai.reference.models import AgreementParty, Economy, HsCode
from rantai.tariffs import cache
from rantai.tariffs.importers import import_file, jp_customs
from rantai.tariffs.models import Schedule, TariffDataVersion
from rantai.tariffs.ranking import rank_destinations
from rantai.tariffs.rates import NoScheduleForDate, NoTariffData, applicable_rates
from tests.subprocess_env import rantai
from tests.tariffs.rate_fixtures import SHRIMP, make_japan_shrimp, shrimp_fixture

japan_shrimp_rows = shrimp_fixture
LATER = dt.date(2027, 6, 1)


def tiny_japan_file(folder: Path, general: str = "3%") -> Path:
    """Japan's tariff for frozen shrimp only, in the jp-customs layout: general rate ``general``, WTO (5%)."""

    def row(level: int, stat: str, suffix: str, code: str, parent: str, desc: str, **rates: str) -> list[str]:
        cells = dict.fromkeys(jp_customs.HEADER, "")
        cells.update(chapter="03", level=str(level), stat_code=stat, hs_suffix=suffix, code_digits=code,
                     parent_code=parent, desc_ja=desc, **rates)  # fmt: skip
        return [cells[name] for name in jp_customs.HEADER]

    path = folder / "jp_shrimp_2027.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([
            jp_customs.HEADER,
            row(0, "03.06", "", "0306", "", "甲殻類"),
            row(2, "0306.17", "", "030617", "0306", "その他のシュリンプ及びプローン"),
            row(3, "0306.17", "010", "030617010", "030617", "1 えび", rate_general=general, rate_wto="(5%)"),
            row(3, "0306.17", "090", "030617090", "030617", "2 その他のもの", rate_general=general, rate_wto="(5%)"),
        ])  # fmt: skip
    return path


def mfn_text(origin: str = "IDN", on: dt.date = LATER) -> str:
    return applicable_rates(origin, "JPN", SHRIMP, on=on).mfn.rate_text


@pytest.mark.django_db
def test_an_import_is_seen_by_the_next_lookup_and_ranking_in_this_process(japan_shrimp, tmp_path):
    assert mfn_text() == "1%"
    ranks = {r.economy.iso3: r for r in rank_destinations("IDN", SHRIMP, LATER)}
    assert ranks["JPN"].answer.mfn.rate_text == "1%"

    import_file(tiny_japan_file(tmp_path), format="jp-customs", year=2027, valid_from=dt.date(2027, 4, 1))

    answer = applicable_rates("IDN", "JPN", SHRIMP, on=LATER)
    assert (answer.mfn.rate_text, answer.mfn.valid_from) == ("3%", dt.date(2027, 4, 1))
    assert [o.regime for o in answer.options] == ["MFN", "rcep"]  # the fixture's RCEP column is still there
    ranks = {r.economy.iso3: r for r in rank_destinations("IDN", SHRIMP, LATER)}
    assert ranks["JPN"].answer.mfn.rate_text == "3%"
    assert mfn_text(on=dt.date(2027, 3, 31)) == "1%"  # the older schedule now ends the day before


@pytest.mark.django_db
def test_a_warm_lookup_asks_the_version_with_the_code_then_the_lines(japan_shrimp):
    applicable_rates("IDN", "JPN", SHRIMP, on=LATER)
    rank_destinations("IDN", SHRIMP, LATER)

    with CaptureQueriesContext(connection) as lookup:
        applicable_rates("IDN", "JPN", SHRIMP, on=LATER)
    with CaptureQueriesContext(connection) as ranking:
        rank_destinations("IDN", SHRIMP, LATER)

    assert len(lookup) == 2
    assert len(ranking) == 3  # and the buyers' open sourcing requests into each market


@pytest.mark.django_db
def test_edits_through_the_orm_or_the_admin_are_seen_at_once(japan_shrimp):
    assert [o.regime for o in applicable_rates("IDN", "JPN", SHRIMP, on=LATER).options] == ["MFN", "rcep"]

    party = AgreementParty.objects.get(agreement__code="rcep", economy_id="IDN")
    party.withdrawn_on = dt.date(2027, 1, 1)
    party.save()
    answer = applicable_rates("IDN", "JPN", SHRIMP, on=LATER)
    assert [o.regime for o in answer.options] == ["MFN"]
    assert [n.regime for n in answer.not_offered] == ["rcep"]

    party.withdrawn_on = None
    party.save()
    japan_shrimp["rcep"].partners.remove(Economy.objects.get(iso3="IDN"))
    assert [o.regime for o in applicable_rates("IDN", "JPN", SHRIMP, on=LATER).options] == ["MFN"]

    japan = Economy.objects.get(iso3="JPN")
    japan.apec_name = "Nippon"
    japan.save()
    assert applicable_rates("IDN", "JPN", SHRIMP, on=LATER).destination.display_name == "Nippon"

    source = DataSource.objects.get(pk=japan_shrimp["mfn"].source_id)
    source.title = "Corrected title"
    source.save()
    assert "Corrected title" in applicable_rates("IDN", "JPN", SHRIMP, on=LATER).mfn.source.citation

    japan_shrimp["mfn"].delete()
    with pytest.raises(NoTariffData, match="No tariff schedule is loaded for Nippon"):
        applicable_rates("IDN", "JPN", SHRIMP, on=LATER)


@pytest.mark.django_db
def test_without_a_version_row_nothing_is_reused(japan_shrimp):
    TariffDataVersion.objects.all().delete()
    assert mfn_text() == "1%"

    # Written without signals, as another program would: seen only because nothing was kept.
    Schedule.objects.filter(pk=japan_shrimp["mfn"].pk).update(valid_from=dt.date(2028, 1, 1))
    with pytest.raises(NoScheduleForDate):
        mfn_text()

    cache.bump()  # the next change recreates the row
    assert TariffDataVersion.objects.count() == 1


@pytest.fixture
def reference_data(django_db_blocker: Any) -> None:
    """An earlier transactional test empties the database after it: load the reference data again then."""
    with django_db_blocker.unblock():
        if not HsCode.objects.filter(code=SHRIMP).exists():
            call_command("data", "load-reference", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_an_import_by_another_process_is_seen_through_the_version(reference_data, tmp_path):
    make_japan_shrimp()
    assert mfn_text() == "1%"
    token = TariffDataVersion.objects.get().token

    done = rantai("data", "import", "tariffs", "--format", "jp-customs", str(tiny_japan_file(tmp_path, "4%")),
                  "--year", "2027", "--valid-from", "2027-04-01")  # fmt: skip

    assert done.returncode == 0, done.stderr
    assert TariffDataVersion.objects.get().token != token
    assert mfn_text() == "4%"
    assert {
        r.economy.iso3: r.answer.mfn.rate_text for r in rank_destinations("IDN", SHRIMP, LATER) if r.answer
    }["JPN"] == "4%"
