"""UNSD correlation tables: both layouts import, re-imports are no-ops, bad files write nothing."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from rantai.core.errors import ImportFileError
from rantai.core.models import DataSource
from rantai.reference.importers import unsd_correlation
from rantai.reference.models import HsCorrelation

pytestmark = pytest.mark.django_db

WIDE = "hs/hs2022_hs2017_correlation_unsd.csv"
LONG = "hs/hs2022_to_hs2012_2007_2002_1996_correlations_unsd.csv.gz"


def _counts() -> dict[str, int]:
    return {
        version: HsCorrelation.objects.filter(other_version=version).count()
        for version in ("HS2017", "HS2012", "HS2007", "HS2002", "HS1996")
    }


def test_both_real_tables_are_loaded_with_every_row(shared_data):
    # The session's load-reference imported both files from RANTAI_DATA_DIR.
    assert _counts() == {"HS2017": 15657, "HS2012": 16377, "HS2007": 16635, "HS2002": 18242, "HS1996": 18600}


def test_the_relationship_flag_is_kept(shared_data):
    vaccines = HsCorrelation.objects.get(hs2022_id="300241", other_version="HS2017")
    assert (vaccines.other_code, vaccines.relationship) == ("300220", "1:1")
    assert set(HsCorrelation.objects.values_list("relationship", flat=True).distinct()) == {
        "1:1",
        "1:n",
        "n:1",
        "n:n",
    }
    from_long_table = HsCorrelation.objects.get(
        hs2022_id="010130", other_version="HS2012", other_code="010130"
    )
    assert from_long_table.relationship == "1:1"


def test_reimporting_the_same_files_changes_nothing(shared_data):
    before = HsCorrelation.objects.count()
    sources_before = DataSource.objects.count()

    report = unsd_correlation.import_file(shared_data / WIDE) + unsd_correlation.import_file(
        shared_data / LONG
    )

    assert len(report) == 5
    assert all(line.endswith("0 changed.") for line in report), report
    assert HsCorrelation.objects.count() == before
    assert DataSource.objects.count() == sources_before


def test_each_version_cites_its_file(shared_data):
    source = HsCorrelation.objects.filter(other_version="HS2002").first().source
    assert source.key == "unsd-hs2022-hs2002"
    assert source.file_name == Path(LONG).name
    assert len(source.sha256) == 64


def _copy_with_bad_line(source: Path, target: Path, line_no: int, bad_line: str, compress: bool) -> Path:
    opener = gzip.open if source.suffix == ".gz" else open
    with opener(source, "rt", encoding="utf-8") as handle:
        lines = handle.read().splitlines()
    lines[line_no - 1] = bad_line
    text = "\n".join(lines) + "\n"
    if compress:
        target.write_bytes(gzip.compress(text.encode()))
    else:
        target.write_text(text, encoding="utf-8")
    return target


def test_a_bad_relationship_names_file_line_and_column_and_writes_nothing(shared_data, tmp_path):
    # A newer copy would replace every HS 2017 row, but its line 5000 is broken: nothing may change.
    bad = _copy_with_bad_line(shared_data / WIDE, tmp_path / "hs2017.csv", 5000, "300241,300220,2:2", False)
    before = _counts()
    sources_before = DataSource.objects.count()

    with pytest.raises(ImportFileError) as caught:
        unsd_correlation.import_file(bad)

    error = caught.value
    assert (error.path, error.line) == (str(bad), 5000)
    assert str(error.column).startswith("3")
    assert "hs2017.csv, line 5000, column 3 (relationship)" in str(error)
    assert _counts() == before
    assert DataSource.objects.count() == sources_before


def test_a_gzip_file_is_recognised_by_its_bytes_not_its_name(shared_data, tmp_path):
    # Long layout, gzip-compressed, saved under a plain .csv name; line 7 names an HS version that does not
    # exist.
    bad = _copy_with_bad_line(
        shared_data / LONG, tmp_path / "long.csv", 7, "010121,HS1988,010121,1:1", compress=True
    )

    with pytest.raises(ImportFileError) as caught:
        unsd_correlation.import_file(bad)

    assert caught.value.line == 7
    assert caught.value.column == "2 (target_version)"
    assert _counts()["HS2012"] == 16377


@pytest.mark.parametrize(
    ("bad_line", "column", "problem"),
    [
        ("777777,010121,1:1", "1 (hs2022)", "not an HS 2022 subheading"),
        ("30024,300220,1:1", "1 (hs2022)", "not a 6-digit HS code"),
        ("300241,3002x0,1:1", "2 (hs2017)", "not a 6-digit HS code"),
        ("300241,300220", "3 (relationship)", "Expected 3 values, found 2"),
    ],
)
def test_each_kind_of_bad_value_is_named(tmp_path, bad_line, column, problem):
    path = tmp_path / "bad.csv"
    path.write_text(f"hs2022,hs2017,relationship\n010121,010121,1:1\n{bad_line}\n", encoding="utf-8")

    with pytest.raises(ImportFileError) as caught:
        unsd_correlation.import_file(path)

    assert (caught.value.line, caught.value.column) == (3, column)
    assert problem in caught.value.problem


def test_an_unknown_header_is_refused(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("HS 2022,BEC 4,Relationship\n010121,41,n:1\n", encoding="utf-8")

    with pytest.raises(ImportFileError) as caught:
        unsd_correlation.import_file(path)

    assert (caught.value.line, caught.value.column) == (1, 1)


def test_a_newer_file_replaces_that_versions_rows_only(shared_data, tmp_path):
    newer = tmp_path / "hs2022_hs2017_v2.csv"
    newer.write_text("hs2022,hs2017,relationship\n300241,300220,1:1\n300242,300230,n:1\n", encoding="utf-8")
    before = _counts()

    report = unsd_correlation.import_file(newer)

    assert "2 changed" in report[0]
    after = _counts()
    assert after["HS2017"] == 2
    assert {k: v for k, v in after.items() if k != "HS2017"} == {
        k: v for k, v in before.items() if k != "HS2017"
    }
    # Importing the official file again brings its rows back: the most recent import wins.
    unsd_correlation.import_file(shared_data / WIDE)
    assert _counts() == before
