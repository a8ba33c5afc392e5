"""National nomenclature importers: all or nothing with file/line/column on error, idempotent, enrich the index."""

from __future__ import annotations

from pathlib import Path

import pytest

from rantai.core.errors import ImportFileError
from rantai.reference.importers.national_lines import import_file
from rantai.reference.models import HsCode, NationalLine

BTKI = """hs_code,chapter,description_id,description_en,import_duty,export_duty,ppn,ppnbm,hs_level
09.01,09,"Kopi, digongseng atau dihilangkan kafeinnya maupun tidak.","Coffee, whether or not roasted.",,,,,4
09.01.21,09,- - Tidak dihilangkan kafeinnya :,- - Not decaffeinated :,,,,,6
09.01.21.11,09,- - - Arabika,- - - Arabica,5,-,-,-,8
09.01.21.12,09,- - - Robusta,- - - Robusta,5,-,-,-,8
98.01.40.00,98,- Barang khusus,- Special goods,0,-,-,-,8
"""


def write(tmp_path: Path, text: str, name: str = "btki.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.django_db
def test_btki_import_is_idempotent_and_gives_context(tmp_path: Path):
    path = write(tmp_path, BTKI)

    first = import_file(path, format="btki")
    second = import_file(path, format="btki")

    assert "2 created" in first[0] and "national chapters" in first[1]
    assert "0 lines changed" in second[0]
    lines = {line.code: line for line in NationalLine.objects.filter(economy_id="IDN")}
    assert set(lines) == {"09012111", "09012112"}
    assert lines["09012112"].description == "Tidak dihilangkan kafeinnya: Robusta"
    assert lines["09012112"].hs6_id == "090121" and lines["09012112"].language == "id"
    assert HsCode.objects.get(code="0901").description_id.startswith("Kopi, digongseng")


@pytest.mark.django_db
def test_broken_btki_file_names_line_and_column_and_writes_nothing(tmp_path: Path):
    broken = BTKI.replace("09.01.21.12,09", "09.01.2X.12,09")
    path = write(tmp_path, broken)

    with pytest.raises(ImportFileError) as failure:
        import_file(path, format="btki")

    assert failure.value.line == 5 and failure.value.column == 1
    assert str(path) in str(failure.value)
    assert not NationalLine.objects.exists()
    assert HsCode.objects.get(code="0901").description_id == ""


@pytest.mark.django_db
def test_unknown_subheading_rolls_back_everything(tmp_path: Path):
    path = write(tmp_path, BTKI.replace("09.01.21.12,09", "09.01.29.12,09"))

    with pytest.raises(ImportFileError, match="090129 is not an HS 2022 subheading"):
        import_file(path, format="btki")
    assert not NationalLine.objects.exists()


@pytest.mark.django_db
def test_ahtn_vn_import(tmp_path: Path):
    path = write(tmp_path, "hs8,desc_vi,cs_flag\n09012110,- - - Arabica,1\n09012190,- - - Loại khác,1\n", "vn.csv")

    report = import_file(path, format="ahtn-vn")

    assert "2 created" in report[0]
    assert NationalLine.objects.filter(economy_id="VNM", language="vi").count() == 2
