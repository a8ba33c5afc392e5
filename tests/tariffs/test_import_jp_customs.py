"""Japan Customs tariff import, checked against jp_customs_tariff_2026.csv.gz (file lines in the comments)."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from rantai.core.errors import ImportFileError
from rantai.tariffs.importers import import_file
from rantai.tariffs.importers.jp_customs import read
from rantai.tariffs.models import Regime, Schedule, TariffLine

from .import_checks import check, line

pytestmark = pytest.mark.django_db

F, AV, SP, CO, MX, MN, OT = "FREE", "AD_VALOREM", "SPECIFIC", "COMPOUND", "MIXED_MAX", "MIXED_MIN", "OTHER"
MFN = {"economy_id": "JPN", "regime": Regime.MFN}
WTO = {"economy_id": "JPN", "regime": Regime.BOUND}
TEMP = {"economy_id": "JPN", "regime": Regime.TEMPORARY}
GENERAL = {"economy_id": "JPN", "regime": Regime.OTHER, "partner_group": "general"}


@pytest.fixture
def jp_file(shared_data: Path) -> Path:
    return shared_data / "tariffs" / "jp_customs_tariff_2026.csv.gz"


def test_columns_as_printed_and_the_applied_mfn_rate(jp_file: Path) -> None:
    import_file(jp_file, format="jp-customs")
    # line 8, horses: general 4,000,000円/頭, WTO 3,400,000円/頭 → the lower WTO rate applies
    check(line("010121290", **GENERAL), "4,000,000円/頭", SP, None, "4000000", "JPY", "head")
    check(line("010121290", **MFN), "3,400,000円/頭", SP, None, "3400000", "JPY", "head")
    # line 84, beef: general (50%), temporary 38.5%, WTO (50%) → temporary
    check(line("020110000", **MFN), "38.5%", AV, "38.5")
    check(line("020110000", **TEMP), "38.5%", AV, "38.5")
    check(line("020110000", **WTO), "(50%)", AV, "50")
    check(line("020110000", economy_id="JPN", agreement__code="cptpp"), "20.8%", AV, "20.8")
    # line 514, cod: general (10%), temporary 4.2%, WTO (6%) → temporary, and the WTO rate is not applied
    mfn_cod = line("030391020", **MFN)
    check(mfn_cod, "4.2%", AV, "4.2")
    assert "(6%) in parentheses is not applied" in mfn_cod.note
    # line 1922, coffee: general 無税, WTO (無税)
    check(line("090111000", **MFN), "無税", F, "0")
    check(line("090111000", economy_id="JPN", agreement__code="ijepa"), "無税", F, "0")
    # line 2158, rice: temporary 49円/kg, WTO *(341円/kg) with a marker
    check(line("100630090", **MFN), "49円/kg", SP, None, "49", "JPY", "kg")
    rice_wto = line("100630090", **WTO)
    check(rice_wto, "*(341円/kg)", SP, None, "341", "JPY", "kg")
    assert "not applied" in rice_wto.note and "marker *" in rice_wto.note
    # line 4237, beer: general 6.40円/l, WTO 無税 (not in parentheses, lower) → free
    check(line("220300000", **GENERAL), "6.40円/l", SP, None, "6.40", "JPY", "l")
    check(line("220300000", **MFN), "無税", F, "0")
    # line 4405, cigarettes: temporary 無税; WTO rate compound per 1,000 pieces
    check(line("240220000", **MFN), "無税", F, "0")
    check(
        line("240220000", **WTO), "(8.5%\uff0b290.70円/1,000本)", CO, "8.5", "290.70", "JPY", "piece", "1000"
    )
    # line 8683, cotton yarn: mixed rates, WTO applied as printed
    check(line("520511020", **GENERAL), "2.8%又は20円/kgのうちいずれか高い税率", MX, "2.8", "20", "JPY", "kg")
    check(line("520511020", **MFN), "1.9%又は13円/kgのうちいずれか高い税率", MX, "1.9", "13", "JPY", "kg")
    check(line("520511020", economy_id="JPN", partner_group="CHN"), "0.9%又は5.91円/kgのうちいずれか高い税率", MX,
          "0.9", "5.91", "JPY", "kg")  # fmt: skip
    check(line("520511020", economy_id="JPN", partner_group="KOR"), "無税", F, "0")
    # line 8688: leaf with only EPA rates inherits the general and WTO rates of its subheading
    assert line("520512021", **MFN).kind != OT
    # line 55: whales etc. inherit general 無税 and WTO (無税) from 0106.12
    check(line("010612010", **MFN), "無税", F, "0")
    check(line("010612010", economy_id="JPN", partner_group="ASEAN+AUS+NZL"), "無税", F, "0")
    # line 13160, copper: general is a formula in parentheses, WTO 3% applies
    check(line("740200020", **MFN), "3%", AV, "3")
    check(line("740200020", **GENERAL), "(490円\u2212課税価格)/kg", OT)
    # line 1510, onions: an AJCEP formula is kept, not guessed
    check(
        line("070310012", economy_id="JPN", agreement__code="ajcep"),
        "5%又は(73.70円-課税価格)/kgのうちいずれか低い税率",
        OT,
    )
    # line 1787 and 1792: the same statistical code twice (seasonal bananas), each kept with its line
    bananas = TariffLine.objects.filter(
        schedule__economy_id="JPN", schedule__regime=Regime.MFN, national_code="080390100"
    )
    assert sorted(bananas.values_list("line_no", "rate_text")) == [(1787, "20%"), (1792, "25%")]
    # RCEP partner groups carry their partners
    china = Schedule.objects.get(economy_id="JPN", agreement__code="rcep", partner_group="CHN")
    assert list(china.partners.values_list("iso3", flat=True)) == ["CHN"]
    asean = Schedule.objects.get(economy_id="JPN", agreement__code="rcep", partner_group="ASEAN+AUS+NZL")
    assert {"IDN", "AUS", "NZL"} <= set(asean.partners.values_list("iso3", flat=True))


def test_a_parenthesised_wto_rate_is_never_the_applied_rate(jp_file: Path) -> None:
    import_file(jp_file, format="jp-customs")
    bound = TariffLine.objects.filter(schedule__economy_id="JPN", schedule__regime=Regime.BOUND)
    parenthesised = bound.filter(note__contains="not applied")
    assert parenthesised.count() > 2000
    # Where the statutory rate is printed, the MFN line never takes its rate from a parenthesised WTO rate.
    mfn = TariffLine.objects.filter(schedule__economy_id="JPN", schedule__regime=Regime.MFN)
    assert not mfn.filter(note__startswith="WTO rate", rate_text__startswith="(").exists()
    assert read("(25%)").parenthesised and not read("25%").parenthesised


def test_broken_copy_is_rejected_whole(jp_file: Path, tmp_path: Path) -> None:
    with gzip.open(jp_file, "rt", encoding="utf-8") as handle:
        rows = [next(handle) for _ in range(60)]
    rows[40] = rows[40].replace(",", ";", 3)
    broken = tmp_path / "jp.csv.gz"
    with gzip.open(broken, "wt", encoding="utf-8") as handle:
        handle.writelines(rows)
    with pytest.raises(ImportFileError) as caught:
        import_file(broken, format="jp-customs")
    assert caught.value.line == 41
    assert not Schedule.objects.exists()
