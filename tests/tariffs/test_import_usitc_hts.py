"""USITC HTS JSON import, checked against us_hts_2025_usitc.json.gz (record numbers in the comments)."""

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

F, AV, SP, CO, OT = "FREE", "AD_VALOREM", "SPECIFIC", "COMPOUND", "OTHER"


@pytest.fixture
def hts_file(shared_data: Path) -> Path:
    return shared_data / "tariffs" / "us_hts_2025_usitc.json.gz"


def test_real_file_general_special_and_column_2(hts_file: Path) -> None:
    import_file(hts_file, format="usitc-hts")
    mfn = {"economy_id": "USA", "regime": Regime.MFN}
    usd = "USD"
    check(line("01012100", **mfn), "Free", F, "0")  # record 3
    check(line("0101300000", **mfn), "6.8%", AV, "6.8")  # record 9
    check(line("02011005", **mfn), "4.4¢/kg", SP, None, "0.044", usd, "kg")  # record 129
    check(line("01051100", **mfn), "0.9¢ each", SP, None, "0.009", usd, "piece")  # record 89
    check(line("0401400200", **mfn), "3.2¢/liter", SP, None, "0.032", usd, "l")  # record 1180
    check(line("0402101000", **mfn), "3.3¢/kg", SP, None, "0.033", usd, "kg")  # record 1195
    check(line("0403205000", **mfn), "$1.035/kg + 17%", CO, "17", "1.035", usd, "kg")  # record 1246
    check(line("0404101500", **mfn), "$1.035/kg + 8.5%", CO, "8.5", "1.035", usd, "kg")  # record 1288
    check(line("04090000", **mfn), "1.9¢/kg", SP, None, "0.019", usd, "kg")  # record 1597
    check(line("03061700", **mfn), "Free", F, "0")  # record 999, frozen shrimps
    check(line("09011100", **mfn), "Free", F, "0")  # record 2769, coffee
    check(line("10063010", **mfn), "11.2%", AV, "11.2")  # record 2968
    check(line("15092020", **mfn), "5¢/kg on contents and container", OT)  # record 3426: kept, not guessed
    check(line("16041410", **mfn), "35%", AV, "35")  # record 3689, tuna
    check(line("17019950", **mfn), "35.74¢/kg", SP, None, "0.3574", usd, "kg")  # record 3925
    check(line("61091000", **mfn), "16.5%", AV, "16.5")  # record 16144
    check(line("64039960", **mfn), "8.5%", AV, "8.5")  # record 19640
    check(line("95030000", **mfn), "Free", F, "0")  # record 30983, printed as heading 9503
    assert line("01012100", **mfn).line_no == 3
    assert line("61091000", **mfn).description.startswith("T-shirts")

    col2 = {"economy_id": "USA", "regime": Regime.OTHER, "partner_group": "column-2"}
    check(line("22083030", **col2), "$1.99/pf. liter", SP, None, "1.99", usd, "pf_l")  # record 5125
    check(line("04090000", **col2), "6.6¢/kg", SP, None, "0.066", usd, "kg")  # record 1597
    check(line("0404101500", **col2), "$1.217/kg + 10%", CO, "10", "1.217", usd, "kg")  # record 1288

    # special column: record 2968 "Free (AU,…,SG) 1.4% (KR)"
    korus = {"economy_id": "USA", "regime": Regime.PREF, "agreement__code": "korus"}
    check(line("10063010", **korus), "1.4%", AV, "1.4")
    check(line("10063010", partner_group="AU", agreement__code="ausfta"), "Free", F, "0")
    # record 1246: "10.3¢/kg + 1.7% (P)" is CAFTA-DR, not an agreement we hold: PREF named by its code
    check(
        line("0403205000", partner_group="P", regime=Regime.PREF),
        "10.3¢/kg + 1.7%",
        CO,
        "1.7",
        "0.103",
        usd,
        "kg",
    )
    # record 3925: "See 9822.08.01 (CO)" is a reference, kept as text
    check(line("17019950", partner_group="CO"), "See 9822.08.01", OT)
    # USMCA (S) partners are Canada and Mexico
    usmca = Schedule.objects.get(economy_id="USA", agreement__code="usmca", partner_group="S")
    assert set(usmca.partners.values_list("iso3", flat=True)) == {"CAN", "MEX"}
    assert usmca.lines.filter(national_code="0101300000", kind=F).exists()


def test_lapsed_gsp_is_imported_but_never_in_effect(hts_file: Path) -> None:
    import_file(hts_file, format="usitc-hts")
    gsp = Schedule.objects.get(economy_id="USA", regime=Regime.GSP, partner_group="A+")
    assert gsp.valid_to == dt.date(2020, 12, 31) < gsp.valid_from
    assert gsp.lines.filter(national_code="0101300000").exists()  # record 9: "Free (A+,…)"
    on = dt.date(2025, 6, 1)
    in_effect = Schedule.objects.filter(economy_id="USA", valid_from__lte=on).exclude(valid_to__lt=on)
    assert not in_effect.filter(regime=Regime.GSP).exists()
    assert in_effect.filter(regime=Regime.MFN).count() == 1


def test_malformed_record_names_line_and_column(tmp_path: Path) -> None:
    broken = tmp_path / "hts.json.gz"
    with gzip.open(broken, "wt", encoding="utf-8") as handle:
        handle.write(
            '[{"htsno": "0101.21.00", "indent": "2", "description": "Purebred", "general": "Free"},\n'
        )
        handle.write('{"htsno": "0101.29.00", "indent": "2", "general": 5}]\n')
    with pytest.raises(ImportFileError) as caught:
        import_file(broken, format="usitc-hts")
    assert (caught.value.line, caught.value.column) == (2, 1)
    assert "'general' is not a string" in caught.value.problem
    assert not TariffLine.objects.exists()

    truncated = tmp_path / "cut.json"
    truncated.write_text('[{"htsno": "0101.21.00", "indent": "2",\n "general": "Free"', encoding="utf-8")
    with pytest.raises(ImportFileError) as caught:
        import_file(truncated, format="usitc-hts")
    assert caught.value.line == 2
    assert not Schedule.objects.exists()
