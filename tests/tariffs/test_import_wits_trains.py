"""WITS TRAINS tariff-line import (cp1252), checked against wits_trains_idn_2012_tariff_lines.csv.gz."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from rantai.core.errors import ImportFileError
from rantai.tariffs.importers import import_file
from rantai.tariffs.models import Regime, Schedule

from .import_checks import check, line

pytestmark = pytest.mark.django_db

F, AV, SP = "FREE", "AD_VALOREM", "SPECIFIC"


@pytest.fixture
def wits_file(shared_data: Path) -> Path:
    return shared_data / "tariffs" / "wits_trains_idn_2012_tariff_lines.csv.gz"


def test_real_file_lines_per_duty_type(wits_file: Path) -> None:
    import_file(wits_file, format="wits-trains")
    mfn = {"economy_id": "IDN", "regime": Regime.MFN}
    check(line("0101100000", **mfn), "0%", F, "0")  # line 2, leading zero restored
    check(line("0101100000", agreement__code="atiga"), "0%", F, "0")  # line 3
    check(line("0205000000", **mfn), "5%", AV, "5")  # line 292, TL printed as 2.05e+08
    check(line("0205000000", partner_group="AIFTA"), "2%", AV, "2")  # line 296
    check(line("0302110000", **mfn), "5%", AV, "5")  # line 627
    check(line("0302110000", agreement__code="acfta"), "0%", F, "0")  # line 629
    check(line("0302110000", agreement__code="akfta"), "0%", F, "0")  # line 630
    check(line("0302110000", partner_group="AIFTA"), "4.5%", AV, "4.5")  # line 631
    check(line("1006100000", **mfn), "Rp 450/kg", SP, None, "450", "IDR", "kg")  # line 3052
    check(line("1006100000", agreement__code="atiga"), "Rp 450/kg", SP, None, "450", "IDR", "kg")  # line 3053
    check(line("2203001000", **mfn), "Rp 14000/L", SP, None, "14000", "IDR", "l")  # line 5907
    check(
        line("2203009000", agreement__code="akfta"), "Rp 14000/L", SP, None, "14000", "IDR", "l"
    )  # line 5915
    trout = line("0302110000", **mfn)
    assert trout.line_no == 627 and trout.description.startswith("--Trout")
    schedule = Schedule.objects.get(economy_id="IDN", regime=Regime.MFN)
    assert (schedule.year, schedule.hs_version) == (2012, "HS2007")
    assert trout.hs2022_links.exists()  # HS 2007 → HS 2022 through the correlations


def test_cp1252_is_required_and_a_bad_line_is_located(wits_file: Path, tmp_path: Path) -> None:
    with gzip.open(wits_file, "rt", encoding="cp1252") as handle:
        rows = [next(handle) for _ in range(20)]
    rows[6] = rows[6].replace('"MFN applied duty rates"', '"Mystery duty rates"')
    broken = tmp_path / "wits.csv"
    broken.write_text("".join(rows), encoding="cp1252")
    with pytest.raises(ImportFileError) as caught:
        import_file(broken, format="wits-trains")
    assert (caught.value.line, caught.value.column) == (7, "13 (DutyTypeDescription)")
    assert not Schedule.objects.exists()
