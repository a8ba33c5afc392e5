"""WTO Tariff Download Facility imports, checked against the TDF files (file lines in the comments)."""

from __future__ import annotations

import datetime as dt
import gzip
from pathlib import Path

import pytest

from rantai.core.errors import ImportFileError
from rantai.tariffs.importers import import_file
from rantai.tariffs.models import Regime, Schedule, TariffLine

from .import_checks import check, line

pytestmark = pytest.mark.django_db

F, AV, SP, OT = "FREE", "AD_VALOREM", "SPECIFIC", "OTHER"


def test_mfn_summaries_per_year_with_history(shared_data: Path) -> None:
    import_file(shared_data / "tariffs" / "wto_tdf_idn_applied_mfn_2008_2018.tsv.gz", format="wto-tdf")
    y2018 = {"economy_id": "IDN", "regime": Regime.MFN, "year": 2018}
    check(line("010129", **y2018), "5%", AV, "5")  # line 5
    check(line("030617", **y2018), "5%", AV, "5")  # line 300
    check(line("040210", **y2018), "5%", AV, "5")  # line 359
    check(line("090111", **y2018), "5%", AV, "5")  # line 608
    check(line("847130", **y2018), "0%", F, "0")  # line 5624
    check(line("100610", **y2018), "Rp. 450-/kg", SP, None, "450", "IDR", "kg")  # line 675
    check(line("220300", **y2018), "Rp. 14.000-/liter", SP, None, "14000", "IDR", "l")  # line 1091
    schedules = Schedule.objects.filter(economy_id="IDN", regime=Regime.MFN).order_by("year")
    assert [(s.year, s.hs_version) for s in schedules][-3:] == [
        (2016, "HS2012"),
        (2017, "HS2017"),
        (2018, "HS2017"),
    ]
    s2017 = schedules.get(year=2017)
    assert s2017.valid_to == dt.date(2017, 12, 31) and schedules.get(year=2018).valid_to is None
    # HS 2017 codes are mapped to HS 2022 through the UNSD correlation
    assert line("090111", **y2018).hs2022_links.filter(hs2022_id="090111").exists()


def test_preferential_regimes_with_partner_table(shared_data: Path) -> None:
    import_file(
        shared_data / "tariffs" / "wto_tdf_idn_applied_preferential_2016_2018.tsv.gz", format="wto-tdf"
    )
    atiga = {"economy_id": "IDN", "year": 2018, "agreement__code": "atiga"}
    check(line("090111", **atiga), "0%", F, "0")  # line 3275
    check(line("100610", **atiga), "25%", AV, "25")  # line 3573
    check(line("220300", **atiga), "Rp. 14.000-/liter", SP, None, "14000", "IDR", "l")  # line 5599
    check(line("220300", economy_id="IDN", year=2018, agreement__code="akfta"), "40%", AV, "40")  # line 5601
    check(line("100610", economy_id="IDN", year=2018, agreement__code="acfta"), "Rp. 450-/kg", SP, None,
          "450", "IDR", "kg")  # line 3574  # fmt: skip
    check(line("090111", economy_id="IDN", year=2018, agreement__code="ijepa"), "0%", F, "0")  # line 3279
    check(line("090111", economy_id="IDN", year=2018, agreement__code="ajcep"), "0%", F, "0")  # line 3281
    aifta = Schedule.objects.get(
        economy_id="IDN", year=2018, partner_group="ASEAN- India free-trade area duty rates"
    )
    assert aifta.agreement is None and aifta.regime == Regime.PREF
    assert "IND" in set(aifta.partners.values_list("iso3", flat=True))  # from the partner table
    acfta = Schedule.objects.get(economy_id="IDN", year=2018, agreement__code="acfta")
    assert set(acfta.partners.values_list("iso3", flat=True)) == {"CHN"}


def test_r_renamed_headers_and_two_reporters(shared_data: Path) -> None:
    import_file(shared_data / "tariffs" / "wto_tdf_mys2013_sgp2014_applied_mfn.tsv.gz", format="wto-tdf")
    check(line("090111", economy_id="MYS", year=2013), "0%", F, "0")  # line 572
    check(line("220300", economy_id="MYS", year=2013), "RM5.00 per l", OT)  # line 1051: ringgit sign unknown
    check(line("090111", economy_id="SGP", year=2014), "0%", F, "0")  # line 7094
    assert Schedule.objects.get(economy_id="SGP").hs_version == "HS2012"


def test_unknown_nomenclature_is_rejected_with_its_column(shared_data: Path, tmp_path: Path) -> None:
    source = shared_data / "tariffs" / "wto_tdf_mys2013_sgp2014_applied_mfn.tsv.gz"
    with gzip.open(source, "rt", encoding="utf-8") as handle:
        rows = [next(handle) for _ in range(30)]
    rows[20] = rows[20].replace('"HS12"', '"HS13"')
    broken = tmp_path / "tdf.tsv"
    broken.write_text("".join(rows), encoding="utf-8")
    with pytest.raises(ImportFileError) as caught:
        import_file(broken, format="wto-tdf")
    assert (caught.value.line, caught.value.column) == (21, "4 (base nomenclature)")
    assert not TariffLine.objects.exists()
