"""BTKI 2022 import, checked line by line against id_btki2022_tariff_lines.csv."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from rantai.core.errors import ImportFileError
from rantai.core.models import DataSource
from rantai.tariffs.importers import btki, import_file
from rantai.tariffs.models import LineTax, Regime, Schedule, TariffLine, TariffLineHs2022

from .import_checks import check, line

pytestmark = pytest.mark.django_db

F, AV, SP = "FREE", "AD_VALOREM", "SPECIFIC"


@pytest.fixture
def btki_file(shared_data: Path) -> Path:
    return shared_data / "hs_id" / "id_btki2022_tariff_lines.csv"


def test_real_file_lines_as_printed(btki_file: Path) -> None:
    report = import_file(btki_file, format="btki")
    assert "11552 lines" in report[0]
    mfn = {"economy_id": "IDN", "regime": Regime.MFN}
    cases = [
        # national code, rate text, kind, ad valorem, specific amount, unit   (file line in the comment)
        ("01012100", "0", F, "0", None, ""),  # line 3
        ("01012900", "5", AV, "5", None, ""),  # line 4
        ("03061711", "5", AV, "5", None, ""),  # line 461
        ("10063030", "450,-/kg", SP, None, "450", "kg"),  # line 1234, glutinous rice
        ("17011200", "790,-/kg", SP, None, "790", "kg"),  # line 1799, beet sugar
        ("17011300", "550,-/kg", SP, None, "550", "kg"),  # line 1800
        ("17019910", "790,-/kg", SP, None, "790", "kg"),  # line 1804, refined sugar
        ("22030011", "14.000,-/liter", SP, None, "14000", "l"),  # line 2155, beer: thousands dot
        ("22042111", "90", AV, "90", None, ""),  # line 2162, wine
        ("24022010", "40", AV, "40", None, ""),  # line 2308, beedies
        ("33049930", "15", AV, "15", None, ""),  # line 3827
        ("37061010", "10", AV, "10", None, ""),  # line 4060
        ("37061090", "21.450,-/menit", SP, None, "21450", "minute"),  # line 4063, film per minute
        ("42032910", "12,5", AV, "12.5", None, ""),  # line 5166, decimal comma
        ("52041110", "7.5", AV, "7.5", None, ""),  # line 6030, decimal point
        ("09011120", "5", AV, "5", None, ""),  # line 1112, arabica
        ("09011130", "5", AV, "5", None, ""),  # line 1113, robusta
        ("84713020", "0", F, "0", None, ""),  # line 10771, laptops
        ("87032351", "50", AV, "50", None, ""),  # line 12466, ambulances
        ("87038012", "10", AV, "10", None, ""),  # line 12857, electric ATV
        ("87038097", "50", AV, "50", None, ""),  # line 12871
    ]
    for code, text, kind, ad_valorem, amount, unit in cases:
        check(line(code, **mfn), text, kind, ad_valorem, amount, "IDR" if amount else "", unit)
    laptop = line("84713020", **mfn)
    assert laptop.line_no == 10771
    assert laptop.description == "- - Laptop termasuk notebook dan subnotebook"
    assert laptop.hs6 == "847130"
    assert list(laptop.hs2022_links.values_list("hs2022_id", "relationship")) == [("847130", "1:1")]


def test_line_taxes_ppn_and_conditional_ppnbm(btki_file: Path) -> None:
    import_file(btki_file, format="btki")
    mfn = {"economy_id": "IDN", "regime": Regime.MFN}
    # 01.01.21.00: ppn '-' (none)
    assert not line("01012100", **mfn).taxes.exists()
    # 03.06.17.11: ppn '11*)' conditional
    assert list(line("03061711", **mfn).taxes.values_list("tax", "rate", "rate_text")) == [
        ("PPN", 11, "11*)")
    ]
    # 87.03.24.44 motor-homes: ppn 11, ppnbm 40*); 50*); 60*); 70*); 95*)
    taxes = list(line("87032444", **mfn).taxes.order_by("id").values_list("tax", "rate_text"))
    assert taxes == [("PPN", "11"), ("PPNBM", "40*)"), ("PPNBM", "50*)"), ("PPNBM", "60*)"), ("PPNBM", "70*)"),
                     ("PPNBM", "95*)")]  # fmt: skip


def test_same_file_again_is_a_no_op(btki_file: Path) -> None:
    import_file(btki_file, format="btki")
    before = (Schedule.objects.count(), TariffLine.objects.count(), LineTax.objects.count())
    report = import_file(btki_file, format="btki")
    assert "already imported" in report[0]
    assert (Schedule.objects.count(), TariffLine.objects.count(), LineTax.objects.count()) == before


def test_newer_version_supersedes_and_history_stays(btki_file: Path, tmp_path: Path) -> None:
    import_file(btki_file, format="btki")
    newer = tmp_path / "btki_2024.csv"
    text = btki_file.read_text(encoding="utf-8")
    newer.write_text(text.replace("01.01.29.00,01,- - Lain-lain,- - Other,5,", "01.01.29.00,01,- - Lain-lain,- - Other,7,"),
                     encoding="utf-8")  # fmt: skip
    report = import_file(newer, format="btki", year=2024, valid_from=dt.date(2024, 1, 1))
    assert any("older schedules now end" in r for r in report)
    old, new = Schedule.objects.filter(economy_id="IDN", regime=Regime.MFN).order_by("valid_from")
    assert old.valid_to == dt.date(2023, 12, 31) and new.valid_to is None
    assert old.lines.get(national_code="01012900").rate_text == "5"
    assert new.lines.get(national_code="01012900").rate_text == "7"


def test_broken_copy_names_file_line_and_column_and_writes_nothing(btki_file: Path, tmp_path: Path) -> None:
    lines = btki_file.read_text(encoding="utf-8").splitlines()
    broken = tmp_path / "broken.csv"
    target = next(i for i, text in enumerate(lines) if text.startswith("01.05.11.10,"))
    lines[target] = lines[target].replace("01.05.11.10", "01.05.1X.10", 1)
    broken.write_text("\n".join(lines[:100]) + "\n", encoding="utf-8")
    with pytest.raises(ImportFileError) as caught:
        import_file(broken, format="btki")
    assert caught.value.path == str(broken)
    assert caught.value.line == target + 1
    assert caught.value.column == "1 (hs_code)"
    assert not Schedule.objects.exists() and not TariffLine.objects.exists()
    assert not TariffLineHs2022.objects.exists()
    assert not DataSource.objects.filter(key=btki.INFO.key).exists()


def test_unknown_rate_text_in_a_tax_column_is_an_error(btki_file: Path, tmp_path: Path) -> None:
    lines = btki_file.read_text(encoding="utf-8").splitlines()
    lines[3] = "01.01.29.00,01,- - Lain-lain,- - Other,5,-,sebelas,-,8"
    broken = tmp_path / "tax.csv"
    broken.write_text("\n".join(lines[:10]) + "\n", encoding="utf-8")
    with pytest.raises(ImportFileError) as caught:
        import_file(broken, format="btki")
    assert (caught.value.line, caught.value.column) == (4, "7 (ppn)")
    assert not Schedule.objects.exists()
